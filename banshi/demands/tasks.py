"""Background work of the demands app (Django's tasks API through django-tasks).

Notifications fan out in a task: the service that decides to notify only enqueues, inside
its own transaction, so with the database backend the task row commits (or rolls back)
together with the change that caused it. The fan-out itself is one INSERT ... SELECT
(`fan_out_sql`: the unit's members are found by the database, not read into Python), so
intake writes its notifications in the statement that writes its timeline instead of
enqueueing a task: one statement in place of a task row now and a task later.
"""

import contextlib
import datetime
import threading

from django.contrib.auth import get_user_model
from django.db import connection as default_connection
from django.utils.dateparse import parse_datetime
from django_tasks import task

from banshi.access.models import RoleAssignment
from banshi.territory import codes
from banshi.territory.models import Grid, Region

from .models import Level, Notification
from .units import HandlingUnit

_local = threading.local()


@contextlib.contextmanager
def notifications_suppressed():
    """No notifications inside the block (bulk demo data: nobody is there to read them)."""
    previous = getattr(_local, "suppressed", False)
    _local.suppressed = True
    try:
        yield
    finally:
        _local.suppressed = previous


def notify(
    *, demand, kind: str, units=(), user_ids=(), note: str = "", at: datetime.datetime
) -> None:
    keys = sorted({u.key for u in units if u is not None})
    users = sorted({pk for pk in user_ids if pk})
    if not (keys or users) or getattr(_local, "suppressed", False):
        return
    notify_units.enqueue(
        demand_id=demand.pk,
        kind=kind,
        unit_keys=keys,
        user_ids=users,
        note=note[:500],
        at=at.isoformat(),
    )


def notifications_on() -> bool:
    return not getattr(_local, "suppressed", False)


def fan_out_sql(
    *,
    demand_id: int,
    kind: str,
    unit_keys=(),
    user_ids=(),
    note: str = "",
    created_at: datetime.datetime,
    connection=None,
) -> tuple[str, list] | None:
    """The INSERT ... SELECT of the notification rows: one per unit, one per active user
    who holds a role at the unit, one per user named (the reporter); rows that already
    exist for the same moment are not added again. None when there is nobody to tell."""
    conn = connection or default_connection
    keys = sorted({k for k in unit_keys if k})
    users = sorted({pk for pk in user_ids if pk})
    if not (keys or users):
        return None
    q = conn.ops.quote_name
    n = Notification._meta
    ncol = {f: q(n.get_field(f).column) for f in ("demand", "kind", "unit_key", "recipient_user")}
    ncol.update({f: q(n.get_field(f).column) for f in ("note", "created_at", "read")})
    at = n.get_field("created_at").get_db_prep_value(created_at, conn)
    # (group, unit key, order within the unit, user id): the rows in the order the
    # services have always written them (per unit: the unit's row, then its members).
    parts, params = [], []
    for key in keys:
        parts.append("SELECT 0 AS g, %s AS unit_key, 0 AS o, NULL AS user_id")
        params.append(key)
        member_sql, member_params = _members_sql(HandlingUnit.from_key(key), conn)
        parts.append(f"SELECT 0 AS g, %s AS unit_key, 1 AS o, m.user_id FROM ({member_sql}) m")
        params += [key, *member_params]
    for user_id in users:
        parts.append("SELECT 1 AS g, '' AS unit_key, 0 AS o, %s AS user_id")
        params.append(user_id)
    table = q(n.db_table)
    sql = (
        f"INSERT INTO {table} ({ncol['demand']}, {ncol['kind']}, {ncol['unit_key']}, "
        f"{ncol['recipient_user']}, {ncol['note']}, {ncol['created_at']}, {ncol['read']}) "
        f"SELECT %s, %s, r.unit_key, r.user_id, %s, %s, %s FROM ({' UNION '.join(parts)}) r "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} e WHERE e.{ncol['demand']} = %s "
        f"AND e.{ncol['kind']} = %s AND e.{ncol['created_at']} = %s "
        f"AND e.{ncol['unit_key']} = r.unit_key AND (e.{ncol['recipient_user']} = r.user_id "
        f"OR (e.{ncol['recipient_user']} IS NULL AND r.user_id IS NULL))) "
        "ORDER BY r.g, r.unit_key, r.o, r.user_id"
    )
    head = [demand_id, kind, note[:500], at, False]
    return sql, [*head, *params, demand_id, kind, at]


def _members_sql(unit: HandlingUnit, conn) -> tuple[str, list]:
    """The distinct ids of the active users who hold a role at `unit` (as
    `HandlingUnit.member_user_ids`), as a subquery."""
    q = conn.ops.quote_name
    ra = RoleAssignment._meta
    user = get_user_model()._meta
    sql = (
        f"SELECT DISTINCT ra.{q(ra.get_field('user').column)} AS user_id "
        f"FROM {q(ra.db_table)} ra JOIN {q(user.db_table)} u "
        f"ON u.{q(user.pk.column)} = ra.{q(ra.get_field('user').column)} "
    )
    active = f"u.{q(user.get_field('is_active').column)} = %s"
    if unit.is_department:
        where = f"ra.{q(ra.get_field('department').column)} = %s"
        return f"{sql}WHERE {active} AND {where}", [True, unit.department_id]
    if unit.level == Level.GRID:
        place, column, code = Grid._meta, ra.get_field("grid").column, unit.code
    else:
        place, column, code = Region._meta, ra.get_field("region").column, codes.padded(unit.code)
    sql += (
        f"JOIN {q(place.db_table)} p ON p.{q(place.pk.column)} = ra.{q(column)} "
        f"WHERE {active} AND p.{q(place.get_field('code').column)} = %s"
    )
    return sql, [True, code]


def fan_out(
    *, demand_id: int, kind: str, unit_keys=(), user_ids=(), note: str = "", created_at
) -> int:
    """Write the notification rows (see `fan_out_sql`). Returns how many were added."""
    statement = fan_out_sql(
        demand_id=demand_id,
        kind=kind,
        unit_keys=unit_keys,
        user_ids=user_ids,
        note=note,
        created_at=created_at,
    )
    if statement is None:
        return 0
    with default_connection.cursor() as cursor:
        cursor.execute(*statement)
        return cursor.rowcount


@task()
def notify_units(
    *, demand_id: int, kind: str, unit_keys: list[str], note: str, at: str, user_ids=()
) -> int:
    """One notification per unit, one per user who holds a role at the unit, and one per
    user named (the reporter). Safe to run twice: rows that already exist for the same
    moment are not added again."""
    return fan_out(
        demand_id=demand_id,
        kind=kind,
        unit_keys=unit_keys,
        user_ids=user_ids,
        note=note,
        created_at=parse_datetime(at),
    )
