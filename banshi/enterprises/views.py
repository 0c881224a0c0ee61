"""Non-public enterprises (how party work reaches them) and rider service stations."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from banshi.access.scope import scope_for
from banshi.organizations.selectors import organization_visible

from . import selectors
from .models import Enterprise

PAGE_SIZE = 50


@login_required
def enterprise_list(request):
    status = request.GET.get("status", "")
    if status not in Enterprise.PartyOrgStatus.values:
        status = ""
    qs = selectors.enterprise_list(user=request.user, status=status or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/enterprise_list.html",
        {"page": page, "status": status, "statuses": Enterprise.PartyOrgStatus.choices},
    )


@login_required
def enterprise_detail(request, pk):
    try:
        enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    except Enterprise.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "grid_open": scope_for(request.user).covers_code(enterprise.grid.code),
            "organization_open": organization_visible(
                user=request.user, pk=enterprise.party_organization_id
            ),
        },
    )


@login_required
def rider_station_list(request):
    qs = selectors.rider_station_list(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enterprises/rider_station_list.html", {"page": page})
