"""The deadline sweep (`banshi tick`, and every minute in `banshi worker`).

For each stage past its deadline it marks the demand overdue, records the mark, escalates
supervision one level (grid → community → street → district; a department → the street
that dispatched to it) and notifies the unit and its supervisor. One demand is one
transaction, and the mark is claimed by a conditional UPDATE of the stage's flag plus a
unique (demand, stage, round) row: a second sweep, or one after a crash, finds nothing left
to do for what was already marked.
"""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Demand, DemandEvent, Notification, OverdueMark, Stage, WhistleCall
from .tasks import notify
from .units import HandlingUnit

S = Demand.State

STAGES = {
    Stage.DISPATCH: ("dispatch_due", "dispatch_overdue", (S.RECEIVED, S.RETURNED)),
    Stage.SIGN: ("sign_due", "sign_overdue", (S.DISPATCHED,)),
    Stage.RESOLVE: (
        "resolve_due",
        "resolve_overdue",
        (S.DISPATCHED, S.SIGNED, S.IN_PROGRESS, S.ESCALATED),
    ),
}


@dataclass
class SweepReport:
    now: datetime.datetime
    marked: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STAGES})
    escalated: int = 0
    whistle_overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.marked.values()) + self.whistle_overdue

    def as_dict(self) -> dict:
        return {
            "now": self.now.isoformat(),
            "marked": dict(self.marked),
            "escalated": self.escalated,
            "whistle_overdue": self.whistle_overdue,
        }


def _pending(stage: str, now):
    due, flag, states = STAGES[stage]
    return Demand.objects.filter(state__in=states, **{f"{due}__lt": now, flag: False})


def overdue_counts(now: datetime.datetime | None = None) -> dict[str, int]:
    """Open demands past the deadline of the stage they are in, by stage (a /metrics gauge:
    the whole platform, in one query per stage)."""
    now = now or timezone.now()
    return {
        str(stage): Demand.objects.filter(state__in=states, **{f"{due}__lt": now}).count()
        for stage, (due, _flag, states) in STAGES.items()
    }


def deadline_sweep(*, now: datetime.datetime | None = None) -> SweepReport:
    now = now or timezone.now()
    report = SweepReport(now=now)
    for stage in STAGES:
        for pk in list(_pending(stage, now).values_list("pk", flat=True)):
            escalated = _mark(pk, stage, now)
            if escalated is not None:
                report.marked[stage] += 1
                report.escalated += int(escalated)
    pending_calls = WhistleCall.objects.filter(
        signed_at__isnull=True, overdue=False, sign_due__lt=now
    ).values_list("pk", flat=True)
    for pk in list(pending_calls):
        report.whistle_overdue += int(_mark_whistle(pk, now))
    return report


@transaction.atomic
def _mark(pk: int, stage: str, now) -> bool | None:
    """None if someone else marked it first; otherwise whether supervision went up."""
    due_field, flag, _states = STAGES[stage]
    if not _pending(stage, now).filter(pk=pk).update(**{flag: True}):
        return None
    demand = Demand.objects.select_related("street", "category").get(pk=pk)
    unit = HandlingUnit.of_demand(demand)
    base = HandlingUnit.territorial(demand.supervisor_code) if demand.supervisor_code else unit
    target = None
    if base is not None:
        target = base.parent(street_code=demand.street.prefix if demand.street_id else "")
    try:
        with transaction.atomic():
            OverdueMark.objects.create(
                demand=demand,
                stage=stage,
                cycle=demand.cycle,
                at=now,
                due=getattr(demand, due_field),
                unit_code=unit.key if unit else "",
                escalated_to=target.key if target else "",
            )
    except IntegrityError:
        return None  # already marked in this round (the flag was reset by hand)
    if target is not None:
        Demand.objects.filter(pk=pk).update(
            escalation_level=F("escalation_level") + 1, supervisor_code=target.code
        )
    label = Stage(stage).label
    note = _("%(stage)s超时（时限 %(due)s）") % {
        "stage": label,
        "due": timezone.localtime(getattr(demand, due_field)).strftime("%Y-%m-%d %H:%M"),
    }
    if target is not None:
        note += _("，已提级至%(unit)s督办") % {"unit": target.name}
    DemandEvent.objects.create(
        demand=demand,
        at=now,
        kind=DemandEvent.Kind.OVERDUE,
        note=note,
        data={
            "stage": stage,
            "cycle": demand.cycle,
            "due": getattr(demand, due_field).isoformat(),
            "unit": unit.key if unit else "",
            "escalated_to": target.key if target else "",
        },
    )
    notify(demand=demand, kind=Notification.Kind.OVERDUE, units=[unit], note=note, at=now)
    notify(demand=demand, kind=Notification.Kind.ESCALATED, units=[target], note=note, at=now)
    return target is not None


@transaction.atomic
def _mark_whistle(pk: int, now) -> bool:
    changed = WhistleCall.objects.filter(
        pk=pk, signed_at__isnull=True, overdue=False, sign_due__lt=now
    ).update(overdue=True)
    if not changed:
        return False
    call = WhistleCall.objects.select_related("demand__street", "department").get(pk=pk)
    demand = call.demand
    note = _("%(dept)s未在30分钟内报到") % {"dept": call.department.name}
    DemandEvent.objects.create(
        demand=demand,
        at=now,
        kind=DemandEvent.Kind.WHISTLE_OVERDUE,
        note=note,
        data={"department_id": call.department_id, "call": call.pk},
    )
    street = HandlingUnit.of_region(demand.street) if demand.street_id else None
    notify(
        demand=demand,
        kind=Notification.Kind.OVERDUE,
        units=[HandlingUnit.of_department(call.department_id), street],
        note=note,
        at=now,
    )
    return True
