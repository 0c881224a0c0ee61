"""Reading the monthly rate rollup (`models.RateRollup`, kept current by a PostgreSQL
trigger in the writing transaction; see migration 0007).

The rates' official figures — a ranking of units, a unit's or a region's three rates, their
twelve-month trend — add up the rollup's rows for whole months instead of counting the
demands: a few thousand rows a month, whatever the number of demands. Counting from the
demands stays the definition: it is what SQLite uses, what a viewer's scoped figures use (a
rollup cannot know what one viewer may see), and what `recount` compares the rollup with
(tests/demands/test_rate_rollup.py after random writes; `banshi rates --recount` on a live
database)."""

import datetime

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from .models import Level, RateRollup
from .rollup_sql import FILL
from .units import PREFIX_LEN

COUNTS = ("dispatched", "responded_in_time", "due", "resolved", "rated", "satisfied")
MAX_MONTHS = 120  # a longer span is counted from the demands


def enabled() -> bool:
    """On PostgreSQL (where the trigger exists) unless settings.BANSHI_RATE_ROLLUP is False."""
    if not getattr(settings, "BANSHI_RATE_ROLLUP", True):
        return False
    return connections[router.db_for_read(RateRollup)].vendor == "postgresql"


def _is_month_start(moment: datetime.datetime) -> bool:
    local = timezone.localtime(moment)
    return (local.day, local.hour, local.minute, local.second, local.microsecond) == (
        1, 0, 0, 0, 0,
    )  # fmt: skip


def months(start: datetime.datetime, end: datetime.datetime) -> list[datetime.date] | None:
    """The months [start, end) covers when both are local month starts; None otherwise (a
    window of days is counted from the demands)."""
    if end <= start or not (_is_month_start(start) and _is_month_start(end)):
        return None
    found, day, last = [], timezone.localtime(start).date(), timezone.localtime(end).date()
    while day < last:
        found.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return found if len(found) <= MAX_MONTHS else None


def period_months(period) -> list[datetime.date] | None:
    """The months of a `Period` of kind month or year; None for a window or when disabled."""
    if period.kind not in ("month", "year") or not enabled():
        return None
    return months(*period.bounds)


def _sums(qs: QuerySet) -> dict:
    return {c: Sum(c) for c in COUNTS}


def unit_counts(*, level: str, months: list[datetime.date], prefix: str = "") -> dict:
    """unit key → the six counts, for every unit at `level` with something to count (the
    same units and numbers as `rates.unit_rates` counts from the demands): a territorial unit
    answers for the demands assigned in its subtree, a department for its own."""
    qs = RateRollup.objects.filter(month__in=months)
    if level == Level.DEPARTMENT:
        qs = qs.exclude(department_id=0).annotate(unit=F("department_id"))
    else:
        n = PREFIX_LEN[level]
        levels = [lv for lv, length in PREFIX_LEN.items() if length >= n]
        qs = qs.filter(assigned_level__in=levels).annotate(unit=Substr("assigned_code", 1, n))
    if prefix:
        qs = qs.filter(assigned_code__startswith=prefix)
    rows = qs.order_by().values("unit").annotate(**_sums(qs))
    return {
        row["unit"]: {c: row[c] for c in COUNTS}
        for row in rows
        if row["dispatched"] or row["due"] or row["rated"]
    }


def code_counts(*, prefix: str, months: list[datetime.date]) -> dict:
    """The six counts of every demand assigned under `prefix` (any level), as the region and
    grid figures count them."""
    qs = RateRollup.objects.filter(month__in=months, assigned_code__startswith=prefix)
    got = qs.aggregate(**_sums(qs))
    return {c: got[c] or 0 for c in COUNTS}


def department_counts(*, department_id: int, months: list[datetime.date]) -> dict:
    qs = RateRollup.objects.filter(month__in=months, department_id=department_id)
    got = qs.aggregate(**_sums(qs))
    return {c: got[c] or 0 for c in COUNTS}


def rebuild() -> int:
    """Empty the rollup and add up every demand again (after a bulk load that ran with the
    trigger disabled, e.g. the city generator). Returns the rows written."""
    alias = router.db_for_write(RateRollup)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("LOCK TABLE demands_raterollup IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM demands_raterollup")
        cursor.execute(FILL)
        return cursor.rowcount
