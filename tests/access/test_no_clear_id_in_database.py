"""No table of the database holds a clear ID number or phone: not in a column, not in the
database file's bytes (audit trail included)."""

import sqlite3

import pytest
from django.db import connection

from banshi.access.audit_context import audit_actor
from banshi.people.services import resident_create, resident_update
from tests.conftest import make_id_number

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads the SQLite file and schema"
)

CLEAR_IDS = [make_id_number(n) for n in range(1, 7)]


@pytest.fixture
def people(world, make_user):
    admin = make_user("sa", "system_admin")
    with audit_actor(admin):
        extra = resident_create(
            name="赵敏",
            id_number="15010519850315018X",
            phone="13904715555",
            household=world.households[world.grid1.code][0],
        )
        resident_update(resident=extra, phone="15804716666")
    return [*CLEAR_IDS, "15010519850315018X", "13904715555", "15804716666"]


def every_text_value():
    with connection.cursor() as cursor:
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        ]
        for table in tables:
            columns = [c[1] for c in cursor.execute(f'PRAGMA table_info("{table}")').fetchall()]
            for column in columns:
                for (value,) in cursor.execute(f'SELECT "{column}" FROM "{table}"').fetchall():
                    if isinstance(value, str | bytes):
                        yield (
                            table,
                            column,
                            value if isinstance(value, str) else value.decode("utf-8", "replace"),
                        )


def test_resident_columns_hold_no_clear_values(people):
    with connection.cursor() as cursor:
        rows = cursor.execute(
            "SELECT name, id_number_enc, id_number_hash, id_number_masked, phone_enc, "
            "phone_hash, phone_masked FROM people_resident"
        ).fetchall()
    assert len(rows) == 7
    for row in rows:
        for value in row:
            for secret in people:
                assert secret not in value and secret.lower() not in value


def test_no_table_holds_a_clear_value(people):
    seen_tables = set()
    for table, column, value in every_text_value():
        seen_tables.add(table)
        for secret in people:
            assert secret not in value, f"{table}.{column} holds {secret}"
            assert secret.lower() not in value, f"{table}.{column} holds {secret}"
    assert {"people_resident", "access_auditevent"} <= seen_tables


def test_the_database_file_holds_no_clear_value(people, tmp_path):
    # The bytes of the live database as the test's connection sees it (its uncommitted
    # rows included), written out as a database file and read back raw.
    connection.ensure_connection()
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(connection.connection.serialize())
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM people_resident").fetchone() == (7,)
    data = target.read_bytes()
    # The copy really holds the residents: their names and masked numbers are there.
    assert "赵敏".encode() in data
    assert b"150105********018X" in data
    for secret in people:
        assert secret.encode() not in data, secret
        assert secret.lower().encode() not in data, secret
