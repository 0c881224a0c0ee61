"""The villages demo on 清水河县's bare tree (its towns and townships, 城关镇 with the ten
villages and branches the demo street's build makes): 80–120 villages, a branch each with
its secretary, a handful of secretaries gone for months, reserve pools mostly of 3–5, the
joint review and the training. The gap report of the demo county matches a recount from
the reserve pool (issue 13's "done when")."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from banshi.organizations.models import CommitteeSeat, PartyOrganization
from banshi.organizations.selectors import secretary_vacant_since
from banshi.organizations.services import member_admit, organization_create
from banshi.territory.models import Region
from banshi.villages.demo import VACANT_SECRETARIES, build_demo_villages
from banshi.villages.models import (
    POOL_MAX,
    POOL_MIN,
    Adjustment,
    CourseAttendance,
    ReserveCadre,
    ReviewSubject,
    age_on,
)
from banshi.villages.selectors import gap_report, village_get, village_list
from tests.villages.conftest import person

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1))
CHENGGUAN = ["王桂窑村", "杨家窑村", "南园村", "刘家塔村", "石板沟村"]
CHENGGUAN += ["韩家峁村", "小庙子村", "郭家窑村", "高家塔村", "黑矾沟村"]


@pytest.fixture
def built(county):
    town = Region.objects.get(name="城关镇")
    committee = organization_create(
        name="城关镇党委", kind="party_committee", region=town, has_committee=True
    )
    kept = []
    for i, name in enumerate(CHENGGUAN):
        village = Region.objects.create(
            code=f"150124100{201 + i}", name=name, kind="village", parent=town
        )
        branch = organization_create(
            name=f"{name}党支部", kind="branch", parent=committee, region=village
        )
        for j in range(3):
            member_admit(
                resident=person(f"{name[:2]}{j}"),
                organization=branch,
                joined_on=datetime.date(2000, 7, 1),
            )
        kept.append(village.pk)
    # The villages the observation tour visits, as the lectures' and party life's demos
    # make them.
    for code, county_name, town_name, village_name in (
        ("150121", "土默特左旗", "毕克齐镇", "大旗村"),
        ("150123", "和林格尔县", "盛乐镇", "台格斗村"),
    ):
        other = Region.objects.create(
            code=f"{code}000000", name=county_name, kind="county", parent=county.parent
        )
        there = Region.objects.create(
            code=f"{code}101000", name=town_name, kind="town", parent=other
        )
        Region.objects.create(code=f"{code}101201", name=village_name, kind="village", parent=there)
    out = build_demo_villages(seed=7, now=NOW)
    out["kept"] = kept
    return out


def check_the_villages(built, county):
    villages = Region.objects.filter(kind="village", code__startswith="150124")
    assert 80 <= villages.count() == built["villages"] <= 120
    town = Region.objects.get(name="城关镇")
    assert sorted(town.children.values_list("pk", flat=True)) == sorted(built["kept"])
    for t in county.children.all():
        assert t.children.count() >= 10
        assert PartyOrganization.objects.filter(region=t, kind="party_committee").count() == 1
    names = [v.name for v in villages]
    assert len(set(names)) == len(names)
    assert all(n.endswith("村") for n in names)
    for v in villages.exclude(parent=town):
        branch = PartyOrganization.objects.get(region=v, kind="branch")
        assert 8 <= branch.members.count() <= 25
        full = branch.members.filter(status="full").count()
        assert branch.has_committee == (full >= 7)
        seats = CommitteeSeat.objects.filter(organization=branch)
        assert seats.filter(post="secretary").count() == 1
        assert (seats.count() > 1) == branch.has_committee


def check_secretaries_gone_for_months(built):
    today = NOW.date()
    vacant = []
    for branch in PartyOrganization.objects.filter(
        region__code__startswith="150124", kind="branch"
    ):
        since = secretary_vacant_since(branch, today)
        if since is not None:
            vacant.append((today - since).days)
    assert len(vacant) == VACANT_SECRETARIES
    assert all(d >= 90 for d in vacant)


def check_the_gap_report_against_a_recount(built, county):
    today = NOW.date()
    pool = ReserveCadre.objects.filter(status="in_pool").select_related("resident")
    per_village = Counter(c.village_id for c in pool)
    for region in [county, *county.children.all()]:
        report = gap_report(region, today)
        villages = Region.objects.filter(kind="village", code__startswith=region.prefix)
        counts = {v.name: per_village[v.pk] for v in villages}
        assert sorted(r.village.name for r in report.short) == sorted(
            n for n, c in counts.items() if c < POOL_MIN
        )
        assert sorted(r.village.name for r in report.over) == sorted(
            n for n, c in counts.items() if c > POOL_MAX
        )
        ages = [
            age_on(c.resident.birth_date, today)
            for c in pool
            if c.village.code.startswith(region.prefix)
        ]
        assert report.pool == len(ages) == sum(counts.values())
        profile = report.profile
        assert profile["under_35"] == sum(a < 35 for a in ages)
        assert profile["over_45"] == sum(a > 45 for a in ages)
        assert profile["from_35_to_45"] == len(ages) - profile["under_35"] - profile["over_45"]
    county_report = gap_report(county, today)
    # Mostly 3–5, a few short, one or two over five.
    assert len(county_report.full) >= 0.8 * len(county_report.rows)
    assert 3 <= len(county_report.short) <= 12
    assert 1 <= len(county_report.over) <= 2


def check_the_joint_review_and_the_training(built):
    review = built["review"]
    assert review.year == 2026 and review.county.code == "150124000000"
    results = Counter(review.subjects.values_list("result", flat=True))
    assert results[ReviewSubject.Result.ADJUST] == 2
    assert results[ReviewSubject.Result.PENDING] == 2
    assert results[ReviewSubject.Result.QUALIFIED] == review.subjects.count() - 4
    assert Counter(Adjustment.objects.values_list("kind", flat=True)) == {"dismissal": 2, "fill": 2}
    course = built["course"]
    assert course.name == "2026年头雁领航专题培训班"
    assert all(s.held_on < NOW.date() for s in course.sessions.all())
    trained = set(
        CourseAttendance.objects.filter(as_secretary=True).values_list("village_id", flat=True)
    )
    assert 0.8 * built["villages"] <= len(trained) < built["villages"]


def test_the_county_demo(built, county):
    """One build, checked part by part (a build takes seconds: once is enough)."""
    check_the_villages(built, county)
    check_secretaries_gone_for_months(built)
    check_the_gap_report_against_a_recount(built, county)
    check_the_joint_review_and_the_training(built)
    check_the_accounts(built)
    check_the_tour(built)


def check_the_tour(built):
    tour = built["tour"]
    assert [s.village.name for s in tour.stops.all()] == ["大旗村", "台格斗村"]
    going = list(tour.participants.select_related("member"))
    assert len(going) == 16 and tour.summary
    # Each went as their village's secretary, in office on the tour's days.
    for p in going:
        seat = CommitteeSeat.objects.get(member=p.member, post="secretary")
        assert seat.open_on(tour.starts_on), p


def check_the_accounts(built):
    assert built["accounts"] == ["demo_qingshuihe", "demo_chengguan", "demo_village_secretary"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=built["accounts"])}
    secretary = users["demo_village_secretary"]
    [own] = village_list(user=secretary)
    assert village_get(user=secretary, code=own.code) == own
    assert village_list(user=users["demo_chengguan"]).count() == 10
    assert village_list(user=users["demo_qingshuihe"]).count() == built["villages"]
