"""Pages of one place that show records of several apps: a grid (its buildings, units and
households, and how many residents live there), a household (its residents) and a party
organization (its members, the organizations under it and the enterprises it covers). Every
read goes through the owning app's scoped selector; outside the scope answers 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from banshi.access.scope import scope_for
from banshi.enterprises.selectors import enterprise_list
from banshi.fieldwork.selectors import visit_list
from banshi.fieldwork.services import worker_assignments
from banshi.organizations.models import PartyOrganization
from banshi.organizations.selectors import (
    member_list,
    organization_children,
    organization_get,
    organization_visible,
)
from banshi.people.selectors import resident_list
from banshi.territory.models import Grid, Household
from banshi.territory.selectors import (
    building_list,
    grid_get,
    grid_household_list,
    household_get,
)

from .selectors import breadcrumb

MEMBERS_PAGE = 100
HOUSEHOLD_VISITS = 20  # the latest visits a household page lists


def _grid_or_404(user, code: str) -> Grid:
    try:
        return grid_get(user=user, code=code)
    except Grid.DoesNotExist:
        raise Http404 from None


@login_required
def grid_detail(request, code):
    grid = _grid_or_404(request.user, code)
    buildings = list(building_list(user=request.user, grid=grid))
    households = list(grid_household_list(user=request.user, grid=grid))
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
    trail = breadcrumb(user=request.user, subject=community) if community_open else []
    return render(
        request,
        "territory/grid_detail.html",
        {
            "grid": grid,
            "community": community,
            "community_open": community_open,
            "breadcrumb": trail,
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
    visits = visit_list(user=request.user).filter(household=household)[:HOUSEHOLD_VISITS]
    # The grid's own worker visits from here; anyone else reads the history.
    can_visit = any(a.grid_id == household.grid_id for a in worker_assignments(request.user))
    return render(
        request,
        "territory/household_detail.html",
        {
            "household": household,
            "residents": residents,
            "grid_open": grid_open,
            "visits": visits,
            "can_visit": can_visit,
        },
    )


@login_required
def organization_detail(request, pk):
    user = request.user
    try:
        org = organization_get(user=user, pk=pk)
    except PartyOrganization.DoesNotExist:
        raise Http404 from None
    members = Paginator(member_list(user=user, organization=org), MEMBERS_PAGE)
    page = members.get_page(request.GET.get("page"))
    scope = scope_for(user)
    territory_grid = org.grid or (org.building.grid if org.building_id else None)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "org": org,
            "parent_open": organization_visible(user=user, pk=org.parent_id),
            "children": organization_children(user=user, organization=org),
            "page": page,
            "member_count": members.count,
            "subtree_members": member_list(user=user, organization=org, subtree=True).count(),
            "territory_grid": territory_grid,
            "region_open": org.region_id is not None and scope.covers_code(org.region.code),
            "grid_open": territory_grid is not None and scope.covers_code(territory_grid.code),
            "enterprises": enterprise_list(user=user, organization=org),
        },
    )
