"""Pages of party work in enterprises and among riders: an enterprise's visits and the
forms to record one, close its follow-up or record the founding of its party organization;
a rider station's page with its days of service; the organization coverage of a region's
enterprises month by month. Thin: selectors read, services write; bad input re-renders with
its message (400), a write the user may not make is 403."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from banshi.access.scope import restrict
from banshi.core.actions import post_action
from banshi.core.figures import as_percent
from banshi.core.text import form_id
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region
from banshi.territory.selectors import scope_roots

from . import selectors, services
from .models import Enterprise, RiderStation
from .views import enterprise_context


def _enterprise_or_404(user, pk) -> Enterprise:
    try:
        return selectors.enterprise_get(user=user, pk=pk)
    except Enterprise.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def enterprise_work(request, pk):
    enterprise = _enterprise_or_404(request.user, pk)
    p, user = request.POST, request.user

    def visit():
        services.visit_record(
            enterprise=enterprise,
            visited_on=p.get("visited_on", ""),
            notes=p.get("notes", ""),
            follow_up=p.get("follow_up", ""),
            follow_up_due=p.get("follow_up_due", ""),
            user=user,
        )

    def follow_up():
        found = selectors.visits(user=user, enterprise=enterprise).filter(
            pk=form_id(p.get("visit"))
        )
        if not found.exists():
            raise ValidationError(_("请选择走访记录"))
        services.visit_follow_up_done(visit=found.get(), on=p.get("on", ""), user=user)

    def found():
        org = restrict(PartyOrganization.objects.all(), user).filter(
            pk=form_id(p.get("organization"))
        )
        services.party_org_found(
            enterprise=enterprise,
            organization=org.first(),
            status=p.get("status", ""),
            on=p.get("on", ""),
            user=user,
        )

    return post_action(
        request,
        {"visit": visit, "follow_up": follow_up, "found": found},
        page=lambda status: render(
            request,
            "enterprises/enterprise_detail.html",
            enterprise_context(request, enterprise),
            status=status,
        ),
        then=f"/enterprises/{enterprise.pk}/",
    )


def _station_context(request, station: RiderStation) -> dict:
    return {
        "station": station,
        "visits": restrict(station.visits.all(), request.user)[:60],
        "services": services.STATION_SERVICES,
        "today": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def rider_station_detail(request, pk):
    try:
        station = selectors.station_get(user=request.user, pk=pk)
    except RiderStation.DoesNotExist:
        raise Http404 from None
    if request.method == "GET":
        return render(
            request, "enterprises/rider_station_detail.html", _station_context(request, station)
        )
    p = request.POST
    return post_action(
        request,
        {
            "day": lambda: services.station_visit_record(
                station=station,
                on=p.get("on", ""),
                riders=p.get("riders", ""),
                services=p.getlist("services"),
                note=p.get("note", ""),
                user=request.user,
            )
        },
        page=lambda status: render(
            request,
            "enterprises/rider_station_detail.html",
            _station_context(request, station),
            status=status,
        ),
    )


@login_required
@require_GET
def coverage(request):
    """A region's organization coverage month by month: the region asked for (in scope),
    or the top of the viewer's territory."""
    regions = restrict(Region.objects.all(), request.user)
    code = str(request.GET.get("region") or "")[:15]
    if code:
        region = regions.filter(code=code).first()
        if region is None:
            raise Http404
    else:
        region = next((r for r in scope_roots(user=request.user) if isinstance(r, Region)), None)
    rows = []
    if region is not None:
        for month, covered, total, rate in selectors.coverage_series(region):
            rows.append(
                {
                    "month": month,
                    "covered": covered,
                    "total": total,
                    "rate": rate,
                    "text": as_percent(rate) if rate is not None else "—",
                }
            )
    return render(request, "enterprises/coverage.html", {"region": region, "rows": rows})
