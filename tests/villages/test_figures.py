"""The villages figures against a recount of their records: reserve cadres in the pools,
villages short (under 3) and full (3–5), villages whose secretary trained in the period,
vacant villagers' committee posts; at the county, a township and a village."""

import pytest

from banshi.core import figures
from banshi.core.periods import Period
from banshi.organizations.services import committee_seat_vacate
from banshi.villages import services
from tests.villages.conftest import person

YEAR = Period.year(2026)


@pytest.fixture
def filled(places):
    a, b, c = places.a, places.b, places.c
    for village, n in ((a, 1), (b, 3), (c, 6)):
        for i in range(n):
            services.reserve_add(
                village=village.region,
                resident=person(f"{village.region.name[:2]}后备{i}"),
                education="senior",
                political_status="masses",
                added_on="2026-01-05",
            )
    left = services.reserve_add(
        village=a.region,
        resident=person("已退出"),
        education="senior",
        political_status="masses",
        added_on="2026-01-05",
    )
    services.reserve_set_status(cadre=left, status="left", on="2026-03-01", note="外出")
    seat = services.villager_seat_fill(
        village=c.region, resident=person("委员甲"), post="member", started_on="2021-03-20"
    )
    services.villager_seat_vacate(seat=seat, ended_on="2026-05-01", reason="辞职")
    filled_seat = services.villager_seat_fill(
        village=a.region, resident=person("委员乙"), post="member", started_on="2021-03-20"
    )
    services.villager_seat_vacate(seat=filled_seat, ended_on="2026-05-01", reason="辞职")
    services.villager_seat_fill(
        village=a.region,
        resident=person("委员丙"),
        post="member",
        started_on="2026-06-01",
        replaces=filled_seat,
    )
    course = services.course_create(
        region=places.county, name="头雁领航", organizer="县委组织部", year=2026
    )
    session = services.session_add(course=course, held_on="2026-04-10", hours=4, topic="x")
    services.attendance_record(
        session=session, village=a.region, resident=a.secretary.member.resident
    )
    # B's secretary attends after leaving the post: not a trained secretary.
    committee_seat_vacate(seat=b.secretary, ended_on="2026-04-01", note="调任")
    services.attendance_record(
        session=session, village=b.region, resident=b.secretary.member.resident
    )
    return places


def values(subject, period=YEAR):
    return figures.compute(subject, period, groups=["villages"])


def test_the_county(filled):
    v = values(filled.county)
    assert v == {
        "reserve_cadres": 10,
        "villages_reserve_short": 1,
        "villages_reserve_full": 1,
        "village_secretaries_trained": round(1 / 3, 4),
        "villager_seats_vacant": 1,
    }
    records = figures.get("villages_reserve_short").part_records(filled.county, YEAR)
    assert [r.name for r in records] == ["王桂窑村"]
    assert values(filled.county, Period.month(2026, 5))["village_secretaries_trained"] == 0


def test_a_township_and_a_village(filled):
    town = values(filled.town)
    assert town["reserve_cadres"] == 4 and town["villages_reserve_short"] == 1
    assert town["villages_reserve_full"] == 1 and town["villager_seats_vacant"] == 0
    assert town["village_secretaries_trained"] == 0.5
    village = values(filled.c.region)
    assert village == {"reserve_cadres": 6, "villager_seats_vacant": 1}
