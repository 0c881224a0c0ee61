"""The ranking a viewer is shown: official figures, the same for everyone who may see them.

A unit's three rates and its rank are computed over all its demands (not the viewer's part
of them) among its peers: the units at the same level with the same parent (a community
among its street's communities, a grid among its community's grids), every one of them
listed, those with nothing to count included. A viewer is shown the peer groups under one
region: the one they name, if their scope lies in it or holds it; otherwise the region their
scope lies in, or the parent of their own unit when that unit is ranked (a community sees
itself among its street's communities, as the street and the district do). Scope decides
only which rows open into their records.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from banshi.access.scope import scope_for
from banshi.territory import codes
from banshi.territory.models import Grid, Region

from .models import Level
from .rates import LEVELS, UnitRates, assign_ranks, unit_rates
from .units import PREFIX_LEN, TERRITORY_LEVEL, HandlingUnit, UnitError


@dataclass
class PeerGroup:
    parent: str  # the parent's name ("" for the departments)
    rows: list[UnitRates]


@dataclass
class Ranking:
    level: str
    period: str
    region: Region | None  # None: the whole platform (or the departments)
    rows: list[UnitRates] = field(default_factory=list)
    openable: set[str] = field(default_factory=set)  # unit keys whose records may be opened
    own: set[str] = field(default_factory=set)  # unit keys of the viewer's own units
    groups: list[PeerGroup] = field(default_factory=list)


def _peer_prefix(prefix: str, level: str) -> str | None:
    """The region prefix whose units at `level` are the peers of the viewer holding
    `prefix`: the viewer's own region when the level lies below it, else the region one
    level above `level` that holds it (None: above a city, the whole platform)."""
    own = codes.level_of_prefix(prefix)
    ranked = TERRITORY_LEVEL[level]
    if own < ranked:
        return prefix
    parent = ranked - 1
    return prefix[: codes.PREFIX_LEN[parent]] if parent >= codes.CITY else None


def _region_for(user, level: str, code: str | None) -> Region | None:
    scope = scope_for(user)
    if code:
        region = Region.objects.filter(code=code).first()
        # A region the viewer's scope lies in or holds; anything else is as unknown.
        if region is None or not (
            scope.everything
            or any(
                p.startswith(region.prefix) or region.prefix.startswith(p) for p in scope.prefixes
            )
        ):
            raise UnitError(_("无效的区划：%(code)s") % {"code": code})
        if TERRITORY_LEVEL[level] <= region.level:
            raise UnitError(_("所选区划下没有该层级的单位"))
        return region
    if scope.everything or not scope.prefixes:
        return None
    peers = {_peer_prefix(p, level) for p in scope.prefixes}
    peers.discard(None)
    if not peers:
        return None
    # Several assignments: the narrowest region holding all their peer groups.
    common = min(peers, key=len)
    while common and not all(p.startswith(common) for p in peers):
        common = codes.parent_prefix(common) or ""
    if not common or codes.is_grid_prefix(common):
        return None
    return Region.objects.filter(code=codes.padded(common)).first()


def _peers(level: str, region: Region | None) -> list[HandlingUnit]:
    """Every unit at `level` under `region` (its peers, listed with or without demands)."""
    if level == Level.GRID:
        grids = Grid.objects.all()
        if region is not None:
            grids = grids.filter(code__startswith=region.prefix)
        return [HandlingUnit(Level.GRID, code=c) for c in grids.values_list("code", flat=True)]
    n = PREFIX_LEN[level]
    regions = Region.objects.filter(level=TERRITORY_LEVEL[level])
    if region is not None:
        regions = regions.filter(code__startswith=region.prefix)
    return [HandlingUnit(level, code=c[:n]) for c in regions.values_list("code", flat=True)]


def ranking_for(*, user, level: str, period: str, region_code: str | None = None) -> Ranking:
    """The ranking `user` is shown (see the module); UnitError for a bad level, period or
    region."""
    if level not in LEVELS:
        raise UnitError(
            _("层级应为 %(levels)s 之一：%(l)s") % {"levels": "、".join(LEVELS), "l": level}
        )
    scope = scope_for(user)
    if level == Level.DEPARTMENT:
        rows = unit_rates(level=level, period=period)
        keys = {r.unit.key for r in rows}
        own = {HandlingUnit.of_department(d).key for d in scope.department_ids}
        openable = keys if scope.everything else (own & keys)
        return Ranking(level, period, None, rows, openable, own, peer_groups(rows, level))
    region = _region_for(user, level, region_code)
    rows = unit_rates(level=level, period=period, region=region, peers=_peers(level, region))
    openable, own = set(), set()
    for r in rows:
        code = r.unit.code
        if scope.everything or any(code.startswith(p) for p in scope.prefixes):
            openable.add(r.unit.key)
        if any(p.startswith(code) for p in scope.prefixes):
            own.add(r.unit.key)
    groups = peer_groups(rows, level)
    ordered = [r for g in groups for r in g.rows]
    return Ranking(level, period, region, ordered, openable, own, groups)


def peer_groups(rows: list[UnitRates], level: str) -> list[PeerGroup]:
    """The rows by parent, each group ranked on its own (a unit's rank is among its peers,
    whatever the region shown). Departments are one group."""
    if level == Level.DEPARTMENT:
        return [PeerGroup("", assign_ranks(rows))]
    parent_len = codes.PREFIX_LEN[TERRITORY_LEVEL[level] - 1]
    by_parent: dict[str, list[UnitRates]] = {}
    for r in rows:
        by_parent.setdefault(r.unit.code[:parent_len], []).append(r)
    names = dict(
        Region.objects.filter(code__in=[codes.padded(p) for p in by_parent]).values_list(
            "code", "name"
        )
    )
    return [
        PeerGroup(names.get(codes.padded(p), p), assign_ranks(members))
        for p, members in sorted(by_parent.items())
    ]
