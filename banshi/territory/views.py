"""Pages of the territory: the region browser, grid maps (GeoJSON), grid and household pages
(the region page with its figures is the dashboards app's). Every read goes through a scoped
selector; a place outside the user's scope answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import codes
from .models import Grid, Region
from .selectors import (
    building_list,
    grid_get,
    grid_household_list,
    grid_list_with_households,
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
