"""Background work of the demands app (Django's tasks API through django-tasks).

Notifications fan out in a task: the service that decides to notify only enqueues, inside
its own transaction, so with the database backend the task row commits (or rolls back)
together with the change that caused it.
"""

import contextlib
import datetime
import threading

from django.utils.dateparse import parse_datetime
from django_tasks import task

from .models import Notification
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


@task()
def notify_units(
    *, demand_id: int, kind: str, unit_keys: list[str], note: str, at: str, user_ids=()
) -> int:
    """One notification per unit, one per user who holds a role at the unit, and one per
    user named (the reporter). Safe to run twice: rows that already exist for the same
    moment are not added again."""
    created_at = parse_datetime(at)
    existing = set(
        Notification.objects.filter(
            demand_id=demand_id, kind=kind, created_at=created_at
        ).values_list("unit_key", "recipient_user_id")
    )
    rows = []
    for key in unit_keys:
        unit = HandlingUnit.from_key(key)
        for user_id in [None, *unit.member_user_ids()]:
            if (key, user_id) in existing:
                continue
            rows.append(
                Notification(
                    demand_id=demand_id,
                    kind=kind,
                    unit_key=key,
                    recipient_user_id=user_id,
                    note=note,
                    created_at=created_at,
                )
            )
    for user_id in user_ids:
        if ("", user_id) not in existing:
            rows.append(
                Notification(
                    demand_id=demand_id,
                    kind=kind,
                    recipient_user_id=user_id,
                    note=note,
                    created_at=created_at,
                )
            )
    Notification.objects.bulk_create(rows)
    return len(rows)
