"""Importing a roster: every row checked, residents upserted by their ID number's blind index,
units and households created where missing, one audit event per import.

The work is a pipeline: the parent reads the file in chunks and hands them to worker
processes that check and encrypt rows (`rows.check_chunk`); the parent then resolves what
depends on the database (duplicates, existing residents, units and households: read once
before the first chunk, or for a large table once per chunk, never per row) while a writer
thread writes the chunk before it in bulk, all inside one transaction. By default one bad
row rolls everything back; with `skip_invalid` the good rows are written and the bad ones
reported.
"""

import getpass
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import AuditEvent
from banshi.access.scope import scope_for
from banshi.access.services import audit_record
from banshi.core.spreadsheets import SheetLimits
from banshi.territory.models import Building, Grid, Household, Unit

from ..models import Resident, ResidentTag
from . import columns, rows
from .reading import RosterFileError, open_roster
from .report import write_report
from .writing import (
    ForeignKeysCheckedAtEnd,
    IdPool,
    ImportTuning,
    IndexRebuild,
    Writer,
    datetime_value,
)

CHUNK_ROWS = 4000
# Above this many rows (estimated) the file is checked by a pool of worker processes.
POOL_MIN_ROWS = 20_000
# A first import at least this large, into a table holding under a quarter as many residents
# as the file, drops and re-creates the resident indexes around the load.
REBUILD_MIN_ROWS = 100_000
# Up to this many existing residents are read in one query before the import; more are
# looked up chunk by chunk.
PRELOAD_MAX = 2_000_000

_RESIDENT_COLUMNS = ["id", *rows.PAYLOAD_COLUMNS, "grid_id", "household_id"]


@dataclass
class RosterRowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("第%(row)s行“%(column)s”：%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("第%(row)s行：%(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    filename: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    households_created: int = 0
    units_created: int = 0
    committed: bool = False
    skip_invalid: bool = False
    errors: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    report_path: str | None = None
    seconds: float = 0.0
    workers: int = 1
    rebuilt_indexes: bool = False

    @property
    def invalid(self) -> int:
        return len(self.errors)

    @property
    def imported(self) -> int:
        return self.created + self.updated

    def error_list(self, limit: int | None = None) -> list[RosterRowError]:
        out = []
        for row in sorted(self.errors):
            for column, message in self.errors[row]:
                out.append(RosterRowError(row, column, message))
                if limit is not None and len(out) >= limit:
                    return out
        return out


def roster_import(
    *,
    path: str,
    filename: str = "",
    user=None,
    username: str = "",
    request=None,
    skip_invalid: bool = False,
    report_path: str | None = None,
    max_bytes: int | None = None,
    workers: int | None = None,
    rebuild_indexes: bool | None = None,
    limits: SheetLimits | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> ImportResult:
    """Import the roster at `path` (named `filename` by its uploader).

    `user` None means the command line (every grid); otherwise rows may only name grids the
    user's scope covers. Raises RosterFileError when the file as a whole is unusable.

    `limits` bounds the file's extent; by default the settings' limits, without the row
    limit on the command line (rosters of millions of rows are loaded there; an XLSX stays
    bounded by its cells). `progress(rows read, rows valid, rows with errors)` is called
    after each chunk.
    """
    started = time.perf_counter()
    filename = filename or os.path.basename(path)
    scope = scope_for(user) if user is not None else None
    if scope is not None and not (scope.everything or scope.prefixes):
        raise PermissionDenied(_("您没有可导入居民的网格"))
    limit = settings.BANSHI_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if limits is None:
        limits = SheetLimits.from_settings(**({"rows": None} if user is None else {}))
    source = open_roster(path, filename=filename, max_bytes=limit, limits=limits)
    estimate = _estimate_rows(source)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if estimate >= POOL_MIN_ROWS else 1
    layout = rows.Layout(index=source.index, has_tags=source.has_tags)
    places = _places(scope)
    as_copy_text = connection.vendor == "postgresql"
    now = timezone.now()
    stamp = datetime_value(now)
    if rebuild_indexes is None:
        rebuild_indexes = estimate >= REBUILD_MIN_ROWS and Resident.objects.count() * 4 < estimate

    result = ImportResult(filename=filename, skip_invalid=skip_invalid, workers=workers)
    run = _Run(
        result=result,
        scope=scope,
        places=places,
        has_tags=source.has_tags,
        copy_text=as_copy_text,
        now=now,
        stamp=stamp,
        estimate=estimate,
    )
    init = (layout, places, as_copy_text, stamp)
    pool = None
    if workers > 1:
        # Forked workers inherit the territory snapshot; they never touch the database.
        pool = multiprocessing.get_context("fork").Pool(
            workers, initializer=rows.init_worker, initargs=init
        )
    tables = [t._meta.db_table for t in (Unit, Household, Resident, ResidentTag)]
    try:
        with ForeignKeysCheckedAtEnd(tables, enabled=rebuild_indexes) as foreign_keys:
            with transaction.atomic():
                with ImportTuning():
                    writer = Writer()
                    try:
                        # Without its indexes the table cannot be searched chunk by chunk.
                        run.start(
                            existing=Resident.objects.count(),
                            preload=rebuild_indexes,
                            writer=writer,
                        )
                        rebuilder = None
                        if rebuild_indexes:
                            rebuilder = IndexRebuild(
                                Resident._meta.db_table,
                                also_foreign_keys=(
                                    Household._meta.db_table,
                                    Unit._meta.db_table,
                                    ResidentTag._meta.db_table,
                                ),
                            )
                            rebuilder.drop()
                            result.rebuilt_indexes = True
                        _pipeline(run, source, pool, workers, init, progress)
                    except BaseException:
                        writer.close(quiet=True)
                        raise
                    writer.close()
                    if run.writing:
                        if rebuilder:
                            rebuilder.restore()
                        foreign_keys.check()
                result.committed = run.writing
                if not run.writing:
                    transaction.set_rollback(True)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    if not result.committed:
        result.created = result.updated = result.households_created = result.units_created = 0
    if result.errors:
        result.report_path = write_report(
            source, result.errors, report_path or default_report_path(path, filename)
        )
    result.seconds = time.perf_counter() - started
    audit_record(
        action=AuditEvent.Action.IMPORT,
        user=user,
        request=request,
        username=username or ("" if user is not None else f"cli:{getpass.getuser()}"),
        object_type=Resident._meta.label,
        rows=result.imported,
        changes={
            "file": filename,
            "rows": result.total,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "invalid": result.invalid,
            "committed": result.committed,
        },
    )
    return result


def _pipeline(run, source, pool, workers: int, init: tuple, progress=None) -> None:
    """Check the chunks (in the pool, a few ahead of the parent) and consume them in order."""

    def consume(checked) -> None:
        run.consume(*checked)
        if progress is not None:
            result = run.result
            progress(result.total, result.total - result.invalid, result.invalid)

    if pool is None:
        rows.init_worker(*init)
        for kind, chunk in source.chunks(CHUNK_ROWS):
            consume(rows.check_chunk(kind, chunk))
        return
    pending = deque()
    for kind, chunk in source.chunks(CHUNK_ROWS):
        pending.append(pool.apply_async(rows.check_chunk, (kind, chunk)))
        while len(pending) > 2 * workers:
            consume(pending.popleft().get())
    while pending:
        consume(pending.popleft().get())


def default_report_path(path: str, filename: str) -> str:
    stem = os.path.splitext(os.path.basename(filename or path))[0]
    return os.path.join(os.path.dirname(os.path.abspath(path)), f"{stem}.errors.xlsx")


def _estimate_rows(source) -> int:
    size = os.path.getsize(source.path)
    if source.kind == "xlsx":
        return size // 40  # compressed XML: roughly 40 bytes a row
    with open(source.path, "rb") as fh:
        sample = fh.read(1 << 16)
    lines = sample.count(b"\n") or 1
    return int(size * lines / max(len(sample), 1))


def _places(scope) -> rows.Places:
    """A snapshot of the grids (all of them, to tell 'unknown' from 'not yours') and of the
    buildings in the grids the importer may write to."""
    places = rows.Places()
    covered_ids = []
    for grid_id, code, name in Grid.objects.values_list("id", "code", "name"):
        covered = scope is None or scope.covers_code(code)
        entry = (grid_id, code, covered)
        places.grid_by_code[code] = entry
        places.grid_by_name.setdefault(name, []).append(entry)
        places.grid_names[grid_id] = name
        if covered:
            covered_ids.append(grid_id)
    buildings = Building.objects.values_list("id", "grid_id", "number")
    if scope is not None and not scope.everything:
        buildings = buildings.filter(grid_id__in=covered_ids)
    for building_id, grid_id, number in buildings:
        places.buildings[(grid_id, number)] = building_id
        places.building_names[building_id] = number
    return places


class _Run:
    """The parent's side of one import: what depends on the database, and the writes."""

    def __init__(self, *, result, scope, places, has_tags, copy_text, now, stamp, estimate):
        self.result = result
        self.estimate = estimate
        self.scope = scope if scope is not None and not scope.everything else None
        self.places = places
        self.has_tags = has_tags
        self.copy_text = copy_text
        self.stamp = stamp
        self.update_stamp = now if copy_text else stamp
        self.writing = True
        self.seen: dict[str, int] = {}
        self.existing: dict[str, tuple] | None = None
        self.existing_tags: dict[int, tuple[str, ...]] = {}
        self.units: dict[int, dict[str, int]] = {}  # building id → unit number → id
        self.households: dict[int, dict[tuple, int]] = {}  # grid id → key → id

    def start(self, *, existing: int, preload: bool, writer: Writer) -> None:
        # The parent's own queries wait for the writer thread's current chunk (writer.lock),
        # so they are few: the table's state is read here when it is small, and otherwise
        # once per chunk (`_prepare`), never row by row.
        self.writer = writer
        self.lock = writer.lock
        # Blocks of keys about the file's size (a sequence's unused values are a gap).
        block = min(max(self.estimate, 256), 65536)
        self.resident_ids = IdPool(Resident._meta.db_table, self.lock, block=block)
        self.household_ids = IdPool(Household._meta.db_table, self.lock, block=block)
        self.unit_ids = IdPool(Unit._meta.db_table, self.lock, block=max(block // 16, 256))
        if existing == 0:
            self.existing = {}
        elif preload or existing <= PRELOAD_MAX:
            self.existing = {r[1]: r for r in _existing_rows(Resident.objects.all())}
            if self.has_tags:
                self.existing_tags = _tags_of(None)
        if Household.objects.count() <= PRELOAD_MAX:
            self._load_grids(None)

    # -- one chunk --------------------------------------------------------------------------

    def consume(self, good: list[tuple], bad: list[tuple[int, list]]) -> None:
        result = self.result
        result.total += len(good) + len(bad)
        for number, errors in bad:
            result.errors[number] = errors
        if bad and not result.skip_invalid:
            self.writing = False
        existing = self.existing
        if existing is None:  # a large table: look this chunk's ID numbers up
            keys = [g[rows.ID_HASH] for g in good]
            with self.lock:
                existing = {
                    r[1]: r
                    for r in _existing_rows(Resident.objects.filter(id_number_hash__in=keys))
                }
                if self.has_tags and existing:
                    self.existing_tags.update(_tags_of([r[0] for r in existing.values()]))
        self._prepare(good)
        self.new_units, self.new_households, self.new_residents = [], [], []
        self.new_tags, self.updates, self.retagged = [], [], []
        resolve = self._resolve
        for record in good:
            resolve(record, existing)
        if self.writing:
            self._flush()

    def _prepare(self, good: list[tuple]) -> None:
        """What the chunk's rows need from the database, in one wait for the writer at most:
        the households and units of grids not seen before, and enough primary keys."""
        grids = {record[2] for record in good}.difference(self.households)
        pools = (self.resident_ids, self.household_ids, self.unit_ids)
        if not grids and all(pool.has(len(good)) for pool in pools):
            return
        with self.lock:
            if grids:
                self._load_grids(grids)
            for pool in pools:
                pool.reserve(len(good))

    def _error(self, number: int, column: str, message: str) -> None:
        self.result.errors.setdefault(number, []).append((column, message))
        if not self.result.skip_invalid:
            self.writing = False

    def _resolve(self, record: tuple, existing: dict) -> None:
        number, key, grid_id = record[0], record[1], record[2]
        first = self.seen.get(key)
        if first is not None:
            self._error(
                number, columns.ID_NUMBER, _("与第%(row)s行的公民身份号码重复") % {"row": first}
            )
            return
        self.seen[key] = number
        current = existing.get(key)
        if current is not None and self.scope is not None:
            if not self.scope.covers_code(current[9] or ""):
                self._error(
                    number,
                    columns.ID_NUMBER,
                    _("该公民身份号码已登记在您无权管理的网格，不能通过导入修改"),
                )
                return
        household_id = self._household(record)
        payload, tags = record[rows.PAYLOAD], record[rows.TAGS]
        if current is None:
            resident_id = self.resident_ids.take()
            if self.copy_text:
                self.new_residents.append(f"{resident_id}\t{payload}\t{grid_id}\t{household_id}\n")
            else:
                self.new_residents.append((resident_id, *payload, grid_id, household_id))
            if tags:
                self.new_tags.extend((resident_id, t) for t in tags)
            self.result.created += 1
            return
        resident_id = current[0]
        values = rows.payload_values(payload)
        same_tags = tags is None or tags == self.existing_tags.get(resident_id, ())
        if (
            current[2] == values[rows.P_NAME]
            and current[3] == values[rows.P_PHONE_HASH]
            and current[4] == household_id
            and current[5] == grid_id
            and current[6:9] == values[rows.P_RELATION : rows.P_POLITICAL + 1]
            and same_tags
        ):
            self.result.unchanged += 1
            return
        self.updates.append(
            (
                *values[rows.P_NAME : rows.P_INITIALS + 1],
                *values[rows.P_PHONE_ENC : rows.P_PHONE_MASKED + 1],
                *values[rows.P_RELATION : rows.P_POLITICAL + 1],
                self.update_stamp,
                grid_id,
                household_id,
                resident_id,
            )
        )
        if not same_tags:
            self.retagged.append(resident_id)
            self.new_tags.extend((resident_id, t) for t in tags)
            self.existing_tags[resident_id] = tags
        self.result.updated += 1

    def _household(self, record: tuple) -> int:
        grid_id, building_id, unit_number, door = record[2], record[3], record[4], record[5]
        households = self.households[grid_id]
        unit_id = None
        if building_id is not None and unit_number:
            units = self.units.setdefault(building_id, {})
            unit_id = units.get(unit_number)
            if unit_id is None:
                unit_id = units[unit_number] = self.unit_ids.take()
                self.new_units.append((unit_id, building_id, unit_number))
                self.result.units_created += 1
        key = (building_id, unit_id, door)
        household_id = households.get(key)
        if household_id is None:
            household_id = households[key] = self.household_ids.take()
            building = self.places.building_names.get(building_id, "")
            address = f"{self.places.grid_names[grid_id]}{building}{unit_number}{door}"
            self.new_households.append(
                (household_id, grid_id, building_id, unit_id, door, address[:200])
            )
            self.result.households_created += 1
        return household_id

    def _load_grids(self, grid_ids) -> None:
        """The households and units of these grids (None: of every grid). The caller holds
        the writer's lock, or the writer has nothing yet."""
        households = Household.objects.values_list(
            "id", "grid_id", "building_id", "unit_id", "door_number"
        )
        units = Unit.objects.values_list("id", "building_id", "number")
        if grid_ids is None:
            grid_ids = self.places.grid_names
        else:
            households = households.filter(grid_id__in=grid_ids)
            units = units.filter(building__grid_id__in=grid_ids)
        for grid_id in grid_ids:
            self.households[grid_id] = {}
        for hid, grid_id, building_id, unit_id, door in households.iterator(chunk_size=10000):
            if grid_id in self.households:
                self.households[grid_id][(building_id, unit_id, door)] = hid
        for uid, building_id, number in units.iterator(chunk_size=10000):
            self.units.setdefault(building_id, {})[number] = uid

    # -- writes -----------------------------------------------------------------------------

    def _flush(self) -> None:
        batch = (
            self.new_units,
            self.new_households,
            self.new_residents,
            self.retagged,
            self.new_tags,
            self.updates,
        )
        self.writer.submit(lambda writer: _write(writer, self.copy_text, *batch))


def _write(writer, copy_text, units, households, residents, retagged, tags, updates) -> None:
    """One chunk's writes (in the writer thread)."""
    writer.insert_rows(Unit._meta.db_table, ["id", "building_id", "number"], units)
    writer.insert_rows(
        Household._meta.db_table,
        ["id", "grid_id", "building_id", "unit_id", "door_number", "address"],
        households,
    )
    if copy_text:
        writer.copy_text(Resident._meta.db_table, _RESIDENT_COLUMNS, residents)
    else:
        writer.insert_rows(Resident._meta.db_table, _RESIDENT_COLUMNS, residents)
    writer.execute_many(
        f'DELETE FROM "{ResidentTag._meta.db_table}" WHERE resident_id = %s',
        [(r,) for r in retagged],
    )
    writer.insert_rows(ResidentTag._meta.db_table, ["resident_id", "tag"], tags)
    writer.execute_many(
        f'UPDATE "{Resident._meta.db_table}" SET name = %s, name_pinyin = %s,'
        " name_initials = %s, phone_enc = %s, phone_hash = %s, phone_masked = %s,"
        " relation_to_head = %s, ethnicity = %s, political_status = %s, updated_at = %s,"
        " grid_id = %s, household_id = %s WHERE id = %s",
        updates,
    )


def _existing_rows(queryset):
    return queryset.values_list(
        "id",
        "id_number_hash",
        "name",
        "phone_hash",
        "household_id",
        "grid_id",
        "relation_to_head",
        "ethnicity",
        "political_status",
        "grid__code",
    ).iterator(chunk_size=10000)


def _tags_of(resident_ids) -> dict[int, tuple[str, ...]]:
    queryset = ResidentTag.objects.all()
    if resident_ids is not None:
        queryset = queryset.filter(resident_id__in=resident_ids)
    tags: dict[int, list[str]] = {}
    for resident_id, tag in queryset.values_list("resident_id", "tag").iterator(chunk_size=10000):
        tags.setdefault(resident_id, []).append(tag)
    return {k: tuple(sorted(v)) for k, v in tags.items()}


__all__ = ["ImportResult", "RosterFileError", "RosterRowError", "roster_import"]
