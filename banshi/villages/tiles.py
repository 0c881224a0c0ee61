"""The home-page tile of the village apps for a county's organization department and a
township's staff: this year's figures of their villages — reserve pools short of three,
vacant villagers' committee posts, red flags, the weak-organization rectification, the
contests and the cadre assessment — each opening its records. Coverage and obligations of
villages, never a ranking of people. The figures come from the registry by group, so the
sibling apps are not imported. A home page is opened often: the values are cached for a
few minutes per region and year (the region page computes them afresh)."""

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.core import figures, tiles
from banshi.core.periods import Period
from banshi.core.tiles import Tile
from banshi.territory.models import Region
from banshi.territory.selectors import scope_roots

from .figures import VILLAGE_GROUPS
from .selectors import villages_under

ROLE = RoleAssignment.Role
MAX_REGIONS = 2  # a tile, not a report: the region page holds the rest
CACHE_SECONDS = 300


def _values(region: Region, period: Period) -> dict:
    name = f"banshi:villages-tile:{region.code}:{period.key}"
    found = cache.get(name)
    if found is None:
        found = figures.compute(region, period, groups=VILLAGE_GROUPS)
        cache.set(name, found, CACHE_SECONDS)
    return found


def _context(request) -> dict | None:
    regions = [
        r
        for r in scope_roots(user=request.user)
        if isinstance(r, Region) and villages_under(r.prefix).exists()
    ][:MAX_REGIONS]
    if not regions:
        return None
    period = Period.year(timezone.localdate().year)
    blocks = []
    for region in regions:
        values = _values(region, period)
        rows = [r for r in figures.rows(values, code=region.code, period=period) if r.value]
        blocks.append({"region": region, "rows": rows})
    return {"blocks": blocks, "year": period.key}


TILE = Tile(
    "villages.overview",
    _("村级组织建设"),
    "villages/tile.html",
    _context,
    order=40,
    roles=frozenset({ROLE.DISTRICT, ROLE.STREET}),
)


def register() -> None:
    tiles.register(TILE)
