"""Party organization pages: the organizations in scope as a tree, and one organization
(its territory, members and the organizations under it)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from banshi.access.scope import scope_for
from banshi.enterprises.selectors import enterprise_list

from .models import PartyOrganization
from .selectors import (
    member_list,
    organization_children,
    organization_get,
    organization_tree,
    organization_visible,
)

PAGE_SIZE = 100


@login_required
def organization_list(request):
    qs = organization_tree(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    top = min((o.depth for o in page), default=0)
    rows = [(o, o.depth - top) for o in page]
    return render(request, "organizations/organization_list.html", {"page": page, "rows": rows})


@login_required
def organization_detail(request, pk):
    user = request.user
    try:
        org = organization_get(user=user, pk=pk)
    except PartyOrganization.DoesNotExist:
        raise Http404 from None
    members = Paginator(member_list(user=user, organization=org), PAGE_SIZE)
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
