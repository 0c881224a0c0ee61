"""A consistent copy of the database in one file, and back: what `banshi backup` puts in
its archive (banshi.core.backup) and `banshi restore` loads.

- SQLite: Python's `sqlite3` online backup API, from the open database into a file (a
  consistent copy while the site writes), and from that file into the open database (the
  database replaced as a whole, or not at all);
- PostgreSQL: `pg_dump --format=custom` of a snapshot the rows are counted in, and
  `pg_restore --clean --if-exists --single-transaction` (all or nothing), both pointed at the
  configured database through libpq's environment (PGHOST, PGUSER, PGPASSWORD…).

With each copy come the rows of every table and the migrations applied in it, read from the
copy itself; `migration_problem` says whether such migrations are this code's.

Depends on Django only (core is the bottom layer): tables and migrations are read from the
database, never from the apps' models."""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

State = tuple[dict[str, int], list[list[str]]]  # rows per table, migrations applied


class CopyError(Exception):
    """A copy of the database that could not be made, read or loaded; the message says why."""


def vendor_name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def sqlite_state(db: sqlite3.Connection) -> State:
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    rows = {t: db.execute(f"SELECT count(*) FROM {_name(t)}").fetchone()[0] for t in tables}
    migrations = []
    if "django_migrations" in rows:
        migrations = db.execute("SELECT app, name FROM django_migrations").fetchall()
    return rows, sorted([app, name] for app, name in migrations)


def pg_state(cursor) -> State:
    cursor.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema'"
        " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2"
    )
    rows = {}
    for schema, table in cursor.fetchall():
        key = table if schema == "public" else f"{schema}.{table}"
        cursor.execute(f"SELECT count(*) FROM {_name(schema)}.{_name(table)}")
        rows[key] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in rows:
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = cursor.fetchall()
    return rows, sorted([app, name] for app, name in migrations)


def pg_env(settings_dict: dict) -> dict:
    """The environment that points libpq's programs at the configured database."""
    s, options = settings_dict, settings_dict.get("OPTIONS") or {}
    wanted = {
        "PGHOST": s.get("HOST"),
        "PGPORT": s.get("PORT"),
        "PGUSER": s.get("USER"),
        "PGPASSWORD": s.get("PASSWORD"),
        "PGDATABASE": s.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    return {**os.environ, **{k: str(v) for k, v in wanted.items() if v}}


def _run(args: list[str]) -> str:
    env = pg_env(connection.settings_dict)
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise CopyError(
            _("找不到 %(program)s：请安装 PostgreSQL 客户端（主版本不低于服务器的）")
            % {"program": args[0]}
        ) from None
    if done.returncode != 0:
        error = (done.stderr or done.stdout).strip()[-2000:]
        raise CopyError(_("%(program)s 失败：%(error)s") % {"program": args[0], "error": error})
    return done.stdout


def _unsupported() -> CopyError:
    return CopyError(
        _("不支持 %(vendor)s 数据库：只支持 SQLite 和 PostgreSQL") % {"vendor": connection.vendor}
    )


def dump(dest: Path) -> State:
    """Write a consistent copy of the configured database to `dest`; the state of that very
    copy."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(dest)
        try:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            return sqlite_state(copy)
        finally:
            copy.close()
    if connection.vendor != "postgresql":
        raise _unsupported()
    # A connection of its own holds a snapshot: the rows are counted in it and pg_dump dumps
    # it, whatever the site writes meanwhile.
    snap = connection.copy()
    try:
        snap.ensure_connection()
        snap.set_autocommit(False)
        with snap.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            state = pg_state(cursor)
            _run(
                ["pg_dump", "--format=custom", "--no-password", f"--snapshot={snapshot}"]
                + [f"--file={dest}"]
            )
        snap.rollback()
        return state
    finally:
        snap.close()


def check(vendor: str, path: Path) -> State | None:
    """Read the copy at `path` without loading it: its state (SQLite), or None when only its
    table of contents can be read (PostgreSQL). CopyError for a copy that cannot be read."""
    if vendor == "postgresql":
        _run(["pg_restore", "--list", str(path)])
        return None
    try:
        db = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
        try:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise CopyError(result)
            return sqlite_state(db)
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise CopyError(str(exc)) from None


def load(path: Path) -> None:
    """Replace the configured database by the copy at `path`: all of it, or nothing."""
    if connection.in_atomic_block:
        raise CopyError(_("不能在事务中恢复数据库"))
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            source = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
            try:
                # One step (every page at once): the open database is replaced as a whole.
                source.backup(connection.connection)
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise CopyError(str(exc)) from None
        return
    if connection.vendor != "postgresql":
        raise _unsupported()
    # Django's own session must hold no lock on the tables pg_restore drops and re-creates
    # (it waits for the locks of other sessions: see other_sessions).
    connection.close()
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        + ["--single-transaction", "--exit-on-error", "--no-password"]
        + [f"--dbname={connection.settings_dict['NAME']}", str(path)],
    )


def other_sessions() -> int:
    """How many other sessions use the configured database (PostgreSQL; 0 for SQLite, which
    cannot tell): a site or `banshi worker` still running."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def current_rows() -> dict[str, int]:
    """Rows per table of the configured database, as the state of a copy gives them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return pg_state(cursor)[0]
    connection.ensure_connection()
    return sqlite_state(connection.connection)[0]


def migration_problem(recorded: list) -> str | None:
    """Why a database with these migrations applied does not fit this code (None: it does).
    Migrations of apps the code has not (any more) are no matter."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    code = set(loader.graph.nodes)
    applied = {tuple(m) for m in recorded}
    for key, squashed in loader.replacements.items():
        if all(tuple(r) in applied for r in squashed.replaces):
            applied.add(key)
        applied.difference_update(tuple(r) for r in squashed.replaces)
    known_apps = {app for app, _migration in code}
    missing = sorted(code - applied)
    extra = sorted(m for m in applied - code if m[0] in known_apps)
    if not missing and not extra:
        return None

    def names(found):
        shown = "、".join(f"{app}.{name}" for app, name in found[:3])
        return shown + (_("等 %(n)d 个") % {"n": len(found)} if len(found) > 3 else "")

    parts = []
    if missing:
        parts.append(_("缺少迁移 %(names)s") % {"names": names(missing)})
    if extra:
        parts.append(_("多出这个版本没有的迁移 %(names)s") % {"names": names(extra)})
    return "；".join(parts)
