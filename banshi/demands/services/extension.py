"""延期申请: the handling unit asks for a later resolution deadline, the dispatcher approves
or refuses. Steps of the state machine that keep the state (`workflow.IN_PLACE`); the
request is a `DeadlineExtension` row, at most one pending per demand.

The rule (docs/decisions.md):
- a request names a reason and a date: the new deadline is that date at the clock time of
  the current one, later than it and at most `deadlines.MAX_EXTENSION_WORKING_DAYS`
  working days after it;
- a request is made before the deadline in force; once it has passed the demand is late
  and the request is refused (asking afterwards would wipe out an overdue stage);
- an approval also comes before that deadline: after it, the request has lapsed and can
  only be refused, so the sweep never marks a demand against a deadline that an approval
  later moved;
- only the unit that asked, while it still handles the demand, has its request approved
  (after a 改派 the request can only be refused);
- approval sets `Demand.resolve_due` to the requested date: the sweep, the resolution
  rate (which counts a demand in the month its deadline falls in) and the resolve step's
  in-time judgement all read it; refusal changes nothing on the demand.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .. import deadlines
from ..models import DeadlineExtension, Demand
from ..tasks import notify
from ..units import HandlingUnit
from ..workflow import TransitionError
from ._base import K, N, _begin, _desk, _iso, _note, _recorded, _step, _unit_data

P = DeadlineExtension.Status


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    if isinstance(value, datetime.date):
        return value
    try:
        parsed = parse_date(str(value or "").strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(_("请填写申请延至的日期（格式：年-月-日，如 2026-11-20）"))
    return parsed


def _pending(demand: Demand) -> DeadlineExtension | None:
    return demand.extensions.filter(status=P.PENDING).first()


def _requested_due(demand: Demand, day: datetime.date) -> datetime.datetime:
    current = timezone.localtime(demand.resolve_due)
    if day <= current.date():
        raise ValidationError(
            _("申请延至的日期须晚于现办结时限（%(due)s）") % {"due": _local(demand.resolve_due)}
        )
    latest = deadlines.latest_extension(current.date())
    if day > latest:
        raise ValidationError(
            _("一次最多延期%(n)d个工作日，即不晚于%(latest)s")
            % {"n": deadlines.MAX_EXTENSION_WORKING_DAYS, "latest": latest.isoformat()}
        )
    return timezone.make_aware(datetime.datetime.combine(day, current.time()))


@transaction.atomic
def extension_request(*, demand: Demand, user, reason: str, due, now=None) -> DeadlineExtension:
    """延期申请 by the handling unit, before its resolution deadline has passed."""
    at = _begin(demand, user, "extend_request", now=now)
    reason = _note(reason, required=True, what=_("延期理由"), limit=500)
    day = _date(due)
    if demand.resolve_due is None:
        raise TransitionError(_("该诉求没有办结时限，无需延期"))
    if at >= demand.resolve_due:
        raise TransitionError(
            _("办结时限（%(due)s）已过，不能再申请延期") % {"due": _local(demand.resolve_due)}
        )
    if _pending(demand) is not None:
        raise TransitionError(_("该诉求已有一件待审批的延期申请"))
    requested = _requested_due(demand, day)
    unit = HandlingUnit.of_demand(demand)
    try:
        with transaction.atomic():
            extension = DeadlineExtension.objects.create(
                demand=demand,
                unit_key=unit.key if unit else "",
                requested_by=_recorded(user),
                requested_at=at,
                reason=reason,
                old_due=demand.resolve_due,
                requested_due=requested,
            )
    except IntegrityError:  # another request got in first (the partial unique constraint)
        raise TransitionError(_("该诉求已有一件待审批的延期申请")) from None
    _step(
        demand,
        "extend_request",
        K.EXTENSION_REQUESTED,
        user=user,
        at=at,
        note=reason,
        data={
            **_unit_data(unit),
            "extension": extension.pk,
            "old_due": _iso(demand.resolve_due),
            "requested_due": _iso(requested),
        },
    )
    note = _("申请将办结时限延至 %(due)s：%(reason)s") % {
        "due": _local(requested),
        "reason": reason,
    }
    notify(demand=demand, kind=N.EXTENSION_REQUESTED, units=[_desk(demand)], note=note, at=at)
    return extension


def _decide(demand: Demand, user, *, at, status: str, note: str) -> DeadlineExtension:
    extension = _pending(demand)
    if extension is None:
        raise TransitionError(_("该诉求没有待审批的延期申请"))
    changed = DeadlineExtension.objects.filter(pk=extension.pk, status=P.PENDING).update(
        status=status, decided_by=_recorded(user), decided_at=at, decision_note=note
    )
    if changed != 1:
        raise TransitionError(_("该延期申请已被他人审批，请刷新后查看"))
    extension.refresh_from_db()
    return extension


def _tell_handler(demand, extension, *, kind, note, at) -> None:
    unit = HandlingUnit.from_key(extension.unit_key) if extension.unit_key else None
    notify(
        demand=demand,
        kind=kind,
        units=[unit],
        user_ids=[] if unit else [extension.requested_by_id],
        note=note,
        at=at,
    )


@transaction.atomic
def extension_approve(*, demand: Demand, user, note: str = "", now=None) -> DeadlineExtension:
    """批准延期: the resolution deadline becomes the requested one."""
    at = _begin(demand, user, "extend_approve", now=now)
    note = _note(note, what=_("审批意见"), limit=500)
    pending = _pending(demand)
    if pending is not None and demand.resolve_due and at >= demand.resolve_due:
        raise TransitionError(
            _("原办结时限（%(due)s）已过，该延期申请已失效，只能不予批准")
            % {"due": _local(demand.resolve_due)}
        )
    unit = HandlingUnit.of_demand(demand)
    if pending is not None and pending.unit_key != (unit.key if unit else ""):
        raise TransitionError(_("提出申请的单位已不再承办该诉求，该延期申请只能不予批准"))
    extension = _decide(demand, user, at=at, status=P.APPROVED, note=note)
    old_due = demand.resolve_due
    _step(
        demand,
        "extend_approve",
        K.EXTENSION_APPROVED,
        user=user,
        at=at,
        note=note,
        data={
            "extension": extension.pk,
            "old_due": _iso(old_due),
            "resolve_due": _iso(extension.requested_due),
        },
        resolve_due=extension.requested_due,
    )
    message = _("办结时限已延至 %(due)s") % {"due": _local(extension.requested_due)}
    if note:
        message += f"：{note}"
    _tell_handler(demand, extension, kind=N.EXTENSION_APPROVED, note=message, at=at)
    return extension


@transaction.atomic
def extension_refuse(*, demand: Demand, user, note: str, now=None) -> DeadlineExtension:
    """不予延期, with the reason: the deadline stays as it was."""
    at = _begin(demand, user, "extend_refuse", now=now)
    note = _note(note, required=True, what=_("不予延期的理由"), limit=500)
    extension = _decide(demand, user, at=at, status=P.REFUSED, note=note)
    _step(
        demand,
        "extend_refuse",
        K.EXTENSION_REFUSED,
        user=user,
        at=at,
        note=note,
        data={"extension": extension.pk, "resolve_due": _iso(demand.resolve_due)},
    )
    _tell_handler(demand, extension, kind=N.EXTENSION_REFUSED, note=note, at=at)
    return extension
