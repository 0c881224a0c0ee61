"""Party organization pages: the organizations in scope as a tree, and one organization
(its territory, members and the organizations under it)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from banshi.access.scope import restrict, scope_for

from .models import PartyMember, PartyOrganization

PAGE_SIZE = 100


def _organizations(user):
    return restrict(PartyOrganization.objects.all(), user)


def _members(user, organization: PartyOrganization):
    qs = PartyMember.objects.filter(organization=organization).select_related("resident")
    return restrict(qs, user)


@login_required
def organization_list(request):
    qs = _organizations(request.user).annotate(member_count=Count("members")).order_by("path")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    top = min((o.depth for o in page), default=0)
    rows = [(o, o.depth - top) for o in page]
    return render(request, "organizations/organization_list.html", {"page": page, "rows": rows})


@login_required
def organization_detail(request, pk):
    try:
        org = (
            _organizations(request.user)
            .select_related("parent", "region", "grid", "building__grid")
            .get(pk=pk)
        )
    except PartyOrganization.DoesNotExist:
        raise Http404 from None
    visible = _organizations(request.user)
    children = visible.filter(parent=org).annotate(member_count=Count("members"))
    subtree_members = restrict(
        PartyMember.objects.filter(organization__path__startswith=org.path), request.user
    ).count()
    members = Paginator(_members(request.user, org).order_by("resident__name", "pk"), PAGE_SIZE)
    page = members.get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    territory_grid = org.grid or (org.building.grid if org.building_id else None)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "org": org,
            "parent_open": org.parent_id is not None and visible.filter(pk=org.parent_id).exists(),
            "children": children,
            "page": page,
            "member_count": members.count,
            "subtree_members": subtree_members,
            "territory_grid": territory_grid,
            "region_open": org.region_id is not None and scope.covers_code(org.region.code),
            "grid_open": territory_grid is not None and scope.covers_code(territory_grid.code),
            "enterprises": restrict(org.enterprises.all(), request.user),
        },
    )
