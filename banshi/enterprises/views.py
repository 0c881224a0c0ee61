"""Non-public enterprises (how party work reaches them) and rider service stations."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import PartyOrganization
from banshi.organizations.selectors import organization_visible

from . import selectors, services
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
        request, "enterprises/enterprise_detail.html", enterprise_context(request, enterprise)
    )


def _may(check, *args) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True


def enterprise_context(request, enterprise: Enterprise) -> dict:
    user = request.user
    founder = not enterprise.has_party_org and _may(services.check_founder, user, enterprise)
    return {
        "enterprise": enterprise,
        "grid_open": scope_for(user).covers_code(enterprise.grid.code),
        "organization_open": organization_visible(user=user, pk=enterprise.party_organization_id),
        "visits": selectors.visits(user=user, enterprise=enterprise)[:50],
        "foundings": restrict(enterprise.foundings.select_related("organization"), user),
        "may_visit": enterprise.instructor_id is not None
        and _may(services.check_visitor, user, enterprise),
        "organizations": restrict(PartyOrganization.objects.all(), user).order_by("path")[:200]
        if founder
        else [],
        "founding_statuses": [
            (Enterprise.PartyOrgStatus.OWN, Enterprise.PartyOrgStatus.OWN.label),
            (Enterprise.PartyOrgStatus.JOINT, Enterprise.PartyOrgStatus.JOINT.label),
        ],
        "today": timezone.localdate(),
    }


@login_required
def rider_station_list(request):
    qs = selectors.rider_station_list(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enterprises/rider_station_list.html", {"page": page})
