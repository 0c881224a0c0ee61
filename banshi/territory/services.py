"""Writes of the territory. Each validates the whole record (codes, parent prefixes, grid
boundaries) before it is stored."""

from django.db import transaction

from .models import Grid, Region


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
