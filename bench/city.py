"""A whole city on PostgreSQL (issue 16): Hohhot at full size, deterministically, with COPY.

Creates the database (replacing it), migrates it, and builds: the city, its 9 county-level
units and 73 streets, towns and townships as named in DOMAIN.md, ~900 communities and
villages, ~3,500 grids with square boundaries, ~30,000 buildings, ~1.25 million households
and ~3.5 million residents (encrypted like imported ones), the four-level party
organization with ~200,000 members, accounts (one per grid worker), and a year of
20 million demands with their timelines, ~900,000 patrols and ~550,000 home visits.
`--scale` takes that fraction of the grids (and so of everything in them) and of the
demands; every district and township is always there. The database is kept.

Rows that need Python (residents: encrypted ID numbers and phones, pinyin) are made in a
pool of worker processes and written with COPY; the demands, their events and the field
work are generated on the server (INSERT … SELECT over generate_series on two
connections), which measured 1.6× cheaper in CPU than making them in Python for COPY.

While loading, the big tables' secondary indexes and unique constraints are dropped and
their foreign-key triggers off (session_replication_role = replica: the rows are made
consistent); afterwards every index and constraint is re-created as `migrate` made it and
the database is VACUUM ANALYZEd. Each step prints its time and its CPU (this process and
its workers; the PostgreSQL backends).

    .venv/bin/python bench/city.py [--database-url postgres://postgres@127.0.0.1:5432/banshi_city]
        [--scale 1.0] [--seed 16] [--year 2026] [--workers 2] [--check]
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/banshi_city"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=DEFAULT_URL, help="the database to (re)create")
    p.add_argument("--scale", type=float, default=1.0, help="fraction of every count")
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--year", type=int, default=2026)
    p.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    p.add_argument("--check", action="store_true", help="open the app's pages on the result")
    return p.parse_args(argv)


TEMPLATE = "banshi_city_tmpl"


def recreate_database(url: str) -> None:
    """Drop and create the database as a copy of a migrated template (kept on the server
    and brought up to date first: migrating from nothing takes a minute here)."""
    # psycopg is only needed on this path (the import is local to keep the module light).
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres") or not name or name == TEMPLATE:
        sys.exit("--database-url must name a PostgreSQL database")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]).fetchone():
            conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    env = {**os.environ, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{TEMPLATE}")),
           "DJANGO_SETTINGS_MODULE": "banshi.settings"}  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0", "--skip-checks"],
        check=True,
        env=env,
        cwd=ROOT,
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')


class Steps:
    """Times each step and prints it as it ends, with the CPU it took: this process and its
    workers, and the PostgreSQL backends that did its work (`server_cpu`, set once Django
    is up). On a shared machine the CPU seconds say what the step costs; the wall time
    what it took beside the others."""

    def __init__(self):
        self.started = time.perf_counter()
        self.times: list[tuple[str, float, float, float]] = []
        self.server_cpu = lambda: 0.0

    @staticmethod
    def python_cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def run(self, name: str, fn, *args, **kwargs):
        t, py, pg = time.perf_counter(), self.python_cpu(), self.server_cpu()
        result = fn(*args, **kwargs)
        seconds = time.perf_counter() - t
        py, pg = self.python_cpu() - py, self.server_cpu() - pg
        self.times.append((name, seconds, py, pg))
        print(f"  {name:<34} {seconds:8.1f} s   (cpu: python {py:7.1f} s, server {pg:7.1f} s)",
              flush=True)  # fmt: skip
        return result

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started

    def cpu_totals(self) -> tuple[float, float]:
        return sum(t[2] for t in self.times), sum(t[3] for t in self.times)


def main(argv=None) -> dict:
    args = parse_args(argv)
    steps = Steps()
    print(f"building the city: scale {args.scale}, seed {args.seed}, year {args.year}, "
          f"{args.workers} workers → {args.database_url}", flush=True)  # fmt: skip
    steps.run("create database", recreate_database, args.database_url)
    steps.run("migrate", setup_django, args.database_url)
    # Django is set up only now (the database URL comes from the command line).
    from city_build import build, check_app, count_everything, print_report, server_cpu

    steps.server_cpu = server_cpu
    written = build(args, steps)
    counts = steps.run("count what is in the database", count_everything)
    print_report(counts, written, steps)
    if args.check:
        steps.run("check the app's pages", check_app)
    return counts


if __name__ == "__main__":
    main()
