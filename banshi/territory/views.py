"""Pages of the territory: the region browser, grid maps (GeoJSON), grid and household pages
(the region page with its figures is the dashboards app's). Every read goes through a scoped
selector; a place outside the user's scope answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from banshi.access.scope import scope_for
from banshi.people.selectors import resident_list

from . import codes
from .models import Grid, Household, Region
from .selectors import (
    building_list,
    grid_get,
    grid_household_list,
    grid_list_with_households,
    household_get,
    region_get,
    region_list,
    scope_roots,
)


def _region_or_404(user, code: str) -> Region:
    try:
        return region_get(user=user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None


def _grid_or_404(user, code: str) -> Grid:
    try:
        return grid_get(user=user, code=code)
    except Grid.DoesNotExist:
        raise Http404 from None


def _breadcrumb(user, region: Region) -> list[tuple[Region, bool]]:
    """Ancestors from the top, each with whether the user may open it."""
    scope = scope_for(user)
    return [(a, scope.covers_code(a.code)) for a in region.ancestors()]


@login_required
def region_tree(request):
    roots = scope_roots(user=request.user)
    grid_ids = [g.pk for g in roots if isinstance(g, Grid)]
    grids = grid_list_with_households(user=request.user).filter(pk__in=grid_ids)
    return render(
        request,
        "territory/region_tree.html",
        {"regions": [r for r in roots if isinstance(r, Region)], "grids": list(grids)},
    )


def _children(user, region: Region) -> tuple[list[Region], list[Grid]]:
    children = list(region_list(user=user, parent=region))
    grids = []
    if region.level == codes.COMMUNITY:
        grids = list(grid_list_with_households(user=user, region=region))
    return children, grids


@login_required
@require_GET
def region_children(request, code):
    """One level of the tree (htmx fragment; a plain page without JavaScript)."""
    region = _region_or_404(request.user, code)
    children, grids = _children(request.user, region)
    template = "territory/_children.html" if request.htmx else "territory/region_children.html"
    return render(request, template, {"region": region, "children": children, "grids": grids})


def _geojson(features: list[dict]) -> JsonResponse:
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
    )


@login_required
@require_GET
def region_grids_geojson(request, code):
    region = _region_or_404(request.user, code)
    grids = grid_list_with_households(user=request.user, region=region).filter(
        boundary__isnull=False
    )
    return _geojson(
        [
            {
                "type": "Feature",
                "geometry": g.boundary,
                "properties": {
                    "kind": "grid",
                    "code": g.code,
                    "name": g.name,
                    "households": g.household_count,
                    "url": reverse("grid_detail", args=[g.code]),
                },
            }
            for g in grids
        ]
    )


def _grid_households(user, grid: Grid):
    return grid_household_list(user=user, grid=grid)


@login_required
@require_GET
def grid_geojson(request, code):
    """The grid's polygon and its buildings as points."""
    grid = _grid_or_404(request.user, code)
    features = []
    if grid.boundary:
        features.append(
            {
                "type": "Feature",
                "geometry": grid.boundary,
                "properties": {
                    "kind": "grid",
                    "code": grid.code,
                    "name": grid.name,
                    "households": _grid_households(request.user, grid).count(),
                    "url": reverse("grid_detail", args=[grid.code]),
                },
            }
        )
    for b in building_list(user=request.user, grid=grid):
        if b.lat is None or b.lng is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [b.lng, b.lat]},
                "properties": {"kind": "building", "name": str(b), "url": f"#building-{b.pk}"},
            }
        )
    return _geojson(features)


@login_required
def grid_detail(request, code):
    grid = _grid_or_404(request.user, code)
    buildings = list(building_list(user=request.user, grid=grid))
    households = list(_grid_households(request.user, grid))
    by_unit: dict[int | None, list[Household]] = {}
    loose: dict[int, list[Household]] = {}  # in a building but no unit
    unplaced = []  # neither building nor unit
    for h in households:
        if h.unit_id:
            by_unit.setdefault(h.unit_id, []).append(h)
        elif h.building_id:
            loose.setdefault(h.building_id, []).append(h)
        else:
            unplaced.append(h)
    tree = [
        {
            "building": b,
            "units": [(u, by_unit.get(u.pk, [])) for u in b.units.all()],
            "loose": loose.get(b.pk, []),
        }
        for b in buildings
    ]
    community = grid.community
    community_open = scope_for(request.user).covers_code(community.code)
    return render(
        request,
        "territory/grid_detail.html",
        {
            "grid": grid,
            "community": community,
            "community_open": community_open,
            "breadcrumb": _breadcrumb(request.user, community) if community_open else [],
            "figures": {
                "households": len(households),
                "residents": resident_list(user=request.user, grid=grid).count(),
                "buildings": len(buildings),
                "units": sum(len(t["units"]) for t in tree),
            },
            "tree": tree,
            "unplaced": unplaced,
        },
    )


@login_required
def household_detail(request, pk):
    try:
        household = household_get(user=request.user, pk=pk)
    except Household.DoesNotExist:
        raise Http404 from None
    residents = resident_list(user=request.user).filter(household=household)
    grid_open = scope_for(request.user).covers_code(household.grid.code)
    return render(
        request,
        "territory/household_detail.html",
        {"household": household, "residents": residents, "grid_open": grid_open},
    )
