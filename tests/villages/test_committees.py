"""The villagers' committee: one director, one open seat each, at most seven; a vacated
seat is vacant until one replaces it; a director who is the party secretary is flagged."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.core import figures
from banshi.core.periods import Period
from banshi.villages import selectors, services
from banshi.villages.models import VillagerCommitteeSeat
from tests.villages.conftest import person

DAY = datetime.date(2021, 3, 20)


def test_seats_and_the_one_director(places):
    a = places.a
    director = services.villager_seat_fill(
        village=a.region, resident=a.secretary.member.resident, post="director", started_on=DAY
    )
    assert director.branch == a.branch
    with pytest.raises(ValidationError, match="已有村民委员会主任"):
        services.villager_seat_fill(
            village=a.region, resident=person("李二虎"), post="director", started_on=DAY
        )
    with pytest.raises(ValidationError, match="已在村民委员会任职"):
        services.villager_seat_fill(
            village=a.region, resident=director.resident, post="member", started_on=DAY
        )
    with pytest.raises(ValidationError, match="职务无效"):
        services.villager_seat_fill(
            village=a.region, resident=person("赵三宝"), post="boss", started_on=DAY
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.villager_seat_fill(
            village=a.region, resident=person("赵三宝"), post="member", started_on="2999-01-01"
        )


def test_concurrent_director_is_flagged(places, users):
    a = places.a
    services.villager_seat_fill(
        village=a.region, resident=a.secretary.member.resident, post="director", started_on=DAY
    )
    b = places.b
    services.villager_seat_fill(
        village=b.region, resident=person("王润生"), post="director", started_on=DAY
    )
    today = datetime.date(2026, 11, 1)
    [seat_a] = selectors.villager_seats(user=users.town, village=a.region, day=today)
    [seat_b] = selectors.villager_seats(user=users.town, village=b.region, day=today)
    assert seat_a.concurrent is True and seat_b.concurrent is False


def test_a_vacancy_stays_until_replaced(places):
    a = places.a
    seat = services.villager_seat_fill(
        village=a.region, resident=person("郭俊峰"), post="member", started_on=DAY
    )
    with pytest.raises(ValidationError, match="只能接替本村已离任的职务"):
        services.villager_seat_fill(
            village=a.region,
            resident=person("高天亮"),
            post="member",
            started_on=DAY,
            replaces=seat,
        )
    with pytest.raises(ValidationError, match="请填写离任原因"):
        services.villager_seat_vacate(seat=seat, ended_on="2026-05-01", reason=" ")
    services.villager_seat_vacate(seat=seat, ended_on="2026-05-01", reason="外出务工辞职")
    with pytest.raises(ValidationError, match="已离任"):
        services.villager_seat_vacate(seat=seat, ended_on="2026-05-02", reason="再次")
    with pytest.raises(ValidationError, match="不能早于原任离任日期"):
        services.villager_seat_fill(
            village=a.region,
            resident=person("高天亮"),
            post="member",
            started_on="2026-04-01",
            replaces=seat,
        )
    services.villager_seat_fill(
        village=a.region,
        resident=person("高天亮"),
        post="member",
        started_on="2026-06-01",
        replaces=seat,
    )
    with pytest.raises(ValidationError, match="已有人接替"):
        services.villager_seat_fill(
            village=a.region,
            resident=person("田来福"),
            post="member",
            started_on="2026-06-01",
            replaces=seat,
        )


def test_who_may_fill(places, users):
    a = places.a
    kw = {"village": a.region, "post": "member", "started_on": DAY}
    services.villager_seat_fill(resident=person("岳文斌"), user=users.county, **kw)
    with pytest.raises(PermissionDenied):
        services.villager_seat_fill(resident=person("岳文斌二"), user=users.town, **kw)
    with pytest.raises(PermissionDenied):
        services.villager_seat_fill(resident=person("岳文斌三"), user=users.secretary, **kw)
    with pytest.raises(ValidationError, match="村不存在"):
        services.villager_seat_fill(resident=person("岳文斌四"), user=users.other_town, **kw)
    with pytest.raises(ValidationError, match="村不存在"):
        services.villager_seat_fill(
            village=places.town, resident=person("岳文斌五"), post="member", started_on=DAY
        )


def test_electing_a_whole_committee(places):
    c = places.c
    people = [person(f"村委{i}") for i in range(4)]
    with pytest.raises(ValidationError, match="三至七人"):
        services.villager_committee_elect(
            village=c.region, members=[(people[0], "director")], started_on=DAY
        )
    with pytest.raises(ValidationError, match="只能有一名主任"):
        services.villager_committee_elect(
            village=c.region, members=[(p, "director") for p in people[:3]], started_on=DAY
        )
    with pytest.raises(ValidationError, match="只能任一个职务"):
        services.villager_committee_elect(
            village=c.region,
            members=[(people[0], "director"), (people[0], "member"), (people[1], "women")],
            started_on=DAY,
        )
    seats = services.villager_committee_elect(
        village=c.region,
        members=[(people[0], "director"), (people[1], "women"), (people[2], "member")],
        started_on=DAY,
    )
    assert [s.post for s in seats] == ["director", "women", "member"]
    assert all(s.branch == c.branch for s in seats)
    with pytest.raises(ValidationError, match="仍有在任"):
        services.villager_committee_elect(
            village=c.region,
            members=[(people[3], "director"), (people[1], "women"), (people[2], "member")],
            started_on=DAY,
        )


def test_a_new_committee_ends_the_vacancies_of_the_old(places):
    """换届: the outgoing seats end at the term, one of them months earlier; the election
    ends every vacancy they left, so none is counted vacant after it."""
    c = places.c
    old = [person(f"旧村委{i}") for i in range(3)]
    seats = services.villager_committee_elect(
        village=c.region,
        members=[(old[0], "director"), (old[1], "women"), (old[2], "member")],
        started_on=DAY,
    )
    vacant = figures.get("villager_seats_vacant")
    period = Period.year(2026)
    services.villager_seat_vacate(seat=seats[2], ended_on="2025-11-01", reason="外出务工辞职")
    assert vacant.compute(c.region, period) == 1
    for s in seats[:2]:
        services.villager_seat_vacate(seat=s, ended_on="2026-03-01", reason="任期届满")
    assert vacant.compute(c.region, period) == 3
    new = [person(f"新村委{i}") for i in range(3)]
    services.villager_committee_elect(
        village=c.region,
        members=[(new[0], "director"), (new[1], "women"), (new[2], "member")],
        started_on="2026-03-05",
    )
    assert vacant.compute(c.region, period) == 0
    assert vacant.part_records(c.region, period).count() == 0
    # A member who leaves the new committee leaves a vacancy again.
    services.villager_seat_vacate(
        seat=VillagerCommitteeSeat.objects.get(resident=new[2], ended_on__isnull=True),
        ended_on="2026-06-01",
        reason="辞职",
    )
    assert vacant.compute(c.region, period) == 1
