"""Sign-in and sign-out at an activity, the only source of hours: by the volunteer's phone
with the code the organiser shows (offline too: each carries the phone's `client_id` and
the time it happened, is checked against the code of that moment when it arrives, and is
stored once however often it is sent), or by the organiser, as of the moment they press."""

import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.partylife.services._common import a_uuid, when

from ..codes import checkin_code_valid
from ..models import ServiceRecord, Volunteer, VolunteerActivity
from ._common import actor, check_manager, own_resident_ids

# Accepted from a little before the start to a little after the end.
EARLY = datetime.timedelta(minutes=30)
LATE = datetime.timedelta(minutes=30)
# How long after it happened a phone's sign-in or sign-out may arrive (the phone page's
# endpoint refuses older ones; volunteering happens in parks and on buses, far from a
# network, so this is longer than party life's 30 minutes).
SYNC_WITHIN = datetime.timedelta(hours=24)
MAX_FAILURES = 10
FAILURE_WINDOW = 600

IN, OUT = "in", "out"


def in_window(activity: VolunteerActivity, at: datetime.datetime) -> bool:
    return activity.starts_at - EARLY <= at <= activity.ends_at + LATE


def _check_window(activity: VolunteerActivity, at: datetime.datetime) -> None:
    if not in_window(activity, at):
        raise ValidationError(_("签到时间不在活动时间内"))


def _check_volunteer(activity: VolunteerActivity, volunteer: Volunteer) -> None:
    if volunteer.team_id != activity.team_id or not volunteer.active:
        raise ValidationError(_("您不是本队在册志愿者"))


def _check_code(activity, volunteer, code, at) -> None:
    tries = f"volunteers:checkin-failures:{activity.pk}:{volunteer.pk}"
    if cache.get(tries, 0) >= MAX_FAILURES:
        raise PermissionDenied(_("签到码错误次数过多，请稍后再试或请组织者登记"))
    if not checkin_code_valid(activity, code, at):
        cache.add(tries, 0, FAILURE_WINDOW)
        cache.incr(tries)
        raise ValidationError(_("签到码不正确或已过期，请输入组织者手机上显示的最新签到码"))


def _by_client_id(field: str, cid, activity, volunteer) -> ServiceRecord | None:
    existing = ServiceRecord.objects.filter(**{field: cid}).first()
    if existing is not None and (
        existing.activity_id != activity.pk or existing.volunteer_id != volunteer.pk
    ):
        raise ValidationError(_("签到的记录编号已被使用"))
    return existing


def _own(user, volunteer: Volunteer) -> None:
    if user is not None and volunteer.resident_id not in own_resident_ids(user):
        raise PermissionDenied(_("只能为本人签到"))


@transaction.atomic
def sign_in(
    *, activity: VolunteerActivity, volunteer: Volunteer, code, client_id, at=None, user=None
) -> ServiceRecord:
    """The volunteer signs in with the code shown at `at` (the phone's time when it was
    entered). Idempotent by `client_id`; a volunteer already signed in stays as they were."""
    cid = a_uuid(client_id, what=_("签到"))
    _own(user, volunteer)
    existing = _by_client_id("client_id", cid, activity, volunteer)
    if existing is not None:
        return existing
    now = timezone.now()
    at = when(at, what=_("签到时间"), now=now, required=False) or now
    activity = VolunteerActivity.objects.select_for_update().get(pk=activity.pk)
    _check_volunteer(activity, volunteer)
    _check_window(activity, at)
    _check_code(activity, volunteer, code, at)
    record = ServiceRecord.objects.filter(activity=activity, volunteer=volunteer).first()
    if record is not None:
        return record
    try:
        with transaction.atomic():
            return ServiceRecord.objects.create(
                activity=activity,
                volunteer=volunteer,
                signed_in_at=at,
                client_id=cid,
                source=ServiceRecord.Source.CODE,
                recorded_by=actor(user),
            )
    except IntegrityError:  # the same client_id arrived twice at once
        return _by_client_id("client_id", cid, activity, volunteer)


def _open_record(activity, volunteer) -> ServiceRecord:
    record = (
        ServiceRecord.objects.select_for_update()
        .select_related("activity")
        .filter(activity=activity, volunteer=volunteer)
        .first()
    )
    if record is None:
        raise ValidationError(_("尚未签到，不能签退"))
    if record.signed_out_at is not None:
        raise ValidationError(_("已签退，服务时长已记录"))
    return record


def _close(record: ServiceRecord, at, *, source, cid=None, user=None) -> ServiceRecord:
    if at < record.signed_in_at:
        raise ValidationError(_("签退时间不能早于签到时间"))
    record.signed_out_at = at
    record.out_client_id = cid
    record.out_source = source
    record.save()
    return record


@transaction.atomic
def sign_out(
    *, activity: VolunteerActivity, volunteer: Volunteer, code, client_id, at=None, user=None
) -> ServiceRecord:
    """The volunteer signs out with the code shown at `at`; the hours follow. Idempotent by
    `client_id`."""
    cid = a_uuid(client_id, what=_("签退"))
    _own(user, volunteer)
    existing = _by_client_id("out_client_id", cid, activity, volunteer)
    if existing is not None:
        return existing
    now = timezone.now()
    at = when(at, what=_("签退时间"), now=now, required=False) or now
    activity = VolunteerActivity.objects.select_for_update().get(pk=activity.pk)
    _check_volunteer(activity, volunteer)
    record = _open_record(activity, volunteer)
    _check_window(activity, at)
    _check_code(activity, volunteer, code, at)
    return _close(record, at, source=ServiceRecord.Source.CODE, cid=cid, user=user)


def _organiser_time(user, at) -> datetime.datetime:
    """The organiser records the present moment only (a time of their choosing would let
    them write hours after the fact); trusted code (user None) may give the time."""
    if user is None and at is not None:
        return at
    return timezone.now()


def _not_self(user, volunteer) -> None:
    if user is not None and not getattr(user, "is_superuser", False):
        if volunteer.resident_id in own_resident_ids(user):
            raise PermissionDenied(_("不能为本人登记签到或签退"))


@transaction.atomic
def organiser_sign_in(
    *, activity: VolunteerActivity, volunteer: Volunteer, user=None, at=None
) -> ServiceRecord:
    activity = (
        VolunteerActivity.objects.select_for_update().select_related("team").get(pk=activity.pk)
    )
    check_manager(user, activity.team)
    _not_self(user, volunteer)
    _check_volunteer(activity, volunteer)
    at = _organiser_time(user, at)
    _check_window(activity, at)
    if ServiceRecord.objects.filter(activity=activity, volunteer=volunteer).exists():
        raise ValidationError(_("该志愿者已签到"))
    return ServiceRecord.objects.create(
        activity=activity,
        volunteer=volunteer,
        signed_in_at=at,
        source=ServiceRecord.Source.ORGANISER,
        recorded_by=actor(user),
    )


@transaction.atomic
def organiser_sign_out(
    *, activity: VolunteerActivity, volunteer: Volunteer, user=None, at=None
) -> ServiceRecord:
    activity = (
        VolunteerActivity.objects.select_for_update().select_related("team").get(pk=activity.pk)
    )
    check_manager(user, activity.team)
    _not_self(user, volunteer)
    record = _open_record(activity, volunteer)
    at = _organiser_time(user, at)
    _check_window(activity, at)
    return _close(record, at, source=ServiceRecord.Source.ORGANISER, user=user)
