"""The home-page tile of field work: the households a grid worker should visit today (overdue
or due within a week), per grid they serve. Each grid's count opens that grid's list for the
day; the total does only for a worker of one grid, since the day's list is one grid's."""

from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.core import figures, tiles
from banshi.core.tiles import Tile
from banshi.territory import codes
from banshi.territory.selectors import grid_list

from . import selectors


def _today(request) -> dict | None:
    grid_codes = [p for p in scope_for(request.user).prefixes if codes.is_grid_prefix(p)]
    grids = list(grid_list(user=request.user).filter(code__in=grid_codes))
    if not grids:
        return None
    # Each grid's visit coverage over the last 91 days: the official figure, opening its
    # households (the covered ones; the overdue ones beside it).
    period = selectors.activity_period()
    coverage = figures.get("visit_coverage_rate")
    rows = []
    for g in grids:
        rows.append(
            {
                "grid": g,
                "due": selectors.due_count(user=request.user, grid=g),
                "coverage": coverage.compute(g, period),
                "coverage_url": figures.drill_down_url(coverage, g.code, period),
            }
        )
    return {"grids": rows, "total": sum(r["due"] for r in rows)}


TILES = (
    Tile(
        "fieldwork.today",
        _("今日走访"),
        "fieldwork/tiles/today.html",
        _today,
        order=20,
        roles=frozenset({RoleAssignment.Role.GRID_WORKER}),
    ),
)


def register() -> None:
    for tile in TILES:
        tiles.register(tile)
