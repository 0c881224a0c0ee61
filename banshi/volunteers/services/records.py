"""Writes after the service: a correction of hours (a new record with its reason, requested
by the volunteer or a manager, approved or refused — with a reason — by a manager who is
neither the requester nor the volunteer; decided once) and the certificate (记录证明) the
team issues on request."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import HoursCorrection, ServiceRecord, Volunteer, VolunteerCertificate
from ._common import can_manage, check_manager, hours_value, own_resident_ids, text


def approved_hours(record: ServiceRecord) -> Decimal:
    extra = record.corrections.filter(approved_at__isnull=False).aggregate(s=Sum("delta"))["s"]
    return record.hours + (extra or Decimal(0))


def _signed_in(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("请先登录"))


@transaction.atomic
def correction_request(
    *, record: ServiceRecord, delta, reason: str, user, at=None
) -> HoursCorrection:
    _signed_in(user)
    record = (
        ServiceRecord.objects.select_for_update()
        .select_related("activity", "volunteer__team__region")
        .get(pk=record.pk)
    )
    team = record.volunteer.team
    if record.volunteer.resident_id not in own_resident_ids(user):
        check_manager(user, team)
    delta = hours_value(delta, what=_("更正时长"))
    if delta == 0:
        raise ValidationError(_("更正时长不能为0"))
    reason = text(reason, what=_("更正理由"), limit=300, required=True)
    after = approved_hours(record) + delta
    if not Decimal(0) <= after <= record.activity.length_hours:
        raise ValidationError(_("更正后的时长应在0至活动时长之间"))
    return HoursCorrection.objects.create(
        record=record,
        delta=delta,
        reason=reason,
        requested_by=user,
        requested_at=at or timezone.now(),
    )


def _second_person(correction: HoursCorrection, user) -> HoursCorrection:
    """The correction locked, once `user` may decide it: a manager of the team, not the
    requester, not the volunteer; and not decided yet."""
    _signed_in(user)
    correction = (
        HoursCorrection.objects.select_for_update()
        .select_related("record__activity", "record__volunteer__team__region")
        .get(pk=correction.pk)
    )
    record = correction.record
    if correction.requested_by_id == user.pk:
        raise PermissionDenied(_("更正须由申请人以外的第二人审核"))
    if record.volunteer.resident_id in own_resident_ids(user):
        raise PermissionDenied(_("不能审核本人的服务时长"))
    check_manager(user, record.volunteer.team)
    if correction.refused:
        raise ValidationError(_("该更正申请已驳回"))
    if correction.approved:
        raise ValidationError(_("该更正申请已审核"))
    return correction


@transaction.atomic
def correction_approve(*, correction: HoursCorrection, user, at=None) -> HoursCorrection:
    """A second person approves: a manager of the team, not the requester, not the
    volunteer."""
    correction = _second_person(correction, user)
    record = correction.record
    after = approved_hours(record) + correction.delta
    if not Decimal(0) <= after <= record.activity.length_hours:
        raise ValidationError(_("更正后的时长应在0至活动时长之间"))
    correction.approved_by = user
    correction.approved_at = at or timezone.now()
    correction.save(update_fields=["approved_by", "approved_at"])
    return correction


@transaction.atomic
def correction_refuse(
    *, correction: HoursCorrection, user, reason: str, at=None
) -> HoursCorrection:
    """The same second person refuses, with a reason: the record's hours stay as they were
    and the correction can no longer be approved."""
    correction = _second_person(correction, user)
    correction.refuse_reason = text(reason, what=_("驳回理由"), limit=300, required=True)
    correction.refused_by = user
    correction.refused_at = at or timezone.now()
    correction.save(update_fields=["refuse_reason", "refused_by", "refused_at"])
    return correction


@transaction.atomic
def certificate_issue(*, volunteer: Volunteer, user=None, at=None) -> VolunteerCertificate:
    """The team's certificate of the volunteer's recorded service, on the volunteer's
    request (or by a manager): every closed record, the approved hours at issue."""
    volunteer = Volunteer.objects.select_related("team__region").get(pk=volunteer.pk)
    if user is not None and volunteer.resident_id not in own_resident_ids(user):
        if not can_manage(user, volunteer.team):
            raise PermissionDenied(_("只能为本人申请证明"))
    corrected = HoursCorrection.objects.filter(
        record__volunteer=volunteer, approved_at__isnull=False
    ).values("record_id")
    records = list(
        ServiceRecord.objects.filter(volunteer=volunteer).filter(
            Q(signed_out_at__isnull=False) | Q(pk__in=corrected)
        )
    )
    hours = sum((r.hours for r in records), Decimal(0))
    extra = HoursCorrection.objects.filter(
        record__volunteer=volunteer, approved_at__isnull=False
    ).aggregate(s=Sum("delta"))["s"]
    hours += extra or Decimal(0)
    if not records or hours <= 0:
        raise ValidationError(_("暂无可证明的志愿服务记录"))
    issued_by = user if getattr(user, "is_authenticated", False) else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = VolunteerCertificate.objects.create(
                    volunteer=volunteer,
                    team=volunteer.team,
                    issued_at=at or timezone.now(),
                    issued_by=issued_by,
                    hours=hours,
                )
            break
        except IntegrityError:  # the random code collided (about 1 in 10^18)
            continue
    else:
        raise ValidationError(_("证明编号生成失败，请重试"))
    certificate.records.set(records)
    return certificate
