"""吹哨报到: the street calls departments in on a demand (`demand_escalate`), and each
called department reports (`whistle_sign`) within 30 minutes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for

from .. import deadlines
from ..models import Demand, WhistleCall
from ..tasks import notify
from ..units import HandlingUnit
from ..workflow import ActionForbidden, TransitionError
from ._base import K, N, _begin, _event, _iso, _note, _now, _recorded, _step


@transaction.atomic
def demand_escalate(
    *, demand: Demand, user, departments, note: str = "", now=None
) -> list[WhistleCall]:
    """吹哨: the street calls departments in; each must report within 30 minutes."""
    at = _begin(demand, user, "escalate", now=now)
    departments = list({d.pk: d for d in departments or []}.values())
    if not departments:
        raise ValidationError(_("请选择要吹哨召集的职能部门"))
    open_calls = set(
        WhistleCall.objects.filter(demand=demand, signed_at__isnull=True).values_list(
            "department_id", flat=True
        )
    )
    again = [d.name for d in departments if d.pk in open_calls]
    if again:
        raise ValidationError(_("已召集但尚未报到的部门：%(names)s") % {"names": "、".join(again)})
    note = _note(note, what=_("吹哨说明"), limit=500)
    due = at + datetime.timedelta(minutes=deadlines.ESCALATION_SIGN_MINUTES)
    _step(
        demand,
        "escalate",
        K.ESCALATED,
        user=user,
        at=at,
        note=note,
        data={"departments": [d.pk for d in departments], "sign_due": _iso(due)},
    )
    calls = WhistleCall.objects.bulk_create(
        [
            WhistleCall(
                demand=demand,
                department=d,
                called_by=_recorded(user),
                called_at=at,
                sign_due=due,
                note=note,
            )
            for d in departments
        ]
    )
    notify(
        demand=demand,
        kind=N.WHISTLE,
        units=[HandlingUnit.of_department(d) for d in departments],
        note=note,
        at=at,
    )
    return calls


@transaction.atomic
def whistle_sign(*, call: WhistleCall, user, now=None) -> WhistleCall:
    """报到: a called department reports. Only the first report counts."""
    at = _now(now)
    call.refresh_from_db()
    if user is not None:
        scope = scope_for(user)
        if not scope.everything and call.department_id not in scope.department_ids:
            raise ActionForbidden(_("只有被召集的部门才能报到"))
    changed = WhistleCall.objects.filter(pk=call.pk, signed_at__isnull=True).update(
        signed_at=at, signed_by=_recorded(user)
    )
    if changed != 1:
        raise TransitionError(_("该部门已报到，无需重复报到"))
    call.signed_at = at
    _event(
        call.demand,
        K.WHISTLE_SIGNED,
        user=user,
        at=at,
        data={
            "department_id": call.department_id,
            "in_time": at <= call.sign_due,
            "call": call.pk,
        },
    )
    return call
