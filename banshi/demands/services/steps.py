"""The workflow steps of a demand: 派单 dispatch, 改派 reassign, 签收 sign, start, 办结
resolve, 退单 return, 评价 rate, 结案 close, 重办 reopen, and the 进展说明 progress note that
keeps the state. Each is one transaction:
`_begin` (fresh read, state machine, user), then `_step` (conditional UPDATE, timeline)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import deadlines
from ..models import Demand, DemandPhoto, Stage
from ..routing import default_handler
from ..tasks import notify
from ..units import NO_ASSIGNMENT, HandlingUnit
from ..workflow import TransitionError
from ._base import (
    K,
    N,
    S,
    _begin,
    _check_unit_for,
    _desk,
    _dispatch_fields,
    _event,
    _iso,
    _move,
    _new_round,
    _note,
    _save_photos,
    _step,
    _unit_data,
)


def _dispatch(demand, unit, *, user, at, note, auto=False, action="dispatch", kind=K.DISPATCHED):
    fields = _dispatch_fields(demand, unit, at)
    if action == "reassign":
        fields.update(_new_round(), cycle=demand.cycle + 1)
    _step(
        demand,
        action,
        kind,
        user=user,
        at=at,
        note=note,
        data={
            **_unit_data(unit),
            "auto": auto,
            "sign_due": _iso(fields["sign_due"]),
            "resolve_due": _iso(fields.get("resolve_due", demand.resolve_due)),
        },
        **fields,
    )
    notify(demand=demand, kind=N.DISPATCHED, units=[unit], note=note, at=at)
    return demand


@transaction.atomic
def demand_dispatch(
    *, demand: Demand, user, unit: HandlingUnit | None = None, note: str = "", now=None
) -> Demand:
    """派单: send a received (or returned) demand to the unit that will handle it."""
    at = _begin(demand, user, "dispatch", now=now)
    if unit is None:
        unit = default_handler(
            demand.category, grid=demand.grid, community=demand.community, street=demand.street
        )
    if unit is None:
        raise ValidationError(_("请选择承办单位"))
    _check_unit_for(user, unit)
    return _dispatch(demand, unit, user=user, at=at, note=_note(note, what=_("派单说明")))


@transaction.atomic
def demand_reassign(
    *, demand: Demand, user, unit: HandlingUnit, note: str = "", now=None
) -> Demand:
    """改派: send the demand to another unit; the new unit signs anew."""
    at = _begin(demand, user, "reassign", now=now)
    if unit is None:
        raise ValidationError(_("请选择改派的承办单位"))
    if HandlingUnit.of_demand(demand) == unit:
        raise ValidationError(_("改派的单位与当前承办单位相同"))
    _check_unit_for(user, unit)
    return _dispatch(
        demand,
        unit,
        user=user,
        at=at,
        note=_note(note, what=_("改派说明")),
        action="reassign",
        kind=K.REASSIGNED,
    )


@transaction.atomic
def demand_sign(*, demand: Demand, user, now=None) -> Demand:
    """签收. Of two handlers signing at once exactly one succeeds (see `_move`)."""
    at = _begin(demand, user, "sign", now=now)
    _step(
        demand,
        "sign",
        K.SIGNED,
        user=user,
        at=at,
        data={
            **_unit_data(HandlingUnit.of_demand(demand)),
            "in_time": bool(demand.sign_due and at <= demand.sign_due),
        },
        signed_at=at,
    )
    return demand


@transaction.atomic
def demand_start(*, demand: Demand, user, note: str = "", now=None) -> Demand:
    at = _begin(demand, user, "start", now=now)
    _step(
        demand,
        "start",
        K.STARTED,
        user=user,
        at=at,
        note=_note(note, what=_("说明")),
        started_at=at,
    )
    return demand


@transaction.atomic
def demand_progress_note(*, demand: Demand, user, note: str, now=None) -> Demand:
    """进展说明: the handler says how handling goes; the state stays as it is."""
    at = _begin(demand, user, "progress", now=now)
    note = _note(note, required=True, what=_("进展说明"))
    _step(
        demand,
        "progress",
        K.PROGRESS,
        user=user,
        at=at,
        note=note,
        data=_unit_data(HandlingUnit.of_demand(demand)),
    )
    return demand


@transaction.atomic
def demand_resolve(*, demand: Demand, user, note: str, photos=(), now=None) -> Demand:
    """办结, with the handling note and photo evidence."""
    at = _begin(demand, user, "resolve", now=now)
    note = _note(note, required=True, what=_("办理结果"))
    from_state, to_state = _move(demand, "resolve", at=at, resolved_at=at, resolution_note=note)
    saved = _save_photos(demand, photos, kind=DemandPhoto.Kind.RESOLUTION, user=user, at=at)
    _event(
        demand,
        K.RESOLVED,
        user=user,
        at=at,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data={
            **_unit_data(HandlingUnit.of_demand(demand)),
            "photos": [p.pk for p in saved],
            "in_time": bool(demand.resolve_due and at <= demand.resolve_due),
        },
    )
    notify(demand=demand, kind=N.RESOLVED, user_ids=[demand.reporter_user_id], at=at)
    return demand


@transaction.atomic
def demand_return(*, demand: Demand, user, reason: str, now=None) -> Demand:
    """退单: the unit sends the demand back to the dispatcher, with its reason."""
    at = _begin(demand, user, "return", now=now)
    reason = _note(reason, required=True, what=_("退单理由"), limit=500)
    returned_from = HandlingUnit.of_demand(demand)
    desk = _desk(demand)
    fields = {
        **(desk.assignment_fields() if desk else NO_ASSIGNMENT),
        **_new_round(),
        "cycle": demand.cycle + 1,
        "needs_city_dispatch": desk is None,
        "dispatched_at": None,
        "sign_due": None,
        "signed_at": None,
        "started_at": None,
        "dispatch_due": deadlines.due(
            at, category=demand.category, urgency=demand.urgency, stage=Stage.DISPATCH
        ),
    }
    _step(
        demand,
        "return",
        K.RETURNED,
        user=user,
        at=at,
        note=reason,
        data={**_unit_data(returned_from), "desk": desk.key if desk else ""},
        **fields,
    )
    notify(demand=demand, kind=N.RETURNED, units=[desk], note=reason, at=at)
    return demand


@transaction.atomic
def demand_rate(*, demand: Demand, user, rating: str, note: str = "", now=None) -> Demand:
    """评价 by the reporter (or recorded by the dispatcher from a callback)."""
    at = _begin(demand, user, "rate", now=now)
    if rating not in Demand.Rating.values:
        raise ValidationError(_("请选择评价：满意、基本满意或不满意"))
    note = _note(note, what=_("评价意见"), limit=500)
    _step(
        demand,
        "rate",
        K.RATED,
        user=user,
        at=at,
        note=note,
        data={**_unit_data(HandlingUnit.of_demand(demand)), "rating": rating},
        rating=rating,
        rating_note=note,
        rated_at=at,
    )
    return demand


@transaction.atomic
def demand_close(*, demand: Demand, user, note: str = "", now=None) -> Demand:
    at = _begin(demand, user, "close", now=now)
    _step(
        demand,
        "close",
        K.CLOSED,
        user=user,
        at=at,
        note=_note(note, what=_("结案说明")),
        closed_at=at,
    )
    return demand


@transaction.atomic
def demand_reopen(
    *, demand: Demand, user, to: str = S.DISPATCHED, note: str = "", now=None
) -> Demand:
    """重办 after an unsatisfied rating: back to the same unit, to sign again (dispatched) or
    to go on handling (in progress), with a new resolution deadline."""
    at = _begin(demand, user, "reopen", now=now, target=to)
    if demand.rating != Demand.Rating.UNSATISFIED:
        raise TransitionError(_("只有评价为“不满意”的诉求才能重办"))
    unit = HandlingUnit.of_demand(demand)
    if unit is None:
        raise TransitionError(_("该诉求没有承办单位，不能重办"))
    fields = {
        **_new_round(),
        "cycle": demand.cycle + 1,
        "resolved_at": None,
        "closed_at": None,
        "resolve_due": deadlines.due(
            at, category=demand.category, urgency=demand.urgency, stage=Stage.RESOLVE
        ),
    }
    if to == S.DISPATCHED:
        fields.update(
            dispatched_at=at,
            signed_at=None,
            started_at=None,
            sign_due=deadlines.sign_due(
                at, category=demand.category, urgency=demand.urgency, escalated=True
            ),
        )
    _step(
        demand,
        "reopen",
        K.REOPENED,
        user=user,
        at=at,
        note=_note(note, what=_("重办说明")),
        data={
            **_unit_data(unit),
            "sign_due": _iso(fields.get("sign_due")),
            "resolve_due": _iso(fields["resolve_due"]),
        },
        target=to,
        **fields,
    )
    notify(demand=demand, kind=N.REOPENED, units=[unit], note=note, at=at)
    return demand
