"""Writes of the territory. Each validates the whole record (codes, parent prefixes, grid
boundaries) before it is stored."""

from django.db import transaction

from .models import Building, CommercialOutlet, Grid, Household, Region, Unit


@transaction.atomic
def region_create(*, code: str, name: str, kind: str, parent: Region | None = None) -> Region:
    region = Region(code=code, name=name, kind=kind, parent=parent)
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def grid_create(
    *,
    community: Region,
    code: str,
    name: str,
    kind: str = Grid.Kind.COMPREHENSIVE,
    boundary: dict | None = None,
) -> Grid:
    grid = Grid(community=community, code=code, name=name, kind=kind, boundary=boundary)
    grid.full_clean()
    grid.save()
    return grid


@transaction.atomic
def grid_set_boundary(*, grid: Grid, boundary: dict) -> Grid:
    grid.boundary = boundary
    grid.full_clean()
    grid.save(update_fields=["boundary", "updated_at"])
    return grid


@transaction.atomic
def building_create(*, grid: Grid, number: str, name: str = "", lat=None, lng=None) -> Building:
    building = Building(grid=grid, number=number, name=name, lat=lat, lng=lng)
    building.full_clean()
    building.save()
    return building


@transaction.atomic
def unit_create(*, building: Building, number: str) -> Unit:
    unit = Unit(building=building, number=number)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def household_create(
    *,
    grid: Grid,
    door_number: str,
    building: Building | None = None,
    unit: Unit | None = None,
    address: str = "",
    size: int | None = None,
) -> Household:
    if unit is not None and building is None:
        building = unit.building
    household = Household(
        grid=grid, building=building, unit=unit, door_number=door_number, address=address, size=size
    )
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def outlet_create(*, grid: Grid, name: str, kind: str, lat=None, lng=None) -> CommercialOutlet:
    outlet = CommercialOutlet(grid=grid, name=name, kind=kind, lat=lat, lng=lng)
    outlet.full_clean()
    outlet.save()
    return outlet
