"""Reads of the territory, through the user's scope."""

from django.db.models import Count, QuerySet

from banshi.access.scope import restrict, scope_for

from . import codes
from .models import Building, Grid, Household, Region


def region_list(*, user, parent: Region | None = None) -> QuerySet[Region]:
    qs = restrict(Region.objects.all(), user)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs


def region_get(*, user, code: str) -> Region:
    """Region.DoesNotExist outside the scope (→ 404)."""
    return restrict(Region.objects.all(), user).get(code=code)


def region_find(name_or_code: str) -> Region:
    """Unscoped lookup by 12-digit code or exact name, for commands run on the server.

    Raises Region.DoesNotExist or Region.MultipleObjectsReturned.
    """
    value = (name_or_code or "").strip()
    if len(value) == codes.REGION_CODE_LEN and value.isdigit():
        return Region.objects.get(code=value)
    return Region.objects.get(name=value)


def scope_roots(*, user) -> list:
    """The top nodes of the user's scope: regions and grids whose codes are its prefixes."""
    scope = scope_for(user)
    if scope.everything:
        return list(Region.objects.filter(parent=None))
    region_codes = [codes.padded(p) for p in scope.prefixes if codes.is_region_prefix(p)]
    grid_codes = [p for p in scope.prefixes if codes.is_grid_prefix(p)]
    return list(Region.objects.filter(code__in=region_codes)) + list(
        Grid.objects.filter(code__in=grid_codes)
    )


def grid_list(*, user, region: Region | None = None) -> QuerySet[Grid]:
    qs = restrict(Grid.objects.select_related("community"), user)
    if region is not None:
        qs = qs.filter(code__startswith=region.prefix)
    return qs


def grid_get(*, user, code: str) -> Grid:
    return grid_list(user=user).get(code=code)


def grid_list_with_households(*, user, region: Region | None = None) -> QuerySet[Grid]:
    return grid_list(user=user, region=region).annotate(household_count=Count("households"))


def building_list(*, user, grid: Grid) -> QuerySet[Building]:
    return restrict(Building.objects.filter(grid=grid), user).prefetch_related("units")


def household_get(*, user, pk: int) -> Household:
    return restrict(Household.objects.select_related("grid", "building", "unit"), user).get(pk=pk)


def household_list(*, user) -> QuerySet[Household]:
    """The households in the user's scope (a resident's scope is their own household)."""
    return restrict(Household.objects.select_related("grid"), user)


def grid_household_list(*, user, grid: Grid) -> QuerySet[Household]:
    """A grid's households in the user's scope, with their resident counts, door by door."""
    qs = Household.objects.filter(grid=grid).annotate(resident_count=Count("residents"))
    return restrict(qs, user).order_by("building_id", "unit_id", "door_number")
