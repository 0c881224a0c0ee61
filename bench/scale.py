"""The city-scale bench (issue 16): times, on the database `bench/city.py` built, what a city
organization department and a grid worker open every day, beside a plain-ORM baseline run on
the same data in the same run, and prints the ratio.

Ours is Banshi as it runs: the rates read their monthly rollup (a trigger keeps it current),
the city's and districts' figures their snapshots (the worker's `figure_snapshots` job; run
here once first, as the worker would, and timed). The baseline is the same page or call with
both turned off: every figure counted from the records with the ORM, as before.

Each is timed cold (Django's cache emptied and the database connection opened anew, so no
cached trend, prepared statement or session survives; the process has loaded its code, as a
gunicorn worker has once it served its first request, and PostgreSQL's own buffers are as
the run left them) and warm (median of --repeat), as server time: the view called through
Django's test client in this process, no network.

- the city's region page (every registered figure of the city) and the city user's
  dashboard (the home page's tiles);
- a month's three-rate ranking of all streets (`rates.unit_rates`, what the ranking page
  and its export show);
- the 12-month trend of the three rates for the city, a district and a street;
- a grid worker's workbench, today's list and a household's page.

    .venv/bin/python bench/scale.py [--database-url postgres://postgres@127.0.0.1:5432/banshi_city]
        [--period 2026-11] [--repeat 5] [--baseline-repeat 1] [--json FILE]
"""

import argparse
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS_MS = {
    "city region page": 1000,
    "city dashboard": 1000,
    "street ranking": 200,
    "trend city": 300,
    "trend district": 300,
    "trend street": 300,
    "grid workbench": 150,
    "grid today": 150,
    "grid household": 150,
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/banshi_city")
    p.add_argument("--period", default="2026-11")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--baseline-repeat", type=int, default=1)
    p.add_argument("--json", help="also write the results to this file")
    return p.parse_args()


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banshi.settings")
    os.environ.setdefault("BANSHI_FIGURE_SNAPSHOT_LEVELS", "1,2")
    import django

    django.setup()


def load_code() -> None:
    """What a server process does once: import the URLconf and every view behind it."""
    from django.test import Client
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
    Client().get("/healthz", HTTP_HOST="localhost")


def cold_reset() -> None:
    from django.core.cache import cache
    from django.db import connections

    cache.clear()
    connections.close_all()


def timed(fn, repeat: int) -> tuple[float, float]:
    """(cold ms, warm median ms)."""
    cold_reset()
    started = time.perf_counter()
    fn()
    cold = (time.perf_counter() - started) * 1000
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        warm.append((time.perf_counter() - started) * 1000)
    return cold, statistics.median(warm) if warm else cold


def page(client, url: str):
    def get():
        response = client.get(url, HTTP_HOST="localhost")
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        if hasattr(response, "render"):
            response.render()
        return response

    return get


def measurements(period: str):
    """name → a function that does it once."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from banshi.core.periods import Period
    from banshi.dashboards import trends
    from banshi.demands import rates
    from banshi.territory import codes
    from banshi.territory.models import Household, Region

    users = get_user_model().objects
    city = Region.objects.get(level=codes.CITY)
    district = Region.objects.filter(level=codes.DISTRICT).order_by("code").first()
    street = Region.objects.filter(level=codes.STREET, code__startswith=district.prefix).first()
    admin = Client()
    admin.force_login(users.get(username="city_admin"))
    worker_user = users.filter(username__startswith="city_grid_").order_by("username").first()
    worker = Client()
    worker.force_login(worker_user)
    grid = worker_user.role_assignments.filter(grid__isnull=False).first().grid
    household = Household.objects.filter(grid=grid).order_by("pk").first()
    end = Period.parse(period)
    rate_keys = list(rates.RATES)
    return {
        "city region page": page(admin, f"/regions/{city.code}/?period={period}"),
        "city dashboard": page(admin, "/"),
        "street ranking": lambda: rates.unit_rates(level="street", period=period),
        "trend city": lambda: trends.trend(city, rate_keys, end=end),
        "trend district": lambda: trends.trend(district, rate_keys, end=end),
        "trend street": lambda: trends.trend(street, rate_keys, end=end),
        "grid workbench": page(worker, "/"),
        "grid today": page(worker, "/fieldwork/"),
        "grid household": page(worker, f"/households/{household.pk}/"),
    }, {"city": city, "grid": grid.code, "worker": worker_user.username}


def main() -> int:
    args = parse_args()
    setup(args.database_url)
    from django.conf import settings
    from django.db import connection

    from banshi.dashboards import snapshots
    from banshi.demands.models import Demand

    if connection.vendor != "postgresql":
        sys.exit("the scale bench runs on PostgreSQL (the database bench/city.py built)")
    demands = Demand.objects.count()
    print(f"database: {settings.DATABASES['default']['NAME']} · {demands:,} demands")
    logging.disable(logging.INFO)  # the request log's line per view
    load_code()
    started = time.perf_counter()
    report = snapshots.refresh()
    refresh_s = time.perf_counter() - started
    print(
        f"the worker's snapshot refresh (city and districts, 2 months): {refresh_s:.1f} s {report}"
    )
    ours = {}
    todo, about = measurements(args.period)
    for name, fn in todo.items():
        ours[name] = timed(fn, args.repeat)
        print(f"  ours      {name:<18} cold {ours[name][0]:9.1f} ms  warm {ours[name][1]:9.1f} ms")
    settings.BANSHI_FIGURE_SNAPSHOT_LEVELS = ()
    settings.BANSHI_RATE_ROLLUP = False
    base = {}
    todo, _about = measurements(args.period)
    for name, fn in todo.items():
        base[name] = timed(fn, args.baseline_repeat)
        print(f"  baseline  {name:<18} cold {base[name][0]:9.1f} ms  warm {base[name][1]:9.1f} ms")
    print()
    print(f"| what ({about['city'].name}, {args.period}) | ours cold | ours warm | target | "
          "plain ORM cold | plain ORM warm | ratio (warm) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    results, met = [], True
    for name in ours:
        (oc, ow), (bc, bw) = ours[name], base[name]
        target = TARGETS_MS[name]
        ok = max(oc, ow) < target
        met &= ok
        print(f"| {name} | {oc:,.1f} ms | {ow:,.1f} ms | < {target} ms {'✓' if ok else '✗'} | "
              f"{bc:,.1f} ms | {bw:,.1f} ms | {bw / ow:,.1f}× |")  # fmt: skip
        results.append(
            {"what": name, "ours_cold_ms": oc, "ours_warm_ms": ow, "baseline_cold_ms": bc,
             "baseline_warm_ms": bw, "target_ms": target}
        )  # fmt: skip
    print(f"\nevery target met (cold and warm): {'yes' if met else 'NO'}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"demands": demands, "refresh_s": refresh_s, "results": results}, indent=1)
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
