"""Writes of demands: intake, every workflow step, whistle calls, merging, the hotline import.

Each service is one transaction with keyword-only arguments. `user=None` means the system
(auto-dispatch at intake, the deadline sweep, imports run on the server); for a person, the
state machine's `authorize` decides. A state change is a conditional UPDATE on the state the
service checked (`_move`), so of two concurrent attempts exactly one succeeds on SQLite and
PostgreSQL alike.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import AuditEvent
from banshi.access.scope import scope_for
from banshi.access.services import audit_record
from banshi.core import crypto
from banshi.people.identity import IdentityError, normalize_phone

from . import deadlines
from .duplicates import Candidate, candidates_for
from .models import (
    Category,
    Demand,
    DemandEvent,
    DemandPhoto,
    Notification,
    Stage,
    Urgency,
    WhistleCall,
)
from .photos import validated_image
from .routing import default_handler, route
from .tasks import notify
from .units import NO_ASSIGNMENT, HandlingUnit, UnitError
from .workflow import TransitionError, authorize, check

S = Demand.State
K = DemandEvent.Kind
N = Notification.Kind

MAX_DESCRIPTION = 2000
SELF_SERVICE = (Demand.Channel.WEB, Demand.Channel.API, Demand.Channel.OPEN311)
MAX_PHOTOS = 9


@dataclass
class Intake:
    demand: Demand
    created: bool
    duplicates: list[Candidate] = field(default_factory=list)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _event_row(demand, kind, *, user=None, at, from_state="", to_state="", note="", data=None):
    """An unsaved timeline event (for bulk_create)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return DemandEvent(
        demand=demand,
        at=at,
        user=user,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


def _event(demand, kind, **kwargs):
    event = _event_row(demand, kind, **kwargs)
    event.save()
    return event


def _move(demand, action, *, at, target=None, **fields) -> tuple[str, str]:
    """Change the state (and `fields`) if, and only if, the demand is still in the state it
    was read in. Returns (from, to). Services read the demand afresh first, so this only
    fails when another transaction moved it in between: of two at once, one wins."""
    from_state = demand.state
    to_state = check(from_state, action, target=target)
    changed = Demand.objects.filter(pk=demand.pk, state=from_state).update(
        state=to_state, updated_at=timezone.now(), **fields
    )
    if changed != 1:
        current = Demand.objects.filter(pk=demand.pk).values_list("state", flat=True).first()
        raise TransitionError(
            _("诉求状态已被他人更改为“%(state)s”，本次操作未执行，请刷新后重试")
            % {"state": S(current).label if current in S.values else current}
        )
    for name, value in fields.items():
        setattr(demand, name, value)
    demand.state = to_state
    return from_state, to_state


def _refresh(demand: Demand) -> None:
    """`demand.refresh_from_db()`, cheaper: one prepared SELECT of the row, and the related
    objects already loaded are kept when their key did not change (refresh_from_db drops
    them all, and the service would read them again)."""
    fresh = next(iter(Demand.objects.raw(_refresh_sql(), [demand.pk])), None)
    if fresh is None:
        raise Demand.DoesNotExist(f"Demand {demand.pk} does not exist")
    for f in Demand._meta.concrete_fields:
        value = getattr(fresh, f.attname)
        if f.is_relation and f.is_cached(demand) and getattr(demand, f.attname) != value:
            f.delete_cached_value(demand)
        setattr(demand, f.attname, value)
    for f in Demand._meta.related_objects:
        if f.is_cached(demand):
            f.delete_cached_value(demand)
    demand._state.adding = False
    demand._state.db = fresh._state.db


_REFRESH_SQL: dict[str, str] = {}


def _refresh_sql() -> str:
    from django.db import connection

    sql = _REFRESH_SQL.get(connection.vendor)
    if sql is None:
        q = connection.ops.quote_name
        columns = ", ".join(q(f.column) for f in Demand._meta.concrete_fields)
        sql = (
            f"SELECT {columns} FROM {q(Demand._meta.db_table)} "
            f"WHERE {q(Demand._meta.pk.column)} = %s"
        )
        _REFRESH_SQL[connection.vendor] = sql
    return sql


def _begin(demand, user, action, *, now, target=None) -> datetime.datetime:
    """The start of every workflow step: read the demand afresh, check that `action` is
    allowed from its state (to `target`) and by `user`. Returns the step's time."""
    at = _now(now)
    _refresh(demand)
    check(demand.state, action, target=target)
    _authorize(demand, user, action)
    return at


def _step(demand, action, kind, *, user, at, note="", data=None, target=None, **fields):
    """Move the state (with `fields`, see `_move`) and put the step on the timeline.
    Returns (from, to). `data` is evaluated before the move: it reads new values from
    `fields`, not from the demand."""
    from_state, to_state = _move(demand, action, at=at, target=target, **fields)
    _event(
        demand,
        kind,
        user=user,
        at=at,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
    )
    return from_state, to_state


def _authorize(demand, user, action) -> None:
    if user is not None:
        authorize(demand, user, action)


def _note(value: str, *, required: bool = False, what: str = "", limit: int = 2000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(
            _("%(what)s不能超过%(n)d个字") % {"what": what or _("说明"), "n": limit}
        )
    return value


def _save_photos(demand, photos, *, kind, user, at) -> list[DemandPhoto]:
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("照片最多%(n)d张") % {"n": MAX_PHOTOS})
    saved = []
    for upload in photos:
        content, content_type, size = validated_image(upload)
        saved.append(
            DemandPhoto.objects.create(
                demand=demand,
                kind=kind,
                file=content,
                content_type=content_type,
                size=size,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
                uploaded_at=at,
            )
        )
    return saved


def _desk(demand) -> HandlingUnit | None:
    return HandlingUnit.of_region(demand.street) if demand.street_id else None


def _unit_data(unit: HandlingUnit | None) -> dict:
    if unit is None:
        return {"unit": "", "unit_code": "", "department_id": None}
    return {"unit": unit.key, "unit_code": unit.code, "department_id": unit.department_id}


def _check_unit_for(user, unit: HandlingUnit) -> None:
    """A dispatcher may send a demand to a department, or to a unit inside their scope."""
    if not unit.exists():
        raise ValidationError(_("承办单位不存在：%(key)s") % {"key": unit.key})
    if user is None or unit.is_department:
        return
    scope = scope_for(user)
    if not scope.everything and not any(unit.code.startswith(p) for p in scope.prefixes):
        raise ValidationError(_("只能派往本辖区内的单位：%(name)s") % {"name": unit.name})


def _dispatch_fields(demand, unit: HandlingUnit, at) -> dict:
    fields = unit.assignment_fields()
    fields.update(
        dispatched_at=at,
        sign_due=deadlines.sign_due(
            at,
            category=demand.category,
            urgency=demand.urgency,
            escalated=demand.escalation_level > 0,
        ),
        signed_at=None,
        started_at=None,
        needs_city_dispatch=False,
    )
    if demand.resolve_due is None:
        fields["resolve_due"] = deadlines.due(
            at, category=demand.category, urgency=demand.urgency, stage=Stage.RESOLVE
        )
    return fields


def _new_round() -> dict:
    return {"dispatch_overdue": False, "sign_overdue": False, "resolve_overdue": False}


# --- intake ---------------------------------------------------------------------------


def _reporter_fields(name: str, phone: str) -> dict:
    name = (name or "").strip()
    if len(name) > 64:
        raise ValidationError(_("联系人姓名过长（最多64个字）"))
    try:
        phone = normalize_phone(phone)
    except IdentityError as exc:
        raise ValidationError(_("联系电话无效：%(err)s") % {"err": exc}) from exc
    return {
        "reporter_name_enc": crypto.encrypt(name),
        "reporter_name_masked": (name[0] + "*" * (len(name) - 1)) if name else "",
        "reporter_phone_enc": crypto.encrypt(phone),
        "reporter_phone_hash": crypto.blind_index(phone),
        "reporter_phone_masked": crypto.mask_phone(phone),
    }


def _validate_intake(*, category, description, channel, urgency, lat, lng, building, household):
    if not isinstance(category, Category) or not category.active:
        raise ValidationError(_("诉求类别无效或已停用"))
    if channel not in Demand.Channel.values:
        raise ValidationError(_("未知的受理渠道：%(c)s") % {"c": channel})
    if urgency not in Urgency.values:
        raise ValidationError(_("未知的紧急程度：%(u)s") % {"u": urgency})
    if not description:
        raise ValidationError(_("请填写诉求内容"))
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(_("诉求内容不能超过%(n)d个字") % {"n": MAX_DESCRIPTION})
    if (lat is None) != (lng is None):
        raise ValidationError(_("经度和纬度必须同时填写"))
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError(_("经纬度超出范围：%(lng)s, %(lat)s") % {"lng": lng, "lat": lat})
    if household is not None and building is not None and household.building_id != building.pk:
        raise ValidationError(_("所选的户不在所选楼栋内"))


@transaction.atomic
def demand_submit(
    *,
    category: Category,
    description: str,
    channel: str,
    user=None,
    urgency: str = Urgency.NORMAL,
    lat: float | None = None,
    lng: float | None = None,
    address: str = "",
    building=None,
    household=None,
    region=None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_resident=None,
    photos=(),
    external_id: str = "",
    idempotency_key: str | None = None,
    received_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Intake:
    """Take in a demand, route it, set its deadlines, dispatch it when its handler is known
    (otherwise it waits at the street's dispatch desk, or the city's), and suggest
    duplicates. A repeated idempotency key, or a repeated external id on the same channel,
    returns the demand already taken in."""
    at = _now(now)
    received_at = received_at or at
    description = (description or "").strip()
    address = (address or "").strip()[:200]
    external_id = (external_id or "").strip()
    idempotency_key = (idempotency_key or "").strip() or None
    if idempotency_key and len(idempotency_key) > 200:
        raise ValidationError(_("幂等键过长（最多200个字符）"))
    if len(external_id) > 64:
        raise ValidationError(_("外部工单编号过长（最多64个字符）"))
    # A retry is found by the unique key when the row is inserted (no query up front for
    # the usual first attempt); a retry that no longer validates still gets its demand.
    try:
        lat = float(lat) if lat not in (None, "") else None
        lng = float(lng) if lng not in (None, "") else None
        _validate_intake(
            category=category,
            description=description,
            channel=channel,
            urgency=urgency,
            lat=lat,
            lng=lng,
            building=building,
            household=household,
        )
        reporter = _reporter_fields(reporter_name, reporter_phone)
    except (ValidationError, ValueError):
        existing = _existing(channel=channel, external_id=external_id, key=idempotency_key)
        if existing is None:
            raise
        return Intake(existing, created=False)
    # On the self-service channels the user is the reporter; on the others (hotline,
    # walk-in, grid worker) the user only records the demand.
    self_service = channel in SELF_SERVICE and getattr(user, "is_authenticated", False)
    if reporter_resident is None and self_service:
        scope = scope_for(user)
        if len(scope.resident_ids) == 1:
            from banshi.people.models import Resident

            reporter_resident = Resident.objects.filter(pk=scope.resident_ids[0]).first()
    r = route(
        category=category,
        lat=lat,
        lng=lng,
        building=building,
        household=household,
        region=region,
    )
    desk = r.desk
    handler = r.handler if r.handler is not None and r.handler.exists() else None
    demand = Demand(
        channel=channel,
        category=category,
        description=description,
        urgency=urgency,
        lat=r.lat,
        lng=r.lng,
        address=address,
        building=building or (household.building if household is not None else None),
        household=household,
        grid=r.grid,
        community=r.community,
        street=r.street,
        territory_code=r.territory_code,
        needs_city_dispatch=desk is None and r.handler is None,
        reporter_user=user if self_service else None,
        reporter_resident=reporter_resident,
        received_at=received_at,
        dispatch_due=deadlines.due(
            received_at, category=category, urgency=urgency, stage=Stage.DISPATCH
        ),
        external_id=external_id,
        idempotency_key=idempotency_key,
        **reporter,
        **(desk.assignment_fields() if desk is not None else NO_ASSIGNMENT),
    )
    dispatched = None
    if handler is not None:
        # Auto-dispatch: the row is written once, already dispatched, with exactly the fields
        # and timeline `_dispatch` would give it (received → dispatched, by the system).
        dispatched = check(S.RECEIVED, "dispatch")
        for name, value in _dispatch_fields(demand, handler, received_at).items():
            setattr(demand, name, value)
        demand.state = dispatched
    try:
        if idempotency_key or external_id:
            with transaction.atomic():
                demand.save(force_insert=True)
        else:
            demand.save(force_insert=True)
    except IntegrityError:
        # A concurrent retry with the same key or external id won the race.
        existing = _existing(channel=channel, external_id=external_id, key=idempotency_key)
        if existing is None:
            raise
        return Intake(existing, created=False)
    duplicates = candidates_for(demand)
    events = [
        _event_row(
            demand,
            K.SUBMITTED,
            user=user,
            at=received_at,
            to_state=S.RECEIVED,
            data={
                "channel": channel,
                "territory_code": demand.territory_code,
                "desk": desk.key if desk else "",
                "dispatch_due": _iso(demand.dispatch_due),
                "duplicates": [c.demand.pk for c in duplicates],
            },
        )
    ]
    if dispatched is not None:
        events.append(
            _event_row(
                demand,
                K.DISPATCHED,
                user=None,
                at=received_at,
                from_state=S.RECEIVED,
                to_state=dispatched,
                data={
                    **_unit_data(handler),
                    "auto": True,
                    "sign_due": _iso(demand.sign_due),
                    "resolve_due": _iso(demand.resolve_due),
                },
            )
        )
    DemandEvent.objects.bulk_create(events)
    _save_photos(demand, photos, kind=DemandPhoto.Kind.INTAKE, user=user, at=received_at)
    if handler is not None:
        notify(demand=demand, kind=N.DISPATCHED, units=[handler], note="", at=received_at)
    elif desk is not None:
        notify(demand=demand, kind=N.DISPATCHED, units=[desk], at=received_at)
    return Intake(demand, created=True, duplicates=duplicates)


def _existing(*, channel, external_id, key) -> Demand | None:
    if not (key or external_id):
        return None
    # One light query for the usual case (nothing found); the row only when there is one.
    match = Q(idempotency_key=key) if key else Q()
    if external_id:
        by_external = Q(channel=channel, external_id=external_id)
        match = (match | by_external) if key else by_external
    found = list(Demand.objects.filter(match).order_by().values_list("pk", "idempotency_key"))
    if not found:
        return None
    pk = next((pk for pk, k in found if key and k == key), found[0][0])
    return Demand.objects.filter(pk=pk).first()


# --- dispatch, sign, handle -----------------------------------------------------------


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


# --- whistle (吹哨报到) -----------------------------------------------------------------


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
                called_by=user if getattr(user, "is_authenticated", False) else None,
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
            from .workflow import ActionForbidden

            raise ActionForbidden(_("只有被召集的部门才能报到"))
    changed = WhistleCall.objects.filter(pk=call.pk, signed_at__isnull=True).update(
        signed_at=at, signed_by=user if getattr(user, "is_authenticated", False) else None
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


# --- merge ----------------------------------------------------------------------------


@transaction.atomic
def demand_merge(*, demand: Demand, into: Demand, user, note: str = "", now=None) -> Demand:
    """合并: the duplicate ends here; its reporter follows the primary's progress."""
    at = _begin(demand, user, "merge", now=now)
    if into.pk == demand.pk:
        raise ValidationError(_("不能把诉求合并到它自己"))
    into.refresh_from_db()
    if into.state == S.MERGED:
        raise ValidationError(_("目标诉求已被合并，请合并到它的主诉求"))
    if into.primary().pk == demand.pk:
        raise ValidationError(_("不能形成循环合并"))
    if user is not None:
        from .selectors import demand_list

        if not demand_list(user=user).filter(pk=into.pk).exists():
            raise ValidationError(_("目标诉求不在您的辖区内"))
    note = _note(note, what=_("合并说明"), limit=500)
    _step(
        demand,
        "merge",
        K.MERGED,
        user=user,
        at=at,
        note=note,
        data={"into": into.pk, "into_tracking_code": into.tracking_code},
        merged_into=into,
    )
    _event(into, K.MERGED_IN, user=user, at=at, note=note, data={"demand": demand.pk})
    return demand


# --- notifications --------------------------------------------------------------------


@transaction.atomic
def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient_user=user, read=False)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read=True)


# --- hotline import -------------------------------------------------------------------


@transaction.atomic
def hotline_import(*, file, filename: str, user=None, now=None):
    """Import the hotline's work orders (CSV or XLSX). Good rows are taken in; bad rows
    are reported by row and column; a work order already imported is skipped."""
    from .hotline import import_rows

    if user is not None:
        scope = scope_for(user)
        if not scope.everything and not any(len(p) <= 9 for p in scope.prefixes):
            from .workflow import ActionForbidden

            raise ActionForbidden(_("只有街道及以上的工作人员可以导入热线工单"))
    report = import_rows(file=file, filename=filename, user=user, now=_now(now))
    audit_record(
        action=AuditEvent.Action.IMPORT,
        user=user,
        object_type="demands.Demand",
        rows=report.created,
        changes={
            "file": filename[:100],
            "created": report.created,
            "existing": report.existing,
            "errors": len(report.errors),
        },
    )
    return report


__all__ = [
    "Intake",
    "UnitError",
    "demand_submit",
    "demand_dispatch",
    "demand_reassign",
    "demand_sign",
    "demand_start",
    "demand_resolve",
    "demand_return",
    "demand_rate",
    "demand_close",
    "demand_reopen",
    "demand_escalate",
    "whistle_sign",
    "demand_merge",
    "notifications_mark_read",
    "hotline_import",
]
