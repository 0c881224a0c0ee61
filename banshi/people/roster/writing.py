"""Bulk writes for the roster import, one implementation per database: PostgreSQL through
COPY (psycopg 3), SQLite through `executemany` on the raw connection, in a writer thread.
Both run inside the import's transaction, and take primary keys themselves so that
households and tags can point at rows written in the same batch.

For a very large first import the resident table's secondary indexes (and on PostgreSQL its
unique and foreign-key constraints, which are re-validated when re-added) are dropped and
re-created around the load: building an index once is much cheaper than keeping it up to
date row by row. DDL is transactional on both databases, so a failed import restores them.

`bulk_insert` is bulk_create's rows for much less Python, for the demo's large writes.
"""

import queue
import threading

from django.db import IntegrityError, connection, connections, router
from django.utils import timezone

_SQLITE_CACHE_KIB = 262144  # 256 MiB page cache while importing (the default is 2 MiB)


class IdPool:
    """Primary keys handed out ahead of the insert. SQLite: the import holds the write lock
    for its whole transaction, so counting up from the largest key used is safe. PostgreSQL:
    blocks of values drawn from the table's sequence (unused ones are merely a gap).

    `reserve` is called with the writer's lock held (once per chunk, with the import's
    other reads); `take` locks by itself when it runs out."""

    def __init__(self, table: str, lock, block: int = 4096):
        self.table = table
        self.lock = lock
        self.block = block
        self._free: list[int] = []
        self._next: int | None = None
        self._sequence: str | None = None

    def take(self) -> int:
        if not self._free:
            with self.lock:
                self._refill(self.block)
        return self._free.pop()

    def has(self, count: int) -> bool:
        return len(self._free) >= count

    def reserve(self, count: int) -> None:
        """At least `count` keys at hand (the caller holds the lock)."""
        if len(self._free) < count:
            self._refill(max(self.block, count - len(self._free)))

    def _refill(self, count: int) -> None:
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                if self._next is None:
                    cur.execute(f'SELECT MAX(id) FROM "{self.table}"')
                    largest = cur.fetchone()[0] or 0
                    cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                    row = cur.fetchone()
                    self._next = max(largest, row[0] if row else 0) + 1
                fresh = list(range(self._next + count - 1, self._next - 1, -1))
                self._next += count
            else:
                if self._sequence is None:
                    cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.table])
                    self._sequence = cur.fetchone()[0]
                cur.execute(
                    "SELECT nextval(%s) FROM generate_series(1, %s)", [self._sequence, count]
                )
                fresh = [r[0] for r in reversed(cur.fetchall())]
        # pop() takes from the end: the keys still at hand go first.
        self._free = fresh + self._free


class Writer:
    """Writes each chunk in a thread of its own while the parent resolves the next one.

    The thread uses the parent's DB-API connection (Django's `connection` is per thread),
    so the import stays one transaction; `lock` serialises it with the parent's own queries.
    SQLite and psycopg release the GIL while the database works, so the two overlap.
    """

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.vendor = connection.vendor
        self.lock = threading.Lock()
        self._jobs: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="roster-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is None:
                try:
                    with self.lock:
                        job(self)
                except BaseException as exc:  # re-raised in the parent
                    self._error = exc

    def submit(self, job) -> None:
        """Run `job(writer)` after the jobs before it."""
        self._raise()
        self._jobs.put(job)

    def close(self, *, quiet: bool = False) -> None:
        """Wait for every submitted job; re-raise the first failure (unless `quiet`: the
        parent is already failing)."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        if not quiet:
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def insert_rows(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        if self.vendor == "postgresql":
            with self.raw.cursor() as cur:
                with cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            cur = self.raw.cursor()
            try:
                cur.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
            finally:
                cur.close()

    def copy_text(self, table: str, columns: list[str], lines: list[str]) -> None:
        """PostgreSQL: COPY lines already in COPY text format (one row each, ending in \\n)."""
        if not lines:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        with self.raw.cursor() as cur:
            with cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                copy.write("".join(lines))

    def execute_many(self, sql: str, rows: list[tuple]) -> None:
        """`sql` with %s placeholders, run once per row."""
        if not rows:
            return
        if self.vendor == "sqlite":
            sql = sql.replace("%s", "?")
        cur = self.raw.cursor()
        try:
            cur.executemany(sql, rows)
        finally:
            cur.close()


# Columns whose values, as callers of `bulk_insert` build them (str, int, float, bool or
# None), are stored as they are; every other column (dates, timestamps, UUIDs, JSON) is
# prepared by its field.
_PLAIN = {
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "TextField",
}
_ROWS_PER_INSERT = 2000


def bulk_insert(model, names: tuple[str, ...], rows: list[tuple]) -> list[int]:
    """What `bulk_create` writes for `rows` (values of the fields `names`, every other field
    its default, `auto_now` ones the current time), in multi-row INSERTs, and the new
    primary keys in order. Without bulk_create's model instances and its compiling of
    every value, which cost more than the database's own work: for the demo's hundred
    thousand residents and home visits."""
    if not rows:
        return []
    opts = model._meta
    conn = connections[router.db_for_write(model)]
    given = [opts.get_field(name) for name in names]
    rest = [f for f in opts.concrete_fields if not f.primary_key and f not in given]
    if not conn.features.can_return_rows_from_bulk_insert:
        objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model.objects.using(conn.alias).bulk_create(objs, batch_size=_ROWS_PER_INSERT)
        return [obj.pk for obj in objs]
    now = timezone.now()
    tail = tuple(
        f.get_db_prep_save(
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default(),
            conn,
        )
        for f in rest
    )
    prepare = [None if f.get_internal_type() in _PLAIN else f.get_db_prep_save for f in given]
    values = [
        tuple(v if p is None else p(v, conn) for p, v in zip(prepare, row, strict=True)) + tail
        for row in rows
    ]
    fields = given + rest
    per = min(conn.ops.bulk_batch_size(fields, values), _ROWS_PER_INSERT)
    q = conn.ops.quote_name
    head = f"INSERT INTO {q(opts.db_table)} ({', '.join(q(f.column) for f in fields)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {q(opts.pk.column)}"
    ids: list[int] = []
    with conn.cursor() as cursor:
        for start in range(0, len(values), per):
            chunk = values[start : start + per]
            cursor.execute(
                head + ", ".join([one] * len(chunk)) + returning,
                [v for row in chunk for v in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def datetime_value(value):
    """How a timestamp is written by the raw inserts (as Django would store it)."""
    if connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(value)
    return value


class ForeignKeysCheckedAtEnd:
    """SQLite: for a large import outside any transaction, enforce the foreign keys of the
    written tables with one `PRAGMA foreign_key_check` per table before the commit instead
    of a parent lookup per inserted row. (The pragma cannot change inside a transaction,
    so within one, e.g. in tests, the keys stay enforced row by row.)"""

    def __init__(self, tables: list[str], *, enabled: bool):
        self.tables = tables
        self.active = enabled and connection.vendor == "sqlite" and not connection.in_atomic_block

    def __enter__(self):
        if self.active:
            with connection.cursor() as cur:
                cur.execute("PRAGMA foreign_keys = OFF")
        return self

    def check(self) -> None:
        if not self.active:
            return
        with connection.cursor() as cur:
            for table in self.tables:
                cur.execute(f'PRAGMA foreign_key_check("{table}")')
                bad = cur.fetchall()
                if bad:
                    raise IntegrityError(
                        f"{table}: {len(bad)} rows point at rows that do not exist, e.g. {bad[0]}"
                    )

    def __exit__(self, *exc):
        if self.active:
            with connection.cursor() as cur:
                cur.execute("PRAGMA foreign_keys = ON")
        return False


class ImportTuning:
    """Session settings for a large write, restored afterwards."""

    def __enter__(self):
        self._cache = None
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                cur.execute("PRAGMA cache_size")
                self._cache = cur.fetchone()[0]
                cur.execute(f"PRAGMA cache_size = -{_SQLITE_CACHE_KIB}")
            elif connection.vendor == "postgresql":
                cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
                # The import's commit does not wait for its WAL to reach the disk (a crash
                # just after it could lose the import, never corrupt the database).
                cur.execute("SET LOCAL synchronous_commit = off")
        return self

    def __exit__(self, *exc):
        if self._cache is not None:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA cache_size = {int(self._cache)}")
        return False


class IndexRebuild:
    """Drop the table's secondary indexes now (PostgreSQL: also its unique and foreign-key
    constraints, and the foreign keys of `also_foreign_keys`, whose deferred checks would
    otherwise fire once per row); `restore()` re-creates them all, which re-validates every
    constraint over the whole table at once."""

    def __init__(self, table: str, *, also_foreign_keys: tuple[str, ...] = ()):
        self.table = table
        self.others = also_foreign_keys
        self.indexes: list[tuple[str, str]] = []
        self.constraints: list[tuple[str, str, str, str]] = []  # table, name, kind, definition

    def drop(self) -> None:
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                cur.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                    " AND sql IS NOT NULL",
                    [self.table],
                )
                self.indexes = list(cur.fetchall())
                for name, _sql in self.indexes:
                    cur.execute(f'DROP INDEX "{name}"')
                return
            # Pending deferred checks from earlier in the transaction would block the DDL.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, kinds in [(self.table, ("u", "f")), *((t, ("f",)) for t in self.others)]:
                cur.execute(
                    "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
                    " WHERE conrelid = %s::regclass AND contype = ANY(%s)",
                    [table, list(kinds)],
                )
                self.constraints += [(table, *row) for row in cur.fetchall()]
            cur.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                " JOIN pg_class i ON i.oid = x.indexrelid"
                " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
                [self.table],
            )
            self.indexes = list(cur.fetchall())
            for table, name, _kind, _definition in self.constraints:
                cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _sql in self.indexes:
                cur.execute(f'DROP INDEX "{name}"')

    def restore(self) -> None:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, kind, definition in self.constraints:
                if kind == "u":
                    cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            for _name, sql in self.indexes:
                cur.execute(sql)
            for table, name, kind, definition in self.constraints:
                if kind == "f":
                    cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            if connection.vendor == "postgresql":
                cur.execute("SET CONSTRAINTS ALL DEFERRED")
            # No ANALYZE here: it took as long as three of the index builds, and autovacuum
            # analyzes a table this changed within a minute of the commit (the new indexes
            # already tell the planner the table's size).
