"""The assessment figures against a recount of their records: secretaries assessed and
vetoed in the decided scheme of the period's year, at the county, a township and a village."""

import datetime

from banshi.assessment import services
from banshi.assessment.models import AssessmentResult
from banshi.core import figures
from banshi.core.periods import Period
from tests.assessment.conftest import full_scores

YEAR = Period.year(2025)
KEYS = ("secretaries_assessed", "secretaries_vetoed")


def decide(places, staff, scheme):
    veto = scheme.case["veto"]
    for v, cases in ((places.a, [(veto.pk, "")]), (places.b, []), (places.c, [])):
        services.sheet_submit(
            scheme=scheme,
            branch=v.branch,
            scores=full_scores(scheme, 20, 20, 15, 10, 10),
            cases=cases,
            user=staff.county,
        )


def values(subject, period=YEAR):
    return figures.compute(subject, period, groups=["assessment"])


def test_nothing_counts_before_the_county_decides(places, staff, scheme):
    decide(places, staff, scheme)
    assert values(places.county) == {"secretaries_assessed": 0, "secretaries_vetoed": 0}


def test_the_county_a_township_and_a_village(places, staff, scheme):
    decide(places, staff, scheme)
    services.scheme_decide(scheme=scheme, on=datetime.date(2026, 1, 15), user=staff.county)
    assert values(places.county) == {"secretaries_assessed": 3, "secretaries_vetoed": 1}
    assert values(places.town) == {"secretaries_assessed": 2, "secretaries_vetoed": 1}
    assert values(places.c.region) == {"secretaries_assessed": 1, "secretaries_vetoed": 0}
    assert values(places.county, Period.year(2026)) == {
        "secretaries_assessed": 0,
        "secretaries_vetoed": 0,
    }
    # Each opens into its records, and the records recount to the value.
    for key in KEYS:
        for subject in (places.county, places.town, places.c.region):
            records = figures.get(key).part_records(subject, YEAR)
            assert records.count() == values(subject)[key]
            assert all(isinstance(r, AssessmentResult) for r in records)
    vetoed = figures.get("secretaries_vetoed").part_records(places.county, YEAR)
    assert [r.branch for r in vetoed] == [places.a.branch]


def test_the_drill_down_lists_the_results(places, staff, scheme, login):
    decide(places, staff, scheme)
    services.scheme_decide(scheme=scheme, on=datetime.date(2026, 1, 15), user=staff.county)
    url = figures.drill_down_url(
        figures.get("secretaries_vetoed"), places.county.code, YEAR, "records"
    )
    page = login(staff.county).get(url).content.decode()
    assert places.a.branch.name in page and places.b.branch.name not in page
