"""Party work in enterprises and among riders: an instructor records visits to the
enterprise they are sent to and closes the follow-up; the street records the founding of
an enterprise's party organization (the event dates the coverage series); a station's day
of service; figures count them; bad input is 400 with its message, other people's
enterprises are 404 and a write by someone who may only read is 403."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from banshi.core import figures
from banshi.core.periods import Period
from banshi.enterprises import selectors, services
from banshi.enterprises.models import Enterprise, InstructorVisit, PartyOrgFounding, StationVisit
from tests.enterprises.busy import add_enterprise_work
from tests.web.conftest import civic, credit_code  # noqa: F401 (fixtures)

DAY = datetime.date(2026, 11, 10)
NOV = Period.month(2026, 11)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def staff(world, make_user, civic):  # noqa: F811 (fixture imported above)
    return {
        "instructor": make_user("instr", "instructor", resident=civic.instructor),
        "street": make_user("street", "street", region=world.street),
        "community": make_user("comm", "community", region=world.community),
        "community2": make_user("comm2", "community", region=world.community2),
        "grid": make_user("gw", "grid_worker", grid=world.grid1),
    }


def test_the_instructor_visits_and_closes_the_follow_up(civic, staff):  # noqa: F811
    me = _client(staff["instructor"])
    url = f"/enterprises/{civic.ent_instructed.pk}/"
    assert 'id="visit-form"' in me.get(url).content.decode()
    r = me.post(
        url + "party-work/",
        {
            "action": "visit",
            "visited_on": DAY.isoformat(),
            "notes": "走访了解职工思想动态",
            "follow_up": "推荐一名入党积极分子",
            "follow_up_due": "2026-11-30",
        },
    )
    assert r.status_code == 302
    visit = InstructorVisit.objects.get()
    assert (visit.instructor, visit.recorded_by) == (civic.instructor, staff["instructor"])
    r = me.post(url + "party-work/", {"action": "follow_up", "visit": visit.pk, "on": "2026-11-20"})
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.follow_up_done_on == datetime.date(2026, 11, 20)
    again = me.post(
        url + "party-work/", {"action": "follow_up", "visit": visit.pk, "on": "2026-11-21"}
    )
    assert again.status_code == 400 and "已完成" in again.content.decode()
    # Not their enterprise: hidden.
    assert me.get(f"/enterprises/{civic.ent_own.pk}/").status_code == 404
    assert (
        me.post(f"/enterprises/{civic.ent_own.pk}/party-work/", {"action": "visit"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"visited_on": "2026-13-01", "notes": "x"}, "走访日期应为日期"),
        ({"visited_on": "2999-01-01", "notes": "x"}, "不能晚于今天"),
        ({"visited_on": DAY.isoformat(), "notes": ""}, "请填写走访情况"),
        (
            {"visited_on": DAY.isoformat(), "notes": "x", "follow_up_due": "2026-11-30"},
            "请填写跟进事项",
        ),
        (
            {
                "visited_on": DAY.isoformat(),
                "notes": "x",
                "follow_up": "y",
                "follow_up_due": "2026-11-01",
            },
            "不能早于走访日期",
        ),
        ({"visited_on": DAY.isoformat(), "notes": "a\x00b"}, "无效字符"),
    ],
)
def test_bad_visits_write_nothing(civic, staff, data, message):  # noqa: F811
    r = _client(staff["instructor"]).post(
        f"/enterprises/{civic.ent_instructed.pk}/party-work/", {"action": "visit", **data}
    )
    assert r.status_code == 400 and message in r.content.decode()
    assert not InstructorVisit.objects.exists()


def test_an_enterprise_without_an_instructor_has_no_visits(civic, staff):  # noqa: F811
    with pytest.raises(ValidationError, match="尚未选派"):
        services.visit_record(
            enterprise=civic.ent_own, visited_on=DAY, notes="x", user=staff["street"]
        )
    # A grid worker sees the enterprise but records nothing.
    r = _client(staff["grid"]).post(
        f"/enterprises/{civic.ent_own.pk}/party-work/", {"action": "visit", "notes": "x"}
    )
    assert r.status_code == 403


def test_the_street_records_a_founding_and_the_series_follows(world, civic, staff):  # noqa: F811
    street = _client(staff["street"])
    url = f"/enterprises/{civic.ent_none.pk}/"
    assert 'id="found-form"' in street.get(url).content.decode()
    assert 'id="found-form"' not in _client(staff["community2"]).get(url).content.decode()
    r = _client(staff["community2"]).post(
        url + "party-work/",
        {
            "action": "found",
            "status": "joint",
            "organization": civic.neigong.pk,
            "on": "2026-10-15",
        },
    )
    assert r.status_code == 403 and not PartyOrgFounding.objects.exists()
    bad = street.post(
        url + "party-work/",
        {"action": "found", "status": "none", "organization": civic.neigong.pk, "on": "2026-10-15"},
    )
    assert bad.status_code == 400 and "建立方式" in bad.content.decode()
    r = street.post(
        url + "party-work/",
        {
            "action": "found",
            "status": "joint",
            "organization": civic.neigong.pk,
            "on": "2026-10-15",
        },
    )
    assert r.status_code == 302
    civic.ent_none.refresh_from_db()
    assert civic.ent_none.party_org_status == "joint"
    assert civic.ent_none.party_organization == civic.neigong
    twice = street.post(
        url + "party-work/",
        {"action": "found", "status": "own", "organization": civic.neigong.pk, "on": "2026-10-16"},
    )
    assert twice.status_code == 400 and "已建立党组织" in twice.content.decode()
    series = dict(
        (m, (n, total))
        for m, n, total, _r in selectors.coverage_series(
            world.street, today=datetime.date(2026, 11, 30)
        )
    )
    # 青城科技 (covered, no founding on record) throughout; 塞外餐饮 from October.
    assert (
        series["2026-09"] == (1, 3) and series["2026-10"] == (2, 3) and series["2026-11"] == (2, 3)
    )
    page = street.get("/enterprises/coverage/").content.decode()
    assert "66.7%" in page and "33.3%" in page
    assert street.get("/enterprises/coverage/?region=150199999999").status_code == 404


def test_a_station_s_day(civic, staff):  # noqa: F811
    community = _client(staff["community"])
    url = f"/rider-stations/{civic.station.pk}/"
    r = community.post(
        url, {"action": "day", "on": DAY.isoformat(), "riders": "31", "services": ["饮水", "充电"]}
    )
    assert r.status_code == 302
    r = community.post(
        url, {"action": "day", "on": DAY.isoformat(), "riders": "35", "services": ["饮水"]}
    )
    day = StationVisit.objects.get()  # the same day replaced
    assert (day.riders, day.services) == (35, ["饮水"])
    for bad, message in (
        ({"riders": "很多"}, "整数"),
        ({"riders": "-1"}, "0到10000"),
        ({"services": ["洗澡"]}, "未知的服务"),
    ):
        r = community.post(url, {"action": "day", "on": DAY.isoformat(), "riders": "3", **bad})
        assert r.status_code == 400 and message in r.content.decode()
    assert StationVisit.objects.get().riders == 35
    assert _client(staff["instructor"]).get(url).status_code == 404


def test_the_figures(world, civic, staff):  # noqa: F811
    add_enterprise_work(civic, at=datetime.datetime(2026, 11, 3, 9, 0))
    values = figures.compute(
        world.street,
        NOV,
        keys=[
            "instructor_visits",
            "enterprises_visited",
            "party_orgs_founded",
            "station_riders_served",
        ],
    )
    assert values == {
        "instructor_visits": 2,
        "enterprises_visited": 1,
        "party_orgs_founded": 1,
        "station_riders_served": 23,
    }
    assert figures.compute(world.street, Period.month(2026, 10), keys=["instructor_visits"]) == {
        "instructor_visits": 0
    }
    assert Enterprise.objects.get(pk=civic.ent_none.pk).has_party_org
    with pytest.raises(PermissionDenied):
        services.station_visit_record(
            station=civic.station, on=DAY, riders=1, user=staff["instructor"]
        )
