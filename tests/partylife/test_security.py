"""What a wrong user or a script cannot do in party life: check in days later with an old
code and its old time, guess codes without limit, decide their own leave, mark or grade
themselves, manage a branch they only see (a grid worker), or send a year that overflows."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from banshi.access.models import RoleAssignment
from banshi.partylife import services
from banshi.partylife.codes import checkin_code
from banshi.partylife.models import Attendance
from banshi.partylife.services.attendance import MAX_FAILURES
from tests.partylife.test_pages import _sync, live  # noqa: F401 (the fixture)


def test_an_old_code_with_its_old_time_is_refused_days_later(client, life, live):  # noqa: F811
    client.force_login(life.member_users[0])
    then = timezone.now() - datetime.timedelta(hours=2)
    response = _sync(
        client, client_id=str(uuid.uuid4()), code=checkin_code(live, then), at=then.isoformat()
    )
    assert response.status_code == 400 and "超过有效时间" in response.json()["error"]
    row = Attendance.objects.get(activity=live, member=life.members[0])
    assert row.status != Attendance.Status.PRESENT


def test_guessing_codes_is_stopped_after_a_few_tries(client, life, live):  # noqa: F811
    client.force_login(life.member_users[1])
    good = checkin_code(live, timezone.now())
    wrong = f"{(int(good) + 7) % 1000000:06d}"
    for _ in range(MAX_FAILURES):
        assert _sync(client, client_id=str(uuid.uuid4()), code=wrong).status_code == 400
    # Now even the right code waits: the next tries are refused outright.
    response = _sync(client, client_id=str(uuid.uuid4()), code=good)
    assert response.status_code == 403 and "次数过多" in response.json()["error"]


def _secretary_who_is_a_member(life, make_user):
    user = life.secretary
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.RESIDENT, resident=life.members[0].resident
    )
    return user


def test_nobody_decides_their_own_case(life, live, make_user):  # noqa: F811
    user = _secretary_who_is_a_member(life, make_user)
    own = life.members[0]
    with pytest.raises(PermissionDenied, match="本人"):
        services.attendance_mark(activity=live, member=own, status="present", user=user)
    leave = services.leave_request(activity=live, member=own, reason="出差", user=user)
    with pytest.raises(PermissionDenied, match="本人"):
        services.leave_decide(leave=leave, approve=True, user=user)
    # Another member's the secretary may mark.
    other = services.attendance_mark(
        activity=live, member=life.members[1], status="present", user=user
    )
    assert other.status == Attendance.Status.PRESENT


def test_a_grid_worker_who_sees_a_branch_does_not_manage_it(life, live, make_user):  # noqa: F811
    worker = make_user("gw", RoleAssignment.Role.GRID_WORKER, grid=life.world.grid1)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(
            activity=live, member=life.members[1], status="present", user=worker
        )
    with pytest.raises(PermissionDenied):
        services.activity_plan(
            organization=life.branch,
            kind="committee",
            planned_at=timezone.now(),
            title="支委会",
            user=worker,
        )


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "9999-12-31T23:59:00"])
def test_a_year_out_of_range_is_a_message_not_an_overflow(life, value):
    with pytest.raises(ValidationError, match="年份"):
        services.activity_plan(
            organization=life.branch,
            kind="committee",
            planned_at=value,
            title="支委会",
            user=life.secretary,
        )


def test_a_non_ascii_digit_in_a_query_is_a_404_not_a_500(client, life):
    client.force_login(life.secretary)
    assert client.get(reverse("partylife:activities"), {"org": "²"}).status_code == 404


def test_a_replayed_check_in_answers_only_its_own_member(life, live):  # noqa: F811
    """A check-in's phone id replayed by anyone but its member is refused before the stored
    row is looked at: nobody learns another member's check-in from its id."""
    cid = str(uuid.uuid4())
    code = checkin_code(live, timezone.now())
    mine = services.attendance_check_in(
        activity=live, member=life.members[0], code=code, client_id=cid, user=life.member_users[0]
    )
    assert (
        services.attendance_check_in(
            activity=live,
            member=life.members[0],
            code=code,
            client_id=cid,
            user=life.member_users[0],
        )
        == mine
    )
    with pytest.raises(PermissionDenied):
        services.attendance_check_in(
            activity=live,
            member=life.members[0],
            code=code,
            client_id=cid,
            user=life.member_users[1],
        )
    with pytest.raises(ValidationError, match="已被使用"):
        services.attendance_check_in(
            activity=live,
            member=life.members[1],
            code=code,
            client_id=cid,
            user=life.member_users[1],
        )
