"""The machinery every demand service shares: a step reads the demand afresh and checks the
state machine and the user (`_begin`), then moves the state with a conditional UPDATE and
puts the step on the timeline (`_step`); plus notes, photos and the handling-unit fields
a dispatch writes."""

import datetime
import weakref

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.scope import scope_for
from banshi.core.text import clean_text

from .. import deadlines
from ..models import Demand, DemandEvent, DemandPhoto, Notification, Stage
from ..photos import validated_images
from ..units import HandlingUnit
from ..workflow import TransitionError, authorize, check

S = Demand.State
K = DemandEvent.Kind
N = Notification.Kind


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _recorded(user):
    """The user to record on a row: None for the system and for an anonymous user."""
    return user if getattr(user, "is_authenticated", False) else None


def _event_row(demand, kind, *, user=None, at, from_state="", to_state="", note="", data=None):
    """An unsaved timeline event (for bulk_create)."""
    return DemandEvent(
        demand=demand,
        at=at,
        user=_recorded(user),
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )


def _insert_sql(objs: list, conn) -> tuple[str, list]:
    """The INSERT of the unsaved rows `objs` (of one model) as one statement, with the
    values `bulk_create` would write (no primary keys are read back): for a caller that
    sends it together with another statement."""
    opts = type(objs[0])._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    q = conn.ops.quote_name
    params = []
    for obj in objs:
        params += [f.get_db_prep_save(f.pre_save(obj, True), connection=conn) for f in fields]
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {q(opts.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * len(objs))}"
    )
    return sql, params


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
    changed = _update_in_state(
        demand, from_state, {"state": to_state, "updated_at": timezone.now(), **fields}
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


def _update_in_state(demand, state: str, values: dict) -> int:
    """`Demand.objects.filter(pk=demand.pk, state=state).update(**values)`, the same UPDATE
    and values, cheaper: every step makes one, and building and compiling the queryset
    cost more than the query. An expression among the values takes the queryset."""
    if any(hasattr(value, "resolve_expression") for value in values.values()):
        return Demand.objects.filter(pk=demand.pk, state=state).update(**values)
    db = router.db_for_write(Demand, instance=demand)
    conn = connections[db]
    q = conn.ops.quote_name
    opts = Demand._meta
    sets, params = [], []
    for name, value in values.items():
        f = opts.get_field(name)
        if f.remote_field and hasattr(value, "prepare_database_save"):
            value = value.prepare_database_save(f)  # a related object: its key
        value = f.get_db_prep_save(value, connection=conn)
        if value is None:
            sets.append(f"{q(f.column)} = NULL")
        else:
            sets.append(f"{q(f.column)} = %s")
            params.append(value)
    where = f"{q(opts.pk.column)} = %s AND {q(opts.get_field('state').column)} = %s"
    sql = f"UPDATE {q(opts.db_table)} SET {', '.join(sets)} WHERE {where}"
    with transaction.mark_for_rollback_on_error(using=db), conn.cursor() as cursor:
        cursor.execute(sql, [*params, demand.pk, state])
        return cursor.rowcount


def _refresh(demand: Demand) -> None:
    """`demand.refresh_from_db()`, cheaper: one prepared SELECT of the row, its values
    converted as a queryset would, and the related objects already loaded are kept when
    their key did not change (refresh_from_db drops them all, and the service would read
    them again). No model instance is built for the row: a step reads the demand five
    times or more, and the queryset machinery cost more than the query."""
    db = router.db_for_read(Demand, instance=demand)
    conn = connections[db]
    sql, fields = _refresh_plan(conn)
    with conn.cursor() as cursor:
        cursor.execute(sql, [demand.pk])
        row = cursor.fetchone()
    if row is None:
        raise Demand.DoesNotExist(f"Demand {demand.pk} does not exist")
    for (f, col, converters), value in zip(fields, row, strict=True):
        for converter in converters:
            value = converter(value, col, conn)
        if f.is_relation and f.is_cached(demand) and getattr(demand, f.attname) != value:
            f.delete_cached_value(demand)
        setattr(demand, f.attname, value)
    for f in Demand._meta.related_objects:
        if f.is_cached(demand):
            f.delete_cached_value(demand)
    demand._state.adding = False
    demand._state.db = db


# Per connection (the converters are bound to it): the SELECT and, for each column, its
# field, its expression and the converters a queryset would apply to its value.
_REFRESH_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _refresh_plan(conn) -> tuple[str, list[tuple]]:
    plan = _REFRESH_PLANS.get(conn)
    if plan is None:
        q = conn.ops.quote_name
        table = Demand._meta.db_table
        concrete = Demand._meta.concrete_fields
        sql = (
            f"SELECT {', '.join(q(f.column) for f in concrete)} FROM {q(table)} "
            f"WHERE {q(Demand._meta.pk.column)} = %s"
        )
        fields = []
        for f in concrete:
            col = f.get_col(table)
            converters = conn.ops.get_db_converters(col) + col.get_db_converters(conn)
            fields.append((f, col, tuple(converters)))
        plan = _REFRESH_PLANS[conn] = (sql, fields)
    return plan


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
    # Cleaned here as well as on save: notes are also written by queryset updates.
    value = clean_text(value or "", multiline=True).strip()
    if required and not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(
            _("%(what)s不能超过%(n)d个字") % {"what": what or _("说明"), "n": limit}
        )
    return value


def _save_photos(demand, photos, *, kind, user, at) -> list[DemandPhoto]:
    """Store the photos, once every one of them is checked (a bad fifth photo must not
    leave the first four in the media folder). If storing fails part way, the files
    already stored are removed: the transaction that would have recorded them rolls back."""
    photos = list(photos or ())
    # The first pass checks all, holding one file in memory at a time; the second stores.
    for _checked in validated_images(photos):
        pass
    saved: list[DemandPhoto] = []
    try:
        for content, content_type, size in validated_images(photos):
            saved.append(
                DemandPhoto.objects.create(
                    demand=demand,
                    kind=kind,
                    file=content,
                    content_type=content_type,
                    size=size,
                    uploaded_by=_recorded(user),
                    uploaded_at=at,
                )
            )
    except BaseException:
        _remove_files(saved)
        raise
    return saved


def _remove_files(photos: list[DemandPhoto]) -> None:
    """Delete the stored files of `photos` (whose rows are being rolled back)."""
    for photo in photos:
        if photo.file.name:
            photo.file.storage.delete(photo.file.name)


# --- handling units --------------------------------------------------------------------


def _desk(demand) -> HandlingUnit | None:
    return HandlingUnit.of_region(demand.street) if demand.street_id else None


def _unit_data(unit: HandlingUnit | None) -> dict:
    if unit is None:
        return {"unit": "", "unit_code": "", "department_id": None}
    return {"unit": unit.key, "unit_code": unit.code, "department_id": unit.department_id}


def _check_unit_for(user, unit: HandlingUnit) -> None:
    """A dispatcher may send a demand to a department, or to a unit inside their scope. A
    unit outside the scope is refused exactly as one that does not exist (same words, no
    name), so dispatching cannot be used to learn which units exist elsewhere."""
    if user is not None and not unit.is_department:
        scope = scope_for(user)
        if not scope.everything and not any(unit.code.startswith(p) for p in scope.prefixes):
            raise ValidationError(_("承办单位不存在：%(key)s") % {"key": unit.key})
    if not unit.exists():
        raise ValidationError(_("承办单位不存在：%(key)s") % {"key": unit.key})


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
