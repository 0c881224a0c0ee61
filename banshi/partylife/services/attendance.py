"""Writes of attendance: a member's check-in on the phone with the rotating code (offline
too: keyed by the phone's `client_id`, so a check-in synced twice is stored once), the
organiser's marks, leave requests and their decision, the make-ups (补学) that close an
absence, and heart-to-heart talks."""

import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.organizations.models import PartyMember, PartyOrganization

from ..codes import checkin_code_valid
from ..models import Activity, Attendance, LeaveRequest, MakeUp, Talk
from ._common import (
    a_uuid,
    check_manager,
    check_not_self,
    choice,
    day,
    own_resident_ids,
    saved,
    text,
    when,
)
from .activity import expected_members

# An offline check-in from a phone must reach the server within this of being made: the
# code it carries was good for two minutes only (the views refuse older ones; the demo and
# the tests replay history through the service itself).
SYNC_WITHIN = datetime.timedelta(minutes=30)
# Wrong codes a member may try for one activity in FAILURE_WINDOW seconds (one in 10^6 each:
# without a limit, a script would find one).
MAX_FAILURES = 10
FAILURE_WINDOW = 600


def _failures_key(activity, member) -> str:
    return f"partylife:checkin-failures:{activity.pk}:{member.pk}"


# A check-in is accepted from a little before the start to a little after the end (or,
# while no end is recorded, this long after the start).
EARLY = datetime.timedelta(minutes=30)
LATE = datetime.timedelta(minutes=30)
OPEN_FOR = datetime.timedelta(hours=12)


def _attendance_row(activity: Activity, member: PartyMember) -> Attendance:
    """The member's row, created if they are expected but the row is not there yet (a
    member who joined the branch on the day)."""
    row = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("makeup")
        .filter(activity=activity, member=member)
        .first()
    )
    if row is not None:
        return row
    if not expected_members(activity).filter(pk=member.pk).exists():
        raise ValidationError(_("您不在本次活动的应到名单中"))
    return Attendance.objects.create(activity=activity, member=member)


def _check_window(activity: Activity, at: datetime.datetime) -> None:
    if activity.status != Activity.Status.HELD or activity.held_at is None:
        raise ValidationError(_("活动尚未开始签到"))
    end = (activity.ended_at + LATE) if activity.ended_at else activity.held_at + OPEN_FOR
    if not activity.held_at - EARLY <= at <= end:
        raise ValidationError(_("签到时间不在活动时间内"))


@transaction.atomic
def attendance_check_in(
    *,
    activity: Activity,
    member: PartyMember,
    code=None,
    client_id=None,
    at=None,
    user=None,
) -> Attendance:
    """A member checks in with the code shown at `at` (the phone's time when it was entered:
    an offline check-in is synced later with the time it was made). Idempotent by
    `client_id`; a member already present stays as they were."""
    cid = a_uuid(client_id, what=_("签到")) if client_id not in (None, "") else None
    # Whose check-in it is comes first: a replay answers only the member it belongs to.
    if user is not None and member.resident_id not in own_resident_ids(user):
        raise PermissionDenied(_("只能为本人签到"))
    if cid is not None:
        existing = _by_client_id(cid, activity, member)
        if existing is not None:
            return existing
    now = timezone.now()
    at = when(at, what=_("签到时间"), now=now, required=False) or now
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _check_window(activity, at)
    tries = _failures_key(activity, member)
    if cache.get(tries, 0) >= MAX_FAILURES:
        raise PermissionDenied(_("签到码错误次数过多，请稍后再试或请组织者登记"))
    if not checkin_code_valid(activity, code, at):
        cache.add(tries, 0, FAILURE_WINDOW)
        cache.incr(tries)
        raise ValidationError(_("签到码不正确或已过期，请输入组织者手机上显示的最新签到码"))
    row = _attendance_row(activity, member)
    if row.status == Attendance.Status.PRESENT:
        return row
    if hasattr(row, "makeup"):
        raise ValidationError(_("已登记补学，不能再签到"))
    row.status = Attendance.Status.PRESENT
    row.checked_in_at = at
    row.method = Attendance.Method.CODE
    row.client_id = cid
    row.clean()
    # No full_clean: its uniqueness queries would only repeat what the database checks
    # (a check-in is the most frequent write of party life).
    try:
        with transaction.atomic():
            row.save(update_fields=["status", "checked_in_at", "method", "client_id"])
    except IntegrityError:  # the same client_id arrived twice at once
        return _by_client_id(cid, activity, member)
    return row


def _by_client_id(cid, activity, member) -> Attendance | None:
    """The check-in stored under the phone's `cid`, if it is this member's at this activity;
    one stored for anything else is refused."""
    existing = Attendance.objects.filter(client_id=cid).first()
    if existing is not None and (
        existing.activity_id != activity.pk or existing.member_id != member.pk
    ):
        raise ValidationError(_("签到的记录编号已被使用"))
    return existing


@transaction.atomic
def attendance_mark(
    *, activity: Activity, member: PartyMember, status: str, note: str = "", user=None
) -> Attendance:
    """The organiser marks a member present, absent, on leave, or back to expected."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    check_manager(user, activity.organization)
    check_not_self(user, member)
    status = choice(status, Attendance.Status, what=_("出勤"))
    if activity.status != Activity.Status.HELD:
        raise ValidationError(_("活动召开后才能登记出勤"))
    row = _attendance_row(activity, member)
    if hasattr(row, "makeup") and status != row.status:
        raise ValidationError(_("已登记补学的记录不能再改出勤"))
    if status == Attendance.Status.PRESENT:
        if row.status != Attendance.Status.PRESENT:
            row.checked_in_at = timezone.now()
            row.method = Attendance.Method.ORGANISER
    else:
        row.checked_in_at = None
        row.method = Attendance.Method.NONE
    row.status = status
    row.note = text(note, what=_("备注"), limit=200) or row.note
    return saved(row)


@transaction.atomic
def leave_request(
    *, activity: Activity, member: PartyMember, reason: str, user=None
) -> LeaveRequest:
    if user is not None and member.resident_id not in own_resident_ids(user):
        check_manager(user, activity.organization)  # the organiser may file it for them
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError(_("活动已取消"))
    if activity.ended_at and activity.ended_at < timezone.now():
        raise ValidationError(_("活动已结束，不能再请假"))
    reason = text(reason, what=_("请假事由"), limit=300, required=True)
    row = _attendance_row(activity, member)
    if row.status == Attendance.Status.PRESENT:
        raise ValidationError(_("已签到，不能请假"))
    if hasattr(row, "leave"):
        raise ValidationError(_("已提交过请假申请"))
    return saved(LeaveRequest(attendance=row, reason=reason))


@transaction.atomic
def leave_decide(*, leave: LeaveRequest, approve: bool, user=None, at=None) -> LeaveRequest:
    leave = LeaveRequest.objects.select_for_update().select_related("attendance").get(pk=leave.pk)
    row = leave.attendance
    check_manager(user, row.activity.organization)
    check_not_self(user, row.member)
    status = LeaveRequest.Status.APPROVED if approve else LeaveRequest.Status.REFUSED
    if not leave.can_become(status):
        raise ValidationError(_("该请假申请已审批"))
    leave.status = status
    leave.decided_by = user if getattr(user, "is_authenticated", False) else None
    leave.decided_at = at or timezone.now()
    saved(leave)
    if approve and row.status != Attendance.Status.PRESENT:
        row.status = Attendance.Status.LEAVE
        row.save(update_fields=["status"])
    elif not approve and row.status == Attendance.Status.LEAVE:
        row.status = Attendance.Status.EXPECTED
        row.save(update_fields=["status"])
    return leave


@transaction.atomic
def makeup_record(*, attendance: Attendance, done_at, note: str, user=None) -> MakeUp:
    """补学: closes an absence or a leave. A member still only expected after the activity
    is recorded absent first."""
    row = Attendance.objects.select_for_update().select_related("activity").get(pk=attendance.pk)
    check_manager(user, row.activity.organization)
    check_not_self(user, row.member)
    if row.activity.status != Activity.Status.HELD:
        raise ValidationError(_("活动尚未召开，无需补学"))
    if row.status == Attendance.Status.PRESENT:
        raise ValidationError(_("该党员已出席，无需补学"))
    if MakeUp.objects.filter(attendance=row).exists():
        raise ValidationError(_("已登记过补学"))
    if row.status == Attendance.Status.EXPECTED:
        row.status = Attendance.Status.ABSENT
        row.save(update_fields=["status"])
    done_at = when(done_at, what=_("补学时间"))
    if done_at < row.activity.held_at:
        raise ValidationError(_("补学时间不能早于活动召开时间"))
    return saved(
        MakeUp(
            attendance=row,
            done_at=done_at,
            note=text(note, what=_("补学内容"), limit=300, required=True),
            recorded_by=user if getattr(user, "is_authenticated", False) else None,
        )
    )


@transaction.atomic
def talk_record(
    *,
    organization: PartyOrganization,
    member: PartyMember,
    held_on,
    by_name: str,
    note: str = "",
    user=None,
) -> Talk:
    check_manager(user, organization)
    if not member.organization.path.startswith(organization.path):
        raise ValidationError(_("该党员不属于本党组织"))
    return saved(
        Talk(
            organization=organization,
            member=member,
            held_on=day(held_on, what=_("谈话日期"), not_after=timezone.localdate()),
            by_name=text(by_name, what=_("谈话人"), limit=50, required=True),
            note=text(note, what=_("谈话要点")),
            recorded_by=user if getattr(user, "is_authenticated", False) else None,
        )
    )
