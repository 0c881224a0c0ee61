"""Figure snapshots: the registered figures of the largest subjects (by default the city and
its districts, settings.BANSHI_FIGURE_SNAPSHOT_LEVELS), kept in `FigureSnapshot` rows.

Counting a city's 3.5 million residents, 20 million demands and a year of field work for
each of some hundred figures takes tens of seconds; the city's page must answer in under
one. So `figures.compute` reads such a subject's figures from its snapshot when the snapshot
is younger than BANSHI_FIGURE_SNAPSHOT_MAX_AGE seconds, computes what is missing or stale
from the records and keeps it, and the worker (dashboards' `figure_snapshots` job) refreshes
the current and the last month before anyone asks. A snapshot is the unit's official
figure, the same for whoever looks, and says when it was counted; a viewer's scoped figures
(`scope`) are never read from it, and every figure still opens into its records, counted
live. Smaller subjects are counted from the records each time."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .models import FigureSnapshot


def levels() -> tuple[int, ...]:
    return tuple(getattr(settings, "BANSHI_FIGURE_SNAPSHOT_LEVELS", ()))


def max_age() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "BANSHI_FIGURE_SNAPSHOT_MAX_AGE", 900))


def _encode(value):
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _decode(value):
    if isinstance(value, dict) and set(value) == {"decimal"}:
        return Decimal(value["decimal"])
    return value


class SnapshotStore:
    """What `banshi.core.figures.compute` reads and writes through (set in core's ready)."""

    def covers(self, subject) -> bool:
        return getattr(subject, "level", None) in levels()

    def read(self, subject, period, keys) -> dict[str, tuple[object, datetime.datetime]]:
        """key → (value, computed_at) of the subject's fresh snapshots among `keys`."""
        rows = FigureSnapshot.objects.filter(
            code=subject.code,
            period=period.key,
            key__in=list(keys),
            computed_at__gte=timezone.now() - max_age(),
        ).values_list("key", "value", "computed_at")
        return {key: (_decode(value), at) for key, value, at in rows}

    def write(self, subject, period, values: dict, *, at: datetime.datetime) -> int:
        """Keep `values` (key → value) as the subject's snapshot for the period."""
        if not values or period.kind == "window":  # a window moves with the clock
            return 0
        rows = [
            FigureSnapshot(
                code=subject.code, period=period.key, key=k, value=_encode(v), computed_at=at
            )
            for k, v in values.items()
        ]
        FigureSnapshot.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["code", "period", "key"],
            update_fields=["value", "computed_at"],
        )
        return len(rows)


store = SnapshotStore()
