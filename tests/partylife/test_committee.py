"""The committee roster (支部委员会): a committee meeting expects only the members holding a
seat that day and counts for the month's 支委会 only with more than half of them present;
the seats' rules (one each, one secretary, at most seven, a branch without a committee has
only a secretary and a deputy, dates, who may); a transfer ends a seat; the secretary seat
names who gives the secretary's lecture and since when the post is vacant; the page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.access.models import RoleAssignment
from banshi.organizations.models import CommitteeSeat
from banshi.organizations.selectors import secretary_vacant_since
from banshi.organizations.services import (
    committee_seat_fill,
    committee_seat_vacate,
    member_transfer,
)
from banshi.partylife import obligations, services

from .life import at

ELECTED = datetime.date(2025, 6, 1)


def fill(life, i, post, on=ELECTED, user=None):
    return committee_seat_fill(
        organization=life.branch, member=life.members[i], post=post, started_on=on, user=user
    )


@pytest.fixture
def committee(life):
    """Three seats: the secretary (member 0), the organization and the propaganda members."""
    return [
        fill(life, 0, "secretary"),
        fill(life, 1, "organization"),
        fill(life, 2, "propaganda"),
    ]


def _status(branch, key="committee"):
    now = at(12, 1, 0)
    lines = {ln.rule.key: ln for ln in obligations.calendar(branch, 2026, 11, now=now)}
    return lines[key].status


def _committee_meeting(life, day, present):
    act = services.activity_plan(
        organization=life.branch,
        kind="committee",
        planned_at=at(11, day),
        title="支委会",
        user=life.secretary,
    )
    act = services.activity_hold(activity=act, held_at=at(11, day), user=life.secretary)
    for i in present:
        services.attendance_mark(
            activity=act, member=life.members[i], status="present", user=life.district_user
        )
    return services.activity_record(activity=act, ended_at=at(11, day, 10), user=life.secretary)


def test_a_committee_meeting_expects_the_committee_and_needs_more_than_half(life, committee):
    first = _committee_meeting(life, 3, present=[0])
    expected = set(first.attendances.values_list("member_id", flat=True))
    assert expected == {s.member_id for s in committee}  # not the branch's seven members
    assert _status(life.branch) == "overdue"  # 1 of 3 present: no quorum
    _committee_meeting(life, 17, present=[0, 1])
    assert _status(life.branch) == "held"  # 2 of 3


def test_the_committee_on_the_day_of_the_meeting(life, committee):
    committee_seat_vacate(
        seat=committee[2], ended_on=datetime.date(2026, 11, 10), note="辞职", user=life.secretary
    )
    fill(life, 3, "propaganda", on=datetime.date(2026, 11, 12))
    before = _committee_meeting(life, 3, present=[0, 1])
    after = _committee_meeting(life, 17, present=[0, 1])
    members = life.members
    assert set(before.attendances.values_list("member_id", flat=True)) == {
        members[0].pk,
        members[1].pk,
        members[2].pk,
    }
    assert set(after.attendances.values_list("member_id", flat=True)) == {
        members[0].pk,
        members[1].pk,
        members[3].pk,
    }


def test_a_meeting_of_an_empty_committee_is_refused(life):
    act = services.activity_plan(
        organization=life.branch, kind="committee", planned_at=at(11, 3), title="支委会"
    )
    with pytest.raises(ValidationError, match="没有在任的委员会成员"):
        services.activity_hold(activity=act, held_at=at(11, 3), user=life.secretary)
    act.refresh_from_db()
    assert act.status == "planned"  # nothing half-written


def test_no_committee_meeting_without_a_committee(life):
    with pytest.raises(ValidationError, match="未设支部委员会"):
        services.activity_plan(
            organization=life.other, kind="committee", planned_at=at(11, 3), title="支委会"
        )


def test_seat_rules(life, committee):
    with pytest.raises(ValidationError, match="已在委员会任职"):
        fill(life, 1, "discipline")
    with pytest.raises(ValidationError, match="已有书记"):
        fill(life, 3, "secretary")
    with pytest.raises(ValidationError, match="只能由本党组织的党员"):
        committee_seat_fill(
            organization=life.branch, member=life.outsider, post="member", started_on=ELECTED
        )
    with pytest.raises(ValidationError, match="职务无效"):
        fill(life, 3, "chairman")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        fill(life, 3, "member", on=datetime.date(2099, 1, 1))
    with pytest.raises(ValidationError, match="有效的任职日期"):
        fill(life, 3, "member", on="2026-13-01")
    for i, post in zip(range(3, 7), ["discipline", "youth", "women", "member"], strict=True):
        fill(life, i, post)
    assert CommitteeSeat.objects.filter(organization=life.branch).count() == 7
    # An eighth needs a member who holds no seat: the outsider moves in first.
    moved = member_transfer(member=life.outsider, to=life.branch, on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="不超过7人"):
        committee_seat_fill(
            organization=life.branch, member=moved, post="member", started_on=ELECTED
        )


def test_a_branch_without_a_committee_has_a_secretary_and_a_deputy(life):
    seat = committee_seat_fill(
        organization=life.other, member=life.outsider, post="secretary", started_on=ELECTED
    )
    assert seat.post == "secretary"
    committee_seat_vacate(seat=seat, ended_on=datetime.date(2026, 1, 1), note="换届")
    with pytest.raises(ValidationError, match="只能设书记、副书记"):
        committee_seat_fill(
            organization=life.other, member=life.outsider, post="member", started_on=ELECTED
        )


def test_vacate_rules(life, committee):
    seat = committee[1]
    with pytest.raises(ValidationError, match="请填写离任原因"):
        committee_seat_vacate(seat=seat, ended_on=datetime.date(2026, 1, 1), note=" ")
    with pytest.raises(ValidationError, match="不能早于任职日期"):
        committee_seat_vacate(seat=seat, ended_on=datetime.date(2025, 1, 1), note="换届")
    committee_seat_vacate(seat=seat, ended_on=datetime.date(2026, 1, 1), note="换届")
    with pytest.raises(ValidationError, match="已离任"):
        committee_seat_vacate(seat=seat, ended_on=datetime.date(2026, 2, 1), note="换届")


def test_only_managers_fill_and_vacate(life, committee, make_user):
    grid = make_user("wg", RoleAssignment.Role.GRID_WORKER, grid=life.world.grid1)
    with pytest.raises(PermissionDenied):
        fill(life, 3, "member", user=grid)
    with pytest.raises(PermissionDenied):
        fill(life, 3, "member", user=life.other_secretary)
    with pytest.raises(PermissionDenied):
        committee_seat_vacate(seat=committee[1], ended_on=ELECTED, note="x", user=grid)
    assert fill(life, 3, "member", user=life.district_user).post == "member"


def test_a_transfer_ends_the_seat_and_the_vacancy_is_dated(life, committee):
    today = datetime.date(2026, 11, 30)
    assert secretary_vacant_since(life.branch, today) is None
    member_transfer(member=life.members[0], to=life.other, on=datetime.date(2026, 7, 15))
    seat = CommitteeSeat.objects.get(pk=committee[0].pk)
    assert seat.ended_on == datetime.date(2026, 7, 15) and seat.note == "组织关系转出"
    assert secretary_vacant_since(life.branch, today) == datetime.date(2026, 7, 15)
    assert secretary_vacant_since(life.branch, datetime.date(2026, 7, 1)) is None
    fill(life, 3, "secretary", on=datetime.date(2026, 10, 1))
    assert secretary_vacant_since(life.branch, today) is None
    assert secretary_vacant_since(life.branch, datetime.date(2026, 9, 1)) == datetime.date(
        2026, 7, 15
    )


def test_the_secretary_seat_names_the_secretary_s_lecture(life, committee):
    def lecture(i, day):
        act = services.activity_plan(
            organization=life.branch,
            kind="party_lecture",
            planned_at=at(4, day),
            title="党课",
            lecturer=life.members[i],
        )
        return services.activity_hold(activity=act, held_at=at(4, day))

    lecture(1, 9)  # the organization member's lecture is a lecture, not the secretary's
    assert _status(life.branch, "secretary_lecture") == "open"
    lecture(0, 16)
    assert _status(life.branch, "secretary_lecture") == "held"


def test_the_secretary_s_lecture_before_their_term_does_not_count(life):
    fill(life, 0, "secretary", on=datetime.date(2026, 6, 1))
    act = services.activity_plan(
        organization=life.branch,
        kind="party_lecture",
        planned_at=at(4, 9),
        title="党课",
        lecturer=life.members[0],
    )
    services.activity_hold(activity=act, held_at=at(4, 9))
    assert _status(life.branch, "secretary_lecture") == "open"
