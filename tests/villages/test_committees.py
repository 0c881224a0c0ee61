"""The villagers' committee: one director, one open seat each, at most seven; a vacated
seat is vacant until one replaces it; a director who is the party secretary is flagged."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.villages import selectors, services
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
