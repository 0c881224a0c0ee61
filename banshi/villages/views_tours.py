"""Observation tours (拉练观摩): the tours of the counties in the viewer's scope, one tour's
page (its stops, who went, the summary), and the county's forms: plan a tour, add a village
visited (by its code: a tour visits other counties' villages), add a secretary, write the
summary. A tour out of scope answers 404; a write by anyone but the county's organization
department 403; bad input re-renders with its message and 400."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from banshi.access.scope import restrict
from banshi.core.actions import error_text
from banshi.core.text import form_id
from banshi.organizations.models import CommitteeSeat, PartyMember
from banshi.organizations.selectors import seats_open_on
from banshi.territory import codes
from banshi.territory.models import Region
from banshi.territory.selectors import region_list

from . import services
from .models import ObservationTour
from .services._base import check_county


def _counties(user):
    """The counties whose tours the user may plan."""
    out = []
    for county in region_list(user=user).filter(level=codes.DISTRICT).order_by("code")[:50]:
        try:
            check_county(user, county)
        except PermissionDenied:
            continue
        out.append(county)
    return out


def _list_context(request, values=None) -> dict:
    tours = restrict(ObservationTour.objects.select_related("county"), request.user)
    return {
        "tours": tours[:100],
        "counties": _counties(request.user),
        "values": values or {},
        "today": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def tours(request):
    if request.method == "GET":
        return render(request, "villages/tours.html", _list_context(request))
    p = request.POST
    county = next((c for c in _counties(request.user) if p.get("county") == c.code), None)
    try:
        if county is None:
            raise ValidationError(_("请选择组织县"))
        tour = services.tour_create(
            county=county,
            title=p.get("title", ""),
            starts_on=p.get("starts_on", ""),
            ends_on=p.get("ends_on", ""),
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        context = {**_list_context(request, values=p), "error": error_text(exc)}
        status = 403 if isinstance(exc, PermissionDenied) else 400
        return render(request, "villages/tours.html", context, status=status)
    return redirect("villages:tour", tour.pk)


def _tour(request, pk) -> ObservationTour:
    tour = restrict(ObservationTour.objects.select_related("county"), request.user)
    tour = tour.filter(pk=pk).first()
    if tour is None:
        raise Http404(_("记录不存在"))
    return tour


def _secretaries(tour):
    """The county's village secretaries today, offered as participants."""
    seats = CommitteeSeat.objects.filter(
        seats_open_on(timezone.localdate()),
        post=CommitteeSeat.Post.SECRETARY,
        organization__territory_code__startswith=tour.county.prefix,
        organization__region__level=codes.COMMUNITY,
    )
    return PartyMember.objects.filter(pk__in=seats.values("member_id")).select_related(
        "resident", "organization"
    )


def _tour_context(request, tour) -> dict:
    try:
        check_county(request.user, tour.county)
        can_edit = True
    except PermissionDenied:
        can_edit = False
    going = {p.member_id for p in tour.participants.all()}
    return {
        "tour": tour,
        "stops": tour.stops.select_related("village__parent__parent"),
        "participants": tour.participants.select_related(
            "member__resident", "member__organization"
        ),
        "candidates": [m for m in _secretaries(tour).order_by("organization__name")]
        if can_edit
        else [],
        "going": going,
        "can_edit": can_edit,
    }


@login_required
@require_http_methods(["GET", "POST"])
def tour_detail(request, pk):
    tour = _tour(request, pk)
    if request.method == "GET":
        return render(request, "villages/tour.html", _tour_context(request, tour))
    p = request.POST
    action = p.get("action", "")
    try:
        if action == "stop":
            code = p.get("village", "").strip()
            village = None
            if code.isascii() and code.isdigit():
                village = Region.objects.filter(code=code, level=codes.COMMUNITY).first()
            if village is None:
                raise ValidationError(_("找不到村：请填写12位村代码"))
            services.tour_stop_add(
                tour=tour,
                village=village,
                visited_on=p.get("visited_on", ""),
                seen=p.get("seen", ""),
                user=request.user,
            )
        elif action == "participant":
            member = _secretaries(tour).filter(pk=form_id(p.get("member"))).first()
            if member is None:
                raise ValidationError(_("请选择本县的村党组织书记"))
            services.tour_participant_add(tour=tour, member=member, user=request.user)
        elif action == "summary":
            services.tour_summarize(tour=tour, summary=p.get("summary", ""), user=request.user)
        else:
            raise ValidationError(_("操作无效"))
    except (ValidationError, PermissionDenied) as exc:
        context = {**_tour_context(request, tour), "error": error_text(exc), "values": p}
        status = 403 if isinstance(exc, PermissionDenied) else 400
        return render(request, "villages/tour.html", context, status=status)
    return redirect("villages:tour", tour.pk)
