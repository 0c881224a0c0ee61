"""Non-public enterprises (how party work reaches them) and rider service stations."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import PartyOrganization

from .models import Enterprise, RiderStation

PAGE_SIZE = 50


def _enterprises(user):
    return restrict(
        Enterprise.objects.select_related("grid", "instructor", "party_organization"), user
    )


@login_required
def enterprise_list(request):
    qs = _enterprises(request.user)
    status = request.GET.get("status", "")
    if status in Enterprise.PartyOrgStatus.values:
        qs = qs.filter(party_org_status=status)
    else:
        status = ""
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/enterprise_list.html",
        {"page": page, "status": status, "statuses": Enterprise.PartyOrgStatus.choices},
    )


@login_required
def enterprise_detail(request, pk):
    try:
        enterprise = _enterprises(request.user).get(pk=pk)
    except Enterprise.DoesNotExist:
        raise Http404 from None
    org_id = enterprise.party_organization_id
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "grid_open": scope_for(request.user).covers_code(enterprise.grid.code),
            "organization_open": org_id is not None
            and restrict(PartyOrganization.objects.filter(pk=org_id), request.user).exists(),
        },
    )


@login_required
def rider_station_list(request):
    qs = restrict(RiderStation.objects.select_related("grid"), request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enterprises/rider_station_list.html", {"page": page})
