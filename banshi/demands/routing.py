"""Routing at intake: where the demand is (household/building → its grid, or a point →
the grid containing it, or the region it was received in) and who handles it by default
(the category's handling level or department). What cannot be routed goes to the street's
dispatch desk, or, outside every street, to the city's."""

from collections.abc import Callable
from dataclasses import dataclass

from banshi.territory import codes
from banshi.territory.grid_index import grid_at
from banshi.territory.models import Grid, Region

from .models import Category, Level
from .units import HandlingUnit


@dataclass
class Route:
    grid: Grid | None
    community: Region | None
    street: Region | None
    handler: HandlingUnit | None  # dispatched to at once; None → the dispatch desk
    lat: float | None
    lng: float | None

    @property
    def territory_code(self) -> str:
        if self.grid is not None:
            return self.grid.code
        if self.community is not None:
            return self.community.prefix
        if self.street is not None:
            return self.street.prefix
        return ""

    @property
    def desk(self) -> HandlingUnit | None:
        """The street's dispatch desk; None means the city's."""
        return HandlingUnit.of_region(self.street) if self.street is not None else None


def route(
    *,
    category: Category,
    lat: float | None = None,
    lng: float | None = None,
    building=None,
    household=None,
    region: Region | None = None,
    fallback: Callable[[], Region | None] | None = None,
) -> Route:
    """`region` places a demand that no grid holds; without one, `fallback()` gives the
    region (called only then: finding it may cost a query the usual intake does not need)."""
    grid = None
    if household is not None:
        grid = household.grid
        building = building or household.building
    elif building is not None:
        grid = building.grid
    if (lat is None or lng is None) and building is not None and building.lat is not None:
        lat, lng = building.lat, building.lng
    if grid is None and lat is not None and lng is not None:
        grid = grid_at(lat, lng)

    if grid is None and region is None and fallback is not None:
        region = fallback()
    community = street = None
    if grid is not None:
        community = grid.community
        street = community.parent
    elif region is not None:
        if region.level == codes.COMMUNITY:
            community, street = region, region.parent
        elif region.level == codes.STREET:
            street = region

    handler = default_handler(category, grid=grid, community=community, street=street)
    return Route(grid, community, street, handler, lat, lng)


def default_handler(
    category: Category, *, grid=None, community=None, street=None
) -> HandlingUnit | None:
    """The unit the category's rule sends a demand to, if that unit is known."""
    level = category.handling_level
    if level == Level.GRID and grid is not None:
        return HandlingUnit.of_grid(grid)
    if level == Level.COMMUNITY and community is not None:
        return HandlingUnit.of_region(community)
    if level == Level.STREET and street is not None:
        return HandlingUnit.of_region(street)
    if level == Level.DEPARTMENT and category.default_department_id:
        return HandlingUnit.of_department(category.default_department_id)
    return None
