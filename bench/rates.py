"""Benchmark of a month's three-rate ranking (issue 4: over 2,000,000 demands in under 1 s
on PostgreSQL).

Builds a throwaway PostgreSQL database (dropped afterwards), a territory of 4 streets × 6
communities × 12 grids, and --rows demands over the twelve months of 2026 loaded with COPY
(assigned to grids, communities and streets as the categories say; dispatched, signed in
time or late, resolved or not, rated, a few merged), then VACUUM ANALYZE (the visibility map
lets the rate queries read their covering indexes alone). Times, for the month --period at
--level:

- banshi.demands.rates.unit_rates (three aggregate queries on the indexed period columns);
- the baseline: one plain ORM GROUP BY over the demands with the six conditional counts;

prints both (median of --repeat runs after a warm-up) and the ratio, and checks that both
give the same numbers for every unit.

    .venv/bin/python bench/rates.py [--rows 2000000] [--period 2026-11] [--level community]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
"""

import argparse
import datetime
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_URL, build_territory, prepare_database, setup_django  # noqa: E402

CATEGORY_LEVEL = {"sanitation": "grid", "noise": "grid", "heating": "community"}
RATINGS = ("satisfied", "satisfied", "satisfied", "basic", "unsatisfied")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=DEFAULT_URL)
    p.add_argument("--rows", type=int, default=2_000_000)
    p.add_argument("--period", default="2026-11")
    p.add_argument("--level", default="community")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--seed", type=int, default=4)
    return p.parse_args()


def load(rows: int, grids, categories, rng) -> float:
    """COPY `rows` demands. Returns seconds."""
    from django.db import connection

    columns = [
        "tracking_code", "channel", "category_id", "description", "urgency", "address",
        "territory_code", "needs_city_dispatch", "reporter_name_enc", "reporter_name_masked",
        "reporter_phone_enc", "reporter_phone_hash", "reporter_phone_masked", "state",
        "assigned_level", "assigned_code", "escalation_level", "supervisor_code",
        "received_at", "dispatch_due", "dispatched_at", "sign_due", "signed_at", "resolve_due",
        "resolved_at", "rated_at", "resolution_note", "rating", "rating_note",
        "dispatch_overdue", "sign_overdue", "resolve_overdue", "cycle", "external_id",
        "request_fingerprint", "created_at", "updated_at",
    ]  # fmt: skip
    tz = datetime.timezone(datetime.timedelta(hours=8))
    year_start = datetime.datetime(2026, 1, 1, tzinfo=tz)
    seconds_in_year = 365 * 86400
    hour = datetime.timedelta(hours=1)
    started = time.perf_counter()
    sql = f"COPY demands_demand ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        buf = io.StringIO()
        for n in range(rows):
            grid_code = rng.choice(grids)
            code, cat_id = rng.choice(categories)
            level = CATEGORY_LEVEL.get(code, "street" if n % 5 == 0 else "community")
            assigned = {"grid": grid_code, "community": grid_code[:12], "street": grid_code[:9]}[
                level
            ]
            received = year_start + datetime.timedelta(seconds=rng.randrange(seconds_in_year))
            dispatched = received + datetime.timedelta(minutes=rng.randrange(5, 180))
            sign_due = dispatched + 2 * hour
            r = rng.random()
            signed = dispatched + datetime.timedelta(minutes=rng.randrange(5, 200))
            resolve_due = dispatched + datetime.timedelta(days=7)
            resolved = signed + datetime.timedelta(hours=rng.randrange(1, 240))
            state, rated, rating = "resolved", None, ""
            if r < 0.03:
                state = "merged"
            elif r < 0.12:
                state, signed, resolved = "dispatched", None, None
            elif r < 0.25:
                state, resolved = "in_progress", None
            elif r < 0.85:
                state, rating = "rated", rng.choice(RATINGS)
                rated = resolved + datetime.timedelta(hours=rng.randrange(1, 72))
            values = [
                f"B{n:09d}", "hotline", str(cat_id), "bench", "normal", "",
                grid_code, "f", "", "", "", "", "", state,
                level, assigned, "0", "",
                received.isoformat(), (received + 2 * hour).isoformat(), dispatched.isoformat(),
                sign_due.isoformat(), signed.isoformat() if signed else r"\N",
                resolve_due.isoformat(), resolved.isoformat() if resolved else r"\N",
                rated.isoformat() if rated else r"\N", "", rating, "",
                "f", "f", "f", "0", "", "", received.isoformat(), received.isoformat(),
            ]  # fmt: skip
            buf.write("\t".join(values))
            buf.write("\n")
            if n % 50_000 == 49_999:
                copy.write(buf.getvalue())
                buf = io.StringIO()
        copy.write(buf.getvalue())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE demands_demand")
    return time.perf_counter() - started


def baseline(level: str, period: str) -> dict:
    """The same six counts per unit from one plain ORM GROUP BY over the demands."""
    from django.db.models import Count, F, Q
    from django.db.models.functions import Substr

    from banshi.demands.models import Demand
    from banshi.demands.rates import GOOD, month
    from banshi.demands.units import PREFIX_LEN

    start, end = month(period)
    n = PREFIX_LEN[level]
    levels = [lv for lv, length in PREFIX_LEN.items() if length >= n]

    def within(column):
        return Q(**{f"{column}__gte": start, f"{column}__lt": end})

    rows = (
        Demand.objects.exclude(state=Demand.State.MERGED)
        .filter(assigned_level__in=levels)
        .annotate(unit=Substr("assigned_code", 1, n))
        .order_by()
        .values("unit")
        .annotate(
            dispatched=Count("pk", filter=within("dispatched_at")),
            responded_in_time=Count(
                "pk",
                filter=within("dispatched_at")
                & Q(signed_at__isnull=False, signed_at__lte=F("sign_due")),
            ),
            due=Count("pk", filter=within("resolve_due")),
            resolved=Count("pk", filter=within("resolve_due") & Q(resolved_at__isnull=False)),
            rated=Count("pk", filter=within("rated_at") & ~Q(rating="")),
            satisfied=Count("pk", filter=within("rated_at") & Q(rating__in=GOOD)),
        )
    )
    keys = ("dispatched", "responded_in_time", "due", "resolved", "rated", "satisfied")
    return {row["unit"]: tuple(row[k] for k in keys) for row in rows if any(row[k] for k in keys)}


def ours(level: str, period: str) -> dict:
    from banshi.demands.rates import unit_rates

    return {
        r.unit.code: (r.dispatched, r.responded_in_time, r.due, r.resolved, r.rated, r.satisfied)
        for r in unit_rates(level=level, period=period)
    }


def timed(fn, repeat: int):
    fn()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    database_url, drop = prepare_database(args.database_url)
    try:
        setup_django(database_url)
        from django.db import connection

        from banshi.demands.models import Category

        _streets, grids = build_territory(streets=4, communities=6, grids=12)
        categories = list(Category.objects.values_list("code", "pk"))
        seconds = load(args.rows, [g.code for g, _ij in grids], categories, rng)
        print(
            f"database: {connection.vendor} {getattr(connection, 'pg_version', '')} "
            f"({connection.settings_dict['NAME']}); {args.rows:,} demands over "
            f"{len(grids)} grids loaded with COPY in {seconds:.1f} s"
        )
        t_ours, r_ours = timed(lambda: ours(args.level, args.period), args.repeat)
        t_base, r_base = timed(lambda: baseline(args.level, args.period), args.repeat)
        print(f"rates.unit_rates ({args.level}, {args.period}): {t_ours * 1000:8.1f} ms")
        print(f"plain ORM GROUP BY baseline:           {t_base * 1000:8.1f} ms")
        print(f"baseline/ours = {t_base / t_ours:.2f}x  (target: ours under 1000 ms)")
        same = r_ours == r_base
        dispatched = sum(v[0] for v in r_ours.values())
        print(
            f"units: {len(r_ours)}; dispatched in the month: {dispatched:,}; "
            f"same numbers: {'yes' if same else 'NO'}"
        )
        if not same:
            for unit in sorted(set(r_ours) | set(r_base)):
                if r_ours.get(unit) != r_base.get(unit):
                    print(f"  {unit}: ours {r_ours.get(unit)} baseline {r_base.get(unit)}")
            sys.exit(1)
    finally:
        drop()


if __name__ == "__main__":
    main()
