"""The automatic criterion "last in the annual assessment": the branch whose secretary
holds the lowest rank of the county's latest decided cadre assessment is flagged on the
screening day with the year that triggered it; before the county decides, nobody is, and
the value says to check by hand."""

import datetime

from banshi.assessment import services as assessment
from banshi.rectification import criteria, services
from banshi.rectification.models import Criterion

D = datetime.date
ITEMS = [("抓党建", 50, ""), ("促发展", 50, "")]


def _finding(screenings, village):
    s = next(s for s in screenings if s.village == village)
    return s, s.findings.get(criterion=Criterion.LAST_PLACE)


def test_last_in_the_assessment(places, campaign, users):
    scheme = assessment.scheme_create(
        county=places.county, year=2025, assessed_on=D(2025, 12, 20), items=ITEMS, user=users.county
    )
    items = list(scheme.items.all())
    for village, points in ((places.a, (30, 31)), (places.b, (45, 45)), (places.c, (40, 44))):
        assessment.sheet_submit(
            scheme=scheme,
            branch=village.branch,
            scores={i.pk: p for i, p in zip(items, points, strict=True)},
            user=users.county,
        )
    screenings = services.screen(campaign=campaign, on=D(2026, 1, 10), user=users.county)
    _s, undecided = _finding(screenings, places.a.region)
    assert not undecided.met and "人工核实" in undecided.value
    assessment.scheme_decide(scheme=scheme, on=D(2026, 1, 15), user=users.county)
    screenings = services.screen(campaign=campaign, on=D(2026, 4, 25), user=users.county)
    s, last = _finding(screenings, places.a.region)
    assert s.flagged and last.met and last.automatic
    assert last.value == "2025年度村干部考核排名末位"
    _other, fine = _finding(screenings, places.b.region)
    assert not fine.met and fine.value == "2025年度村干部考核未排名末位"


def test_a_screening_reads_the_county_s_assessment_once(places, users, django_assert_num_queries):
    scheme = assessment.scheme_create(
        county=places.county, year=2025, assessed_on=D(2025, 12, 20), items=ITEMS, user=users.county
    )
    items = list(scheme.items.all())
    for village in (places.a, places.b):
        assessment.sheet_submit(
            scheme=scheme,
            branch=village.branch,
            scores={i.pk: 40 for i in items},
            user=users.county,
        )
    assessment.scheme_decide(scheme=scheme, on=D(2026, 1, 15), user=users.county)
    memo: dict = {}
    day = D(2026, 4, 25)
    first = criteria.last_place(places.a.branch, places.a.region, day, memo=memo)
    with django_assert_num_queries(0):  # the second branch of the county costs nothing
        second = criteria.last_place(places.b.branch, places.b.region, day, memo=memo)
    # A shared rank: both are last.
    assert first[0] and second[0]
    # Another day is read afresh: before the decision there is nothing to be last in.
    with django_assert_num_queries(1):
        before = criteria.last_place(places.b.branch, places.b.region, D(2026, 1, 10), memo=memo)
    assert not before[0] and "人工核实" in before[1]
