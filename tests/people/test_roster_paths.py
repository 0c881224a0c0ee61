"""The roster import's ways through one file give the same database: serial or in the worker
pool, with the table's state read up front or chunk by chunk, indexes kept or rebuilt."""

import pytest
from django.db import transaction

from banshi.people.models import Resident, ResidentTag
from banshi.people.roster import columns, importing
from banshi.territory.models import Household, Unit
from tests.people.test_roster_import import person, run, write_csv


def _people(world):
    grids = (world.grid1, world.grid2, world.grid3)
    people = []
    for i in range(1, 31):
        grid = grids[i % 3]
        p = person(
            i,
            world,
            **{
                columns.GRID: grid.name if i % 5 == 0 else grid.code,
                columns.UNIT: f"{1 + i % 2}单元",
                columns.DOOR: "101" if i % 7 == 0 else str(500 + i % 6),
                columns.TAGS: "独居老人,残疾人" if i % 4 == 0 else "",
                columns.RELATION: "配偶" if i % 2 else "户主",
            },
        )
        people.append(p)
    people[12][columns.ID_NUMBER] = people[3][columns.ID_NUMBER]  # a duplicate: reported
    people[20][columns.PHONE] = "12345"  # a bad phone: reported
    # An existing resident, moved and re-tagged.
    old = world.residents[world.grid2.code][0]
    people.append(
        person(
            99,
            world,
            **{
                columns.NAME: old.name,
                columns.ID_NUMBER: old.id_number,
                columns.GRID: world.grid2.code,
                columns.DOOR: "777",
                columns.TAGS: "低保户",
            },
        )
    )
    return people


def _state():
    residents = sorted(
        (
            r.name,
            r.name_pinyin,
            r.name_initials,
            r.id_number,
            r.id_number_hash,
            r.id_number_masked,
            r.sex,
            r.birth_date,
            r.phone,
            r.phone_hash,
            r.phone_masked,
            r.relation_to_head,
            r.ethnicity,
            r.political_status,
            r.grid.code,
            r.household.address,
            tuple(sorted(r.tags.values_list("tag", flat=True))),
        )
        for r in Resident.objects.select_related("grid", "household")
    )
    households = sorted(
        Household.objects.values_list(
            "grid__code", "building__number", "unit__number", "door_number", "address"
        )
    )
    units = sorted(Unit.objects.values_list("building__grid__code", "building__number", "number"))
    return residents, households, units, ResidentTag.objects.count()


def _imported(path, **kwargs):
    """The import's outcome and the database it leaves, rolled back afterwards."""
    with transaction.atomic():
        result = run(path, skip_invalid=True, **kwargs)
        state = _state()
        transaction.set_rollback(True)
    figures = (result.created, result.updated, result.unchanged, sorted(result.errors))
    return figures, (result.households_created, result.units_created), state


@pytest.mark.parametrize(
    "variant",
    [
        {"workers": 2},
        {"workers": 2, "rebuild_indexes": True},
        {"workers": 1, "preload_max": -1},
        {"workers": 2, "preload_max": -1},
    ],
    ids=["pool", "pool-rebuild", "chunk-lookups", "pool-chunk-lookups"],
)
def test_every_path_gives_the_serial_result(world, tmp_path, monkeypatch, variant):
    path = write_csv(tmp_path / "r.csv", _people(world), extra=[columns.TAGS])
    monkeypatch.setattr(importing, "CHUNK_ROWS", 4)
    serial = _imported(path, workers=1)
    figures, made, state = serial
    assert figures == (28, 1, 0, [14, 22])
    assert made[0] > 5 and made[1] == 3  # households and the 2单元 of each grid
    variant = dict(variant)
    if "preload_max" in variant:
        # A large table: residents, households and units are looked up chunk by chunk.
        monkeypatch.setattr(importing, "PRELOAD_MAX", variant.pop("preload_max"))
    other = _imported(path, **variant)
    assert other == serial


def test_the_chunk_lookups_ask_once_per_chunk(world, tmp_path, monkeypatch):
    """Grids and keys are fetched for a whole chunk before its rows, not row by row (each
    such query waits for the writer to finish the chunk before)."""
    path = write_csv(tmp_path / "r.csv", _people(world), extra=[columns.TAGS])
    monkeypatch.setattr(importing, "CHUNK_ROWS", 8)
    monkeypatch.setattr(importing, "PRELOAD_MAX", -1)
    loads = []
    original = importing._Run._load_grids

    def load(self, grid_ids):
        loads.append(None if grid_ids is None else sorted(grid_ids))
        return original(self, grid_ids)

    monkeypatch.setattr(importing._Run, "_load_grids", load)
    result = run(path, skip_invalid=True)
    assert result.created == 28
    # Every grid is loaded once, in the first chunk that names it (the first chunk names all).
    assert len(loads) == 1 and len(loads[0]) == 3
