"""The monthly rate rollup (PostgreSQL): the trigger keeps it equal to a count of the demands
through every kind of write — the services' own steps over a demo street's 120 days, then
random single-row updates of every column the rates read, bulk updates, merges, deletes and
new rows — for every level and month; `rollup.rebuild()` gives the same table; and the
ranking, the unit figures and the region's rate figures read it (a planted difference in the
rollup shows up in them, so they do read it)."""

import datetime
import random

import pytest
from django.db import connection
from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.demands import rates, rollup
from banshi.demands.demo import build_demo_demands
from banshi.demands.models import Demand, RateRollup, new_tracking_code
from banshi.demands.units import HandlingUnit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the rollup's trigger exists on PostgreSQL only"
    ),
]

NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 18, 0))
MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
LEVELS = ("grid", "community", "street", "district", "department")


@pytest.fixture
def demo(world):
    return build_demo_demands(world.street, seed=11, now=NOW, count=300, days=120)


def _live(level, period, region=None):
    bounds = rates.month(period)
    return {
        k: {c: v.get(c, 0) for c in rollup.COUNTS}
        for k, v in rates._counted(level, bounds, user=None, region=region, queryset=None).items()
    }


def _rolled(level, period, region=None):
    months = rollup.months(*rates.month(period))
    return rollup.unit_counts(
        level=level, months=months, prefix=region.prefix if region is not None else ""
    )


def _table():
    return sorted(
        RateRollup.objects.exclude(dispatched=0, due=0, rated=0, responded_in_time=0)
        .exclude(resolved=0, satisfied=0, dispatched=0, due=0, rated=0)
        .values_list("month", "assigned_level", "assigned_code", "department_id", *rollup.COUNTS)
    )


def assert_rollup_is_the_count(region=None):
    for period in MONTHS:
        for level in LEVELS:
            assert _rolled(level, period) == _live(level, period), (level, period)
        assert _rolled("grid", period, region) == _live("grid", period, region)


def _random_writes(rng, street):
    ids = list(Demand.objects.values_list("pk", flat=True))
    units = list(
        Demand.objects.exclude(assigned_code="")
        .values_list("assigned_level", "assigned_code")
        .distinct()
    )
    moments = [NOW - datetime.timedelta(hours=rng.randrange(24 * 150)) for _ in range(50)]
    for _ in range(250):
        pk = rng.choice(ids)
        field = rng.choice(
            ["dispatched_at", "signed_at", "sign_due", "resolve_due", "resolved_at",
             "rated_at", "rating", "state", "unit", "department"]
        )  # fmt: skip
        if field == "rating":
            change = {"rating": rng.choice(["", "satisfied", "basic", "unsatisfied"])}
        elif field == "state":
            change = {"state": rng.choice([s.value for s in Demand.State])}
        elif field == "unit":
            level, code = rng.choice(units)
            change = {"assigned_level": level, "assigned_code": code}
        elif field == "department":
            change = {"assigned_department_id": rng.choice([None] + _departments())}
        else:
            change = {field: rng.choice([None, *moments])}
        Demand.objects.filter(pk=pk).update(**change)
    # a bulk update across many rows, and one that changes nothing the rates read
    Demand.objects.filter(pk__in=ids[::7]).update(rated_at=moments[0], rating="basic")
    Demand.objects.filter(pk__in=ids[::3]).update(sign_overdue=True)
    # a save through the model; new rows, one of them deleted again (raw SQL: the model
    # forbids deletes)
    d = Demand.objects.get(pk=ids[1])
    d.resolved_at, d.rating = moments[1], "satisfied"
    d.save()
    copies = []
    for pk in rng.sample(ids, 3):
        copy = Demand.objects.get(pk=pk)
        copy.pk = copy.idempotency_key = None
        copy.tracking_code = new_tracking_code()
        copy.merged_into, copy.external_id = None, ""
        copy.save()
        copies.append(copy.pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM demands_demand WHERE id = %s", [copies[0]])


def _departments():
    from banshi.access.models import Department  # the demo's departments, read when asked

    return list(Department.objects.values_list("pk", flat=True))


def test_the_trigger_keeps_the_rollup_equal_to_a_count_through_random_writes(world, demo):
    assert RateRollup.objects.filter(dispatched__gt=0).exists()
    assert_rollup_is_the_count(world.street)
    rng = random.Random(16)
    for _round in range(3):
        _random_writes(rng, world.street)
        assert_rollup_is_the_count(world.street)
    kept = _table()
    written = rollup.rebuild()
    assert written > 0 and _table() == kept


def test_the_ranking_the_unit_and_the_region_figures_read_the_rollup(world, demo, settings):
    period = "2026-11"
    live_rows = {r.unit.key: r.as_dict() for r in rates.unit_rates(level="grid", period=period)}
    assert live_rows
    settings.BANSHI_RATE_ROLLUP = False
    counted = {r.unit.key: r.as_dict() for r in rates.unit_rates(level="grid", period=period)}
    assert counted == live_rows
    settings.BANSHI_RATE_ROLLUP = True
    # Plant a difference in the rollup: whatever reads it shows it.
    row = (
        RateRollup.objects.filter(month=datetime.date(2026, 11, 1), assigned_level="grid")
        .order_by("assigned_code")
        .first()
    )
    RateRollup.objects.filter(pk=row.pk).update(dispatched=row.dispatched + 1000)
    ranked = {r.unit.key: r for r in rates.unit_rates(level="grid", period=period)}
    assert (
        ranked[f"grid:{row.assigned_code}"].dispatched
        == counted[f"grid:{row.assigned_code}"]["dispatched"] + 1000
    )
    unit = rates.unit_figures(unit=HandlingUnit("grid", code=row.assigned_code), period=period)
    assert unit.dispatched == ranked[f"grid:{row.assigned_code}"].dispatched
    value = figures.compute(world.street, Period.parse(period), keys=["response_rate"])
    settings.BANSHI_RATE_ROLLUP = False
    assert value != figures.compute(world.street, Period.parse(period), keys=["response_rate"])


def test_a_window_of_days_is_counted_from_the_demands(world, demo):
    assert rollup.period_months(Period.window(30, now=NOW)) is None
    assert rollup.period_months(Period.parse("2026")) == [
        datetime.date(2026, m, 1) for m in range(1, 13)
    ]
