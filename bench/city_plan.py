"""The city's territory as a plan, before any row is written: Hohhot's nine county-level units
and their streets, towns and townships (the demo's table, `banshi.demo.regions`), and under
them generated communities and villages, their grids (square boundaries laid out in rows)
and the household count of each grid. Deterministic for a seed; `scale` keeps every
region of the district and township levels and takes that fraction of the grids, spread
over the streets (大学东路街道 first, so even a tiny city has a grid in 赛罕区)."""

import random
from dataclasses import dataclass, field

from _common import square

from banshi.demo.plan import STREET_CODE
from banshi.demo.regions import CITY, COUNTIES, townships
from banshi.territory import codes

# Full size: an urban street has 80–100 grids in communities of 7–10; a town or township
# 16–25 grids, 3–5 in the seat's community and one or two per village. Households: 300–500
# in an urban grid, 120–350 in a rural one (≈ 3,500 grids, 1.25 million households).
URBAN_GRIDS, RURAL_GRIDS = (80, 100), (16, 25)
GRIDS_PER_COMMUNITY = (7, 10)
URBAN_HOUSEHOLDS, RURAL_HOUSEHOLDS = (300, 500), (120, 350)
# A residential building: 3 units × 6 floors × 2 doors.
UNITS_PER_BUILDING, FLOORS, DOORS = 3, 6, 2
PER_BUILDING = UNITS_PER_BUILDING * FLOORS * DOORS
GRIDS_PER_ROW = 64  # the squares' layout

COMMUNITY_WORDS = "东西南北中新园苑光和兴安康乐华盛丰泰福祥瑞宁春秋"
VILLAGE_FIRST = "大小前后东西南北上下"
VILLAGE_SECOND = "营沟湾窑堡台庄店滩房"


@dataclass
class GridPlan:
    index: int  # 0-based, in code order; the grid's id is index + 1
    code: str
    name: str
    community_code: str
    urban: bool
    households: int
    boundary: dict

    @property
    def buildings(self) -> int:
        """Residential buildings (urban grids only; village households have none)."""
        return -(-self.households // PER_BUILDING) if self.urban else 0


@dataclass
class RegionPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    grids: list[GridPlan] = field(default_factory=list)


@dataclass
class CityPlan:
    regions: list[RegionPlan]  # parents before children
    grids: list[GridPlan]

    def by_level(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.regions:
            out[r.kind] = out.get(r.kind, 0) + 1
        return out


def _street_order(streets: list[tuple]) -> list[tuple]:
    """The pinned demo street first, then the others interleaved across counties."""
    first = [s for s in streets if s[0] == STREET_CODE]
    rest = [s for s in streets if s[0] != STREET_CODE]
    by_county: dict[str, list] = {}
    for s in rest:
        by_county.setdefault(s[0][:6], []).append(s)
    interleaved = []
    while any(by_county.values()):
        for county in sorted(by_county):
            if by_county[county]:
                interleaved.append(by_county[county].pop(0))
    return first + interleaved


def plan_city(*, seed: int, scale: float) -> CityPlan:
    rng = random.Random(seed)
    regions = [RegionPlan(CITY[0], CITY[1], "city", None)]
    streets = []
    for county_code, county_name, kind, names in COUNTIES:
        regions.append(RegionPlan(f"{county_code}000000", county_name, kind, CITY[0]))
        for code, name, street_kind in townships(county_code, names):
            urban = street_kind == "street"
            full = rng.randint(*(URBAN_GRIDS if urban else RURAL_GRIDS))
            streets.append((code, name, street_kind, urban, full))
    street_regions = {s[0]: RegionPlan(s[0], s[1], s[2], f"{s[0][:6]}000000") for s in streets}
    # How many grids each street gets at this scale: a running total, rounded up, so the
    # counts add up to the scaled total and the first streets in the order get theirs first.
    wanted: dict[str, int] = {}
    acc, given = 0.0, 0
    for code, _name, _kind, _urban, full in _street_order(streets):
        acc += full * scale
        n = max(0, int(acc + 0.999999) - given)
        wanted[code] = n
        given += n
    grids: list[GridPlan] = []
    communities: list[RegionPlan] = []
    for code, name, _kind, urban, _full in streets:
        street = street_regions[code]
        regions.append(street)
        n = wanted[code]
        base = name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        groups = _groups(rng, n, urban)
        for c, size in enumerate(groups):
            is_village = not urban and c > 0
            if is_village:
                number = 200 + c
                word = VILLAGE_FIRST[(c - 1) // 10 % 10] + VILLAGE_SECOND[(c - 1) % 10]
                cname, ckind = f"{word}村", "village"
            else:
                number = c + 1
                word = COMMUNITY_WORDS[c % len(COMMUNITY_WORDS)]
                suffix = "" if c < len(COMMUNITY_WORDS) else str(c // len(COMMUNITY_WORDS))
                cname, ckind = f"{base}{word}{suffix}社区", "community"
            community = RegionPlan(f"{code[:9]}{number:03d}", cname, ckind, code)
            communities.append(community)
            regions.append(community)
            for g in range(1, size + 1):
                i = len(grids)
                lo_hi = URBAN_HOUSEHOLDS if urban and not is_village else RURAL_HOUSEHOLDS
                grid = GridPlan(
                    index=i,
                    code=f"{community.code}{g:03d}",
                    name=f"{cname}第{g}网格",
                    community_code=community.code,
                    urban=urban,
                    households=rng.randint(*lo_hi),
                    boundary=square(i % GRIDS_PER_ROW, i // GRIDS_PER_ROW),
                )
                grids.append(grid)
                community.grids.append(grid)
    # Regions parents first, then by code; grids in code order (their ids follow it).
    regions.sort(key=lambda r: (codes.level_of(r.code), r.code))
    order = sorted(grids, key=lambda g: g.code)
    for i, g in enumerate(order):
        g.index = i
        g.boundary = square(i % GRIDS_PER_ROW, i // GRIDS_PER_ROW)
    return CityPlan(regions=regions, grids=order)


def _groups(rng: random.Random, n: int, urban: bool) -> list[int]:
    """Grid counts of a street's communities (urban) or of a town's seat community and
    villages (rural) for n grids."""
    out: list[int] = []
    left = n
    if not urban and left:
        seat = min(left, rng.randint(3, 5))
        out.append(seat)
        left -= seat
    while left > 0:
        size = rng.randint(*GRIDS_PER_COMMUNITY) if urban else rng.choice((1, 1, 2))
        size = min(size, left)
        out.append(size)
        left -= size
    return out
