"""The steps of `city.py` once Django is set up: the bulk load (indexes off, foreign-key
triggers off), the rebuild of what migrate made, the recount from the database, the
report, and the check that the app works on the result."""

import json
import time
from contextlib import contextmanager

import city_sql
import city_write
from city_plan import plan_city
from django.conf import settings
from django.db import connection

from banshi.demands import rollup
from banshi.demands.defaults import ensure_defaults

DEMANDS = 20_000_000
VISITS_PER_GRID = 156  # three a week
# The tables the load fills in bulk: their secondary indexes are built once, after it.
BULK_TABLES = [
    "territory_building",
    "territory_unit",
    "territory_household",
    "people_resident",
    "people_residenttag",
    "organizations_partymember",
    "organizations_membership",
    "demands_demand",
    "demands_demandevent",
    "fieldwork_patrol",
    "fieldwork_homevisit",
]
# Filled unlogged: no WAL per row (the demands' events are the bulk of the database).
UNLOGGED_TABLES = ["demands_demand", "demands_demandevent"]
# Tables whose rows were given their ids: their sequences are moved past them.
ID_TABLES = [
    "territory_region",
    "territory_grid",
    "territory_building",
    "territory_unit",
    "territory_household",
    "people_resident",
    "organizations_partyorganization",
    "organizations_partymember",
    "auth_user",
    "demands_demand",
    "demands_demandevent",
]


class Indexes:
    """The secondary indexes and unique constraints of `tables` (not the primary keys),
    dropped for the load and re-created afterwards from their own definitions. Partial and
    expression indexes stay: PostgreSQL prints their definitions in a form that does not
    read back to the same text (an IN list of casts), and they hold few of the rows."""

    def __init__(self, tables: list[str]):
        self.tables = tables
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[tuple[str, str]] = []

    def drop(self) -> None:
        with connection.cursor() as cur:
            for table in self.tables:
                cur.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    " WHERE conrelid = %s::regclass AND contype = 'u' ORDER BY conname",
                    [table],
                )
                self.constraints += [(table, *row) for row in cur.fetchall()]
                cur.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                    " JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass"
                    " AND NOT x.indisprimary AND x.indpred IS NULL AND x.indexprs IS NULL"
                    " AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                    " WHERE k.conindid = x.indexrelid) ORDER BY i.relname",
                    [table],
                )
                self.indexes += list(cur.fetchall())
            for table, name, _definition in self.constraints:
                cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _sql in self.indexes:
                cur.execute(f'DROP INDEX "{name}"')

    def restore(self) -> None:
        with connection.cursor() as cur:
            for table, name, definition in self.constraints:
                cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            for _name, sql in self.indexes:
                cur.execute(sql)

    def __len__(self) -> int:
        return len(self.constraints) + len(self.indexes)


class Unlogged:
    """The biggest tables unlogged while they fill (no WAL record per row), logged again
    afterwards (one rewrite). A permanent table may not reference an unlogged one, so the
    foreign keys into them from other tables (all empty) are dropped meanwhile and re-added
    after, which re-checks them."""

    def __init__(self, tables: list[str]):
        self.tables = tables
        self.foreign_keys: list[tuple[str, str, str]] = []

    def start(self) -> None:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                " FROM pg_constraint WHERE contype = 'f' AND confrelid = ANY(%s::regclass[])"
                " AND NOT conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
                [self.tables, self.tables],
            )
            self.foreign_keys = list(cur.fetchall())
            for table, name, _definition in self.foreign_keys:
                cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for table in reversed(self.tables):
                cur.execute(f'ALTER TABLE "{table}" SET UNLOGGED')

    def finish(self) -> None:
        with connection.cursor() as cur:
            for table in self.tables:
                cur.execute(f'ALTER TABLE "{table}" SET LOGGED')
            for table, name, definition in self.foreign_keys:
                cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


@contextmanager
def bulk_load(tables: list[str]):
    """Foreign-key triggers off for this session (the rows are made consistent) and
    autovacuum off on the tables until the end, when the settings are put back."""
    with connection.cursor() as cur:
        cur.execute(city_sql.LOAD_SETTINGS)
        cur.execute("SET maintenance_work_mem = '1GB'")
        for table in tables:
            cur.execute(f'ALTER TABLE "{table}" SET (autovacuum_enabled = false)')
    try:
        yield
    finally:
        with connection.cursor() as cur:
            for table in tables:
                cur.execute(f'ALTER TABLE "{table}" RESET (autovacuum_enabled)')
            cur.execute("SET session_replication_role = DEFAULT")


def server_cpu() -> float:
    """This connection's backend plus the generating connections' (city_sql.THREAD_CPU)."""
    return city_sql.backend_cpu() + sum(city_sql.THREAD_CPU)


def build(args, steps) -> city_write.Written:
    scale, seed, year = args.scale, args.seed, args.year
    out = city_write.Written()
    stamp = f"{year - 1}-12-31T12:00:00+08:00"
    steps.run("default categories", ensure_defaults)
    plan = steps.run("plan the territory", plan_city, seed=seed, scale=scale)
    indexes = Indexes(BULK_TABLES)
    unlogged = Unlogged(UNLOGGED_TABLES)
    with bulk_load(BULK_TABLES):
        steps.run("drop secondary indexes", indexes.drop)
        steps.run("demand tables unlogged", unlogged.start)
        steps.run("regions, grids, buildings", city_write.write_territory, plan, stamp, out)
        members = steps.run(
            "households and residents",
            city_write.write_people,
            plan,
            seed=seed,
            year=year,
            stamp=stamp,
            workers=args.workers,
            out=out,
        )
        steps.run("party organizations, members", city_write.write_party, plan, members,
                  seed=seed, out=out)  # fmt: skip
        steps.run(
            "accounts and grid workers",
            city_write.write_accounts,
            password=settings.BANSHI_DEMO_PASSWORD,
            stamp=stamp,
            year=year,
            out=out,
        )
        steps.run("demand generator inputs", city_sql.prepare, grid_rows=out.grid_rows,
                  reporters=out.reporters)  # fmt: skip
        total = round(DEMANDS * scale)
        print(
            f"    {total:,} demands in batches of {city_sql.BATCH:,}"
            f" on {city_sql.CONNECTIONS} connections",
            flush=True,
        )
        started = time.perf_counter()

        def progress(done):
            rate = done / (time.perf_counter() - started)
            print(f"    {done:>12,} demands ({rate:,.0f}/s)", flush=True)

        steps.run("demands and their events", city_sql.write_demands, total=total, seed=seed,
                  year=year, progress=progress if total > city_sql.BATCH else None)  # fmt: skip
        steps.run("patrols and home visits", city_sql.write_fieldwork, seed=seed, year=year,
                  visits_per_grid=VISITS_PER_GRID)  # fmt: skip
        steps.run("drop the generator inputs", city_sql.drop_inputs)
        steps.run("sequences past the ids", city_write.sequences_past_ids, ID_TABLES)
        steps.run("demand tables logged again", unlogged.finish)
        steps.run(f"re-create {len(indexes)} indexes/constraints", indexes.restore)
    # The load ran with triggers off: the rates' rollup is counted once from the demands.
    steps.run("rate rollup", rollup.rebuild)
    steps.run("vacuum analyze", _vacuum)
    return out


def _vacuum() -> None:
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


COUNTS = {
    "regions by kind": "SELECT kind, count(*) FROM territory_region GROUP BY kind",
    "grids": "SELECT count(*) FROM territory_grid",
    "buildings": "SELECT count(*) FROM territory_building",
    "units": "SELECT count(*) FROM territory_unit",
    "households": "SELECT count(*) FROM territory_household",
    "residents": "SELECT count(*) FROM people_resident",
    "resident tags": "SELECT count(*) FROM people_residenttag",
    "organizations by kind": "SELECT kind, count(*) FROM organizations_partyorganization"
    " GROUP BY kind",
    "party members": "SELECT count(*) FROM organizations_partymember",
    "membership records": "SELECT count(*) FROM organizations_membership",
    "demands": "SELECT count(*) FROM demands_demand",
    "demands by state": "SELECT state, count(*) FROM demands_demand GROUP BY state",
    "demand events": "SELECT count(*) FROM demands_demandevent",
    "patrols": "SELECT count(*) FROM fieldwork_patrol",
    "home visits": "SELECT count(*) FROM fieldwork_homevisit",
    "users": "SELECT count(*) FROM auth_user",
    "grid workers": "SELECT count(*) FROM access_roleassignment WHERE role = 'grid_worker'",
}


def count_everything() -> dict:
    out = {}
    with connection.cursor() as cur:
        for name, sql in COUNTS.items():
            cur.execute(sql)
            rows = cur.fetchall()
            out[name] = dict(sorted(rows)) if "by" in name else rows[0][0]
    return out


def print_report(counts: dict, written, steps) -> None:
    print("\nbuilt:")
    for name, value in counts.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k} {v:,}" for k, v in value.items())
            print(f"  {name:<22} {sum(value.values()):>12,}  ({inner})")
        else:
            print(f"  {name:<22} {value:>12,}")
    py, pg = steps.cpu_totals()
    print(f"\ntotal: {steps.total:.1f} s ({steps.total / 60:.1f} min); cpu: python {py:.1f} s,"
          f" server {pg:.1f} s")  # fmt: skip
    print(f"\naccounts (password for all: {settings.BANSHI_DEMO_PASSWORD}):")
    for username, role, scope in written.accounts:
        print(f"  {username:<34} {role:<14} {scope}")
    print("\ncounts: " + json.dumps(counts, ensure_ascii=False), flush=True)


def check_app() -> None:
    """`banshi stats` for 赛罕区, the workbench as a grid worker and the city's page as the
    city's administrator: each must answer."""
    # Only the check needs the test client and the command runner.
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    buf = io.StringIO()
    call_command("stats", region="赛罕区", as_json=True, stdout=buf)
    stats = json.loads(buf.getvalue())
    print("    banshi stats --region 赛罕区 --json:", json.dumps(stats, ensure_ascii=False)[:400])
    with connection.cursor() as cur:
        cur.execute(
            "SELECT username FROM auth_user WHERE username LIKE 'city_grid_%%' ORDER BY id LIMIT 1"
        )
        grid_user = cur.fetchone()[0]
    for username, url in ((grid_user, "/"), ("city_admin", "/regions/150100000000/")):
        client = Client()
        user = get_user_model().objects.get(username=username)
        assert user.check_password(settings.BANSHI_DEMO_PASSWORD), username
        client.force_login(user)  # the login form's lockout (axes) wants a real request
        t = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        ms = (time.perf_counter() - t) * 1000
        print(f"    {username} GET {url}: {response.status_code} ({ms:.0f} ms)")
        assert response.status_code == 200, (username, url, response.status_code)
