"""bench/city.py at a tiny scale, in a throwaway PostgreSQL database: the counts it prints
are the database's, the rows hold together (households in their residents' grids, a party
member per member resident, every event on a demand), a resident decrypts with the app's
key, and the database has exactly the indexes and constraints that `migrate` made."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from banshi.core import crypto
from banshi.people.identity import validate_id_number

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")
NAME = "banshi_city_t_generator"

pytestmark = pytest.mark.skipif(
    not URL.startswith("postgres"), reason="the city generator writes to PostgreSQL"
)

# Recounted here, independently of the generator's own queries.
RECOUNT = {
    "grids": "SELECT count(*) FROM territory_grid",
    "buildings": "SELECT count(*) FROM territory_building",
    "households": "SELECT count(*) FROM territory_household",
    "residents": "SELECT count(*) FROM people_resident",
    "party members": "SELECT count(*) FROM organizations_partymember",
    "demands": "SELECT count(*) FROM demands_demand",
    "demand events": "SELECT count(*) FROM demands_demandevent",
    "patrols": "SELECT count(*) FROM fieldwork_patrol",
    "home visits": "SELECT count(*) FROM fieldwork_homevisit",
    "grid workers": "SELECT count(*) FROM access_roleassignment WHERE role = 'grid_worker'",
}
SCHEMA = [
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace",
    "SELECT relname, relpersistence, reloptions::text FROM pg_class"
    " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')",
]


def _url(name: str) -> str:
    return urlunsplit(urlsplit(URL)._replace(scheme="postgresql", path=f"/{name}"))


@pytest.fixture(scope="module")
def city():
    """(printed counts, a connection to the built database); the database is dropped."""
    import psycopg  # only on PostgreSQL (the module is skipped elsewhere)

    env = {**os.environ, "DATABASE_URL": URL}
    done = subprocess.run(
        [sys.executable, "bench/city.py", "--database-url", _url(NAME), "--scale", "0.001"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("counts: "))
    printed = json.loads(line.removeprefix("counts: "))
    conn = psycopg.connect(_url(NAME), autocommit=True)
    try:
        yield printed, conn, done.stdout
    finally:
        conn.close()
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


def _one(conn, sql):
    return conn.execute(sql).fetchone()[0]


def test_printed_counts_are_the_databases(city):
    printed, conn, stdout = city
    for name, sql in RECOUNT.items():
        assert printed[name] == _one(conn, sql), name
        # …and the table shows the same figure.
        assert any(
            row.split()[-1].replace(",", "") == str(printed[name])
            for row in stdout.splitlines()
            if row.strip().startswith(name + " ") and "(" not in row
        ), name
    assert printed["demands"] == 20_000  # 0.001 of 20 million
    assert printed["grids"] == printed["grid workers"] >= 3
    assert sum(printed["regions by kind"].values()) == _one(
        conn, "SELECT count(*) FROM territory_region"
    )
    assert (
        printed["regions by kind"]["district"]
        + printed["regions by kind"]["county"]
        + printed["regions by kind"]["banner"]
        == 9
    )


def test_rows_hold_together(city):
    _printed, conn, _stdout = city
    assert (
        _one(
            conn,
            "SELECT count(*) FROM people_resident r"
            " JOIN territory_household h ON h.id = r.household_id"
            " WHERE h.grid_id <> r.grid_id",
        )
        == 0
    )
    assert _one(
        conn,
        "SELECT count(*) FROM people_resident WHERE political_status IN ('party_member',"
        " 'probationary')",
    ) == _one(conn, "SELECT count(*) FROM organizations_partymember")
    assert (
        _one(
            conn,
            "SELECT count(*) FROM demands_demandevent e LEFT JOIN demands_demand d"
            " ON d.id = e.demand_id WHERE d.id IS NULL",
        )
        == 0
    )
    # Every demand has its submitted event; every rated one its rated event.
    assert _one(conn, "SELECT count(*) FROM demands_demandevent WHERE kind = 'submitted'") == _one(
        conn, "SELECT count(*) FROM demands_demand"
    )
    assert _one(conn, "SELECT count(*) FROM demands_demandevent WHERE kind = 'rated'") == _one(
        conn, "SELECT count(*) FROM demands_demand WHERE state = 'rated'"
    )
    # The four levels: city committee → county committees → … → grid branches.
    depth = _one(
        conn,
        "SELECT max(length(path) - length(replace(path, '/', '')) - 1) FROM"
        " organizations_partyorganization WHERE kind = 'grid_branch'",
    )
    assert depth == 5


def test_a_resident_decrypts_with_the_apps_key(city):
    _printed, conn, _stdout = city
    enc, hashed, masked, phone_enc, phone_masked = conn.execute(
        "SELECT id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_masked"
        " FROM people_resident WHERE phone_enc <> '' ORDER BY id LIMIT 1"
    ).fetchone()
    crypto.reset_keys()
    number = crypto.decrypt(enc)
    validate_id_number(number)
    assert crypto.blind_index(number) == hashed
    assert crypto.mask_id_number(number) == masked
    assert crypto.mask_phone(crypto.decrypt(phone_enc)) == phone_masked


def test_the_schema_is_what_migrate_made(city):
    _printed, conn, _stdout = city
    import psycopg  # only on PostgreSQL (the module is skipped elsewhere)

    # bench/city.py copies its databases from this migrated template.
    with psycopg.connect(_url("banshi_city_tmpl"), autocommit=True) as template:
        for sql in SCHEMA:
            assert set(conn.execute(sql).fetchall()) == set(template.execute(sql).fetchall())


def test_the_rate_rollup_is_the_demands_count(city):
    """The load runs with triggers off; the build counts the rollup once from the demands."""
    _printed, conn, _stdout = city
    rolled = conn.execute(
        "SELECT sum(dispatched), sum(due), sum(rated), sum(satisfied) FROM demands_raterollup"
    ).fetchone()
    counted = conn.execute(
        "SELECT count(*) FILTER (WHERE dispatched_at IS NOT NULL),"
        " count(*) FILTER (WHERE resolve_due IS NOT NULL),"
        " count(*) FILTER (WHERE rated_at IS NOT NULL AND rating <> ''),"
        " count(*) FILTER (WHERE rated_at IS NOT NULL AND rating IN ('satisfied', 'basic'))"
        " FROM demands_demand WHERE state <> 'merged'"
    ).fetchone()
    assert counted[0] > 0 and tuple(rolled) == tuple(counted)
