"""The secretaries' 综合分析: made per village secretary for a period by township or county
staff, holding the village's registered figures as they stood, concluded by the township;
pages, XLSX, scope and bad input."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banshi.assessment import analyses
from banshi.assessment.models import SecretaryAnalysis
from banshi.core import figures
from banshi.core.periods import Period
from banshi.organizations.services import committee_seat_vacate
from banshi.redflags import services as redflags
from banshi.redflags.models import Flag
from tests.redflags.busy import ITEMS

NOW = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))
YEAR = Period.year(2025)


def award(county, village, day):
    """党建引领红旗村 awarded to the village on `day` (the county's whole review chain)."""
    scheme = redflags.scheme_create(county=county, year=day.year, pass_mark=80)
    redflags.indicators_set(scheme=scheme, flag=Flag.PARTY, items=ITEMS)
    evidence = {
        i.pk: {"text": i.name, "score": i.weight} for i in scheme.indicators.filter(flag=Flag.PARTY)
    }
    d = redflags.declaration_submit(
        scheme=scheme, village=village, flag=Flag.PARTY, evidence=evidence, on=day
    )
    redflags.declaration_first_review(declaration=d, passed=True, opinion="同意", score=90, on=day)
    redflags.declaration_decide(declaration=d, passed=True, opinion="同意", on=day)
    redflags.declaration_notice(declaration=d, on=day)
    redflags.declaration_award(declaration=d, on=day + datetime.timedelta(days=7))
    return d


@pytest.fixture
def flagged(places):
    return award(places.county, places.a.region, datetime.date(2025, 6, 2))


def test_one_record_per_secretary_with_the_village_figures(places, staff, flagged):
    made = analyses.analyses_make(region=places.town, period=YEAR, user=staff.town, now=NOW)
    by_village = {a.village_id: a for a in made}
    # 城关镇's two villages, not 宏河镇's.
    assert set(by_village) == {places.a.region.pk, places.b.region.pk}
    a = by_village[places.a.region.pk]
    assert a.secretary == places.a.secretary.member
    assert a.period == "2025"
    assert a.figures["redflags_held"] == 1
    assert by_village[places.b.region.pk].figures["redflags_held"] == 0
    # Every figure the analysis names is in the snapshot (a rate with nothing to count: None).
    assert set(a.figures) == set(analyses.FIGURE_KEYS)
    assert a.figures["satisfaction_rate"] is None


def test_the_snapshot_stays_and_a_second_run_refreshes_it_keeping_the_conclusion(
    places, staff, flagged
):
    first = analyses.analyses_make(region=places.a.region, period=YEAR, user=staff.town, now=NOW)
    analyses.analysis_conclude(
        analysis=first[0], conclusion="good", comment="班子团结", user=staff.town
    )
    redflags.flag_review(
        declaration=flagged, half=2, score=60, opinion="未达标", on=datetime.date(2025, 12, 30)
    )
    kept = SecretaryAnalysis.objects.get(pk=first[0].pk)
    assert kept.figures["redflags_held"] == 1  # as it stood when it was made
    again = analyses.analyses_make(region=places.a.region, period=YEAR, user=staff.town, now=NOW)
    assert [x.pk for x in again] == [kept.pk]
    kept.refresh_from_db()
    assert kept.figures["redflags_held"] == 0
    assert (kept.conclusion, kept.comment) == ("good", "班子团结")


def test_a_branch_without_a_secretary_at_the_period_end_is_left_out(places, staff):
    committee_seat_vacate(
        seat=places.b.secretary, ended_on=datetime.date(2025, 11, 30), note="辞职"
    )
    made = analyses.analyses_make(region=places.town, period=YEAR, user=staff.town, now=NOW)
    assert [a.village_id for a in made] == [places.a.region.pk]
    # The current month is read up to today: the secretary in post today is analysed.
    month = Period.month(2026, 3)
    made = analyses.analyses_make(region=places.a.region, period=month, user=staff.town, now=NOW)
    assert [a.period for a in made] == ["2026-03"]


def test_who_may_make_and_conclude(places, staff):
    with pytest.raises(PermissionDenied):
        analyses.analyses_make(region=places.a.region, period=YEAR, user=staff.secretary, now=NOW)
    with pytest.raises(PermissionDenied):  # another township's village is not theirs
        analyses.analyses_make(region=places.c.region, period=YEAR, user=staff.town, now=NOW)
    with pytest.raises(PermissionDenied):  # nor another county
        analyses.analyses_make(region=places.town, period=YEAR, user=staff.elsewhere, now=NOW)
    made = analyses.analyses_make(region=places.county, period=YEAR, user=staff.county, now=NOW)
    assert len(made) == 3
    a = next(x for x in made if x.village_id == places.a.region.pk)
    with pytest.raises(PermissionDenied):
        analyses.analysis_conclude(analysis=a, conclusion="good", comment="", user=staff.secretary)
    with pytest.raises(ValidationError):
        analyses.analysis_conclude(analysis=a, conclusion="good", comment="", user=staff.other_town)
    for conclusion, comment in (("best", ""), ("good", "长" * 1001), ("good", "a\x00")):
        with pytest.raises(ValidationError):
            analyses.analysis_conclude(
                analysis=a, conclusion=conclusion, comment=comment, user=staff.town
            )
    a.refresh_from_db()
    assert a.conclusion == ""


def test_bad_periods():
    for text in ("91d", "2026-13", "", "abcd", "2026-1"):
        with pytest.raises(ValidationError):
            analyses.parse_period(text)
    assert analyses.parse_period("2025-07").key == "2025-07"


def test_a_period_not_begun_is_refused(places, staff):
    with pytest.raises(ValidationError, match="尚未开始"):
        analyses.analyses_make(
            region=places.town, period=Period.year(2027), user=staff.town, now=NOW
        )


def test_the_pages(places, staff, flagged, login):
    town = login(staff.town)
    r = town.post("/assessment/analyses/make/", {"region": places.town.code, "period": "2025"})
    assert r.status_code == 302 and "period=2025" in r["Location"]
    page = town.get(r["Location"]).content.decode()
    assert places.a.region.name in page and places.b.region.name in page
    # Each value opens its records: the figure's drill-down for the village.
    held = figures.drill_down_url(figures.get("redflags_held"), places.a.region.code, YEAR)
    assert f'href="{held}"' in page
    a = SecretaryAnalysis.objects.get(village=places.a.region)
    r = town.post(f"/assessment/analyses/{a.pk}/", {"conclusion": "fair", "comment": "需加强"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.conclusion, a.comment, a.commented_by) == ("fair", "需加强", staff.town)
    # The village's secretary reads their own record, without the form, and nobody else's.
    mine = login(staff.secretary)
    page = mine.get(f"/assessment/analyses/{a.pk}/").content.decode()
    assert "需加强" in page and 'name="conclusion"' not in page
    b = SecretaryAnalysis.objects.get(village=places.b.region)
    assert mine.get(f"/assessment/analyses/{b.pk}/").status_code == 404
    assert mine.post(f"/assessment/analyses/{a.pk}/", {"conclusion": "poor"}).status_code == 403
    other = login(staff.other_town)
    assert other.get(f"/assessment/analyses/{a.pk}/").status_code == 404
    listing = mine.get("/assessment/analyses/?period=2025").content.decode()
    assert places.a.region.name in listing and places.b.region.name not in listing


def test_bad_input_on_the_pages(places, staff, login):
    town = login(staff.town)
    for data in (
        {"region": places.town.code, "period": "2025-13"},
        {"region": places.town.code, "period": "30d"},
        {"region": places.c.region.code, "period": "2025"},
        {"region": "x" * 40, "period": "2025"},
        {"period": "2025"},
    ):
        r = town.post("/assessment/analyses/make/", data)
        assert r.status_code == 400, data
        assert 'role="alert"' in r.content.decode()
    assert not SecretaryAnalysis.objects.exists()
    assert town.get("/assessment/analyses/?period=nope").status_code == 400
    assert town.get("/assessment/analyses.xlsx?period=nope").status_code == 400
    made = analyses.analyses_make(region=places.a.region, period=YEAR, user=staff.town, now=NOW)
    r = town.post(f"/assessment/analyses/{made[0].pk}/", {"conclusion": "best"})
    assert r.status_code == 400 and "请选择分析结论" in r.content.decode()
    assert town.get("/assessment/analyses/99999/").status_code == 404


def test_the_xlsx(places, staff, flagged, login):
    analyses.analyses_make(region=places.town, period=YEAR, user=staff.town, now=NOW)
    r = login(staff.town).get("/assessment/analyses.xlsx?period=2025")
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("村", "村党组织", "书记")
    held = rows[0].index("红旗村所获红旗")
    by_village = {row[0]: row for row in rows[1:]}
    assert by_village[places.a.region.name][held] == 1
    assert by_village[places.b.region.name][held] == 0
    assert len(rows) == 3
