"""The venue registry (活动场所): the list with its map (filtered by kind, searched by name)
and the map's GeoJSON, a venue's page with the held activities the viewer may see, and the
forms that register or edit a venue. Venues are read through `selectors.venues` (the
viewer's scope and the organizations above them); one outside it answers 404 like a missing
one. Only a manager of the registering organization writes (`check_venue_manager`)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from banshi.access.scope import scope_for
from banshi.core.actions import error_text
from banshi.core.text import form_id
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region
from banshi.territory.selectors import region_list

from . import selectors, services
from .models import Activity, Venue
from .services._common import check_manager
from .services.venues import check_venue_manager

LIMIT = 300  # rows of the list (and points of the map) at most
MAX_SEARCH = 100
MAX_REGIONS = 500
HELD = Activity.Status.HELD
FIELDS = ("name", "kind", "organization", "region", "address", "lat", "lng")


# --- reads ---------------------------------------------------------------------------------


def _venues(user) -> QuerySet[Venue]:
    """The venues the user may see, each with how many held activities used it. The count is
    every held activity's, not only the viewer's: a venue's use is no one's record."""
    return (
        selectors.venues(user=user)
        .select_related("region", "organization")
        .annotate(held=Count("activities", filter=Q(activities__status=HELD), distinct=True))
    )


def _venue(user, pk) -> Venue:
    venue = _venues(user).filter(pk=pk).first()
    if venue is None:
        raise Http404(_("记录不存在"))
    return venue


def _managed(user) -> QuerySet[PartyOrganization]:
    """The organizations the user manages: those in scope, when `check_manager` lets the
    user manage one of them (it decides by role: seeing a branch, as a grid worker does, is
    not managing it). The services check each write again."""
    orgs = selectors.organizations(user=user)
    first = orgs.first()
    if first is None:
        return orgs
    try:
        check_manager(user, first)
    except PermissionDenied:
        return PartyOrganization.objects.none()
    return orgs


def _regions(user, organizations, venue: Venue | None) -> QuerySet[Region]:
    """The regions a venue may be placed in: the user's territory, and that of each
    organization they manage (the rule of `services.venues.region_allowed`)."""
    if scope_for(user).everything:
        return Region.objects.order_by("code")
    q = Q(pk__in=region_list(user=user).values("pk"))
    codes: set[str] = set()
    for org in organizations:
        if org is None:
            continue
        if org.territory_code and len(org.territory_code) <= 12:
            codes.add(org.territory_code)
        elif org.grid_id:
            q |= Q(pk=org.grid.community_id)
    # A district committee's code covers its branches': one condition for the subtree.
    for code in codes:
        if not any(code != c and code.startswith(c) for c in codes):
            q |= Q(prefix__startswith=code)
    if venue is not None and venue.region_id:
        q |= Q(pk=venue.region_id)
    return Region.objects.filter(q).order_by("code")


def _may_edit(user, venue: Venue) -> bool:
    try:
        check_venue_manager(user, venue)
    except PermissionDenied:
        return False
    return True


def _filters(request) -> tuple[str, str]:
    kind = request.GET.get("kind", "")
    search = request.GET.get("q", "").strip()
    if kind and kind not in Venue.Kind.values:
        raise ValidationError(_("场所类型无效：%(v)s") % {"v": kind[:20]})
    if "\x00" in kind + search:
        raise ValidationError(_("输入包含无效字符"))
    if len(search) > MAX_SEARCH:
        raise ValidationError(_("搜索内容不能超过%(n)d个字") % {"n": MAX_SEARCH})
    return kind, search


def _filtered(user, kind: str, search: str) -> QuerySet[Venue]:
    qs = _venues(user)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs


# --- the list and its map ------------------------------------------------------------------


@login_required
@require_GET
def venue_list(request):
    try:
        kind, search = _filters(request)
        error, status = "", 200
    except ValidationError as exc:
        kind, search = "", ""
        error, status = error_text(exc), 400
    qs = _filtered(request.user, kind, search)
    query = urlencode({k: v for k, v in (("kind", kind), ("q", search)) if v})
    context = {
        "venues": list(qs[:LIMIT]),
        "total": qs.count(),
        "limit": LIMIT,
        "kind": kind,
        "search": search,
        "kinds": Venue.Kind.choices,
        "error": error,
        "geojson_url": reverse("partylife:venues_geojson") + (f"?{query}" if query else ""),
        "can_register": _managed(request.user).exists(),
    }
    return render(request, "partylife/venue_list.html", context, status=status)


def _feature(venue: Venue) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [venue.lng, venue.lat]},
        "properties": {
            "pk": venue.pk,
            "name": venue.name,
            "kind": venue.kind,
            "kind_label": venue.get_kind_display(),
            "address": venue.address,
            "held": venue.held,
            "url": reverse("partylife:venue", args=[venue.pk]),
        },
    }


@login_required
@require_GET
def venues_geojson(request):
    """The venues of the list (the same filters) that have coordinates, as points."""
    try:
        kind, search = _filters(request)
    except ValidationError as exc:
        body = {"error": error_text(exc)}
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    qs = _filtered(request.user, kind, search).filter(lat__isnull=False, lng__isnull=False)
    return JsonResponse(
        {"type": "FeatureCollection", "features": [_feature(v) for v in qs[:LIMIT]]},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


# --- a venue's page ------------------------------------------------------------------------


@login_required
@require_GET
def venue_page(request, pk):
    venue = _venue(request.user, pk)
    held = selectors.activity_list(user=request.user).filter(venue=venue, status=HELD)
    shown = held.count()
    context = {
        "venue": venue,
        "activities": list(held.order_by("-held_at", "-id")[:LIMIT]),
        "shown": shown,
        # venue.held counts every held activity there; the rest are outside the scope.
        "hidden": max(venue.held - shown, 0),
        "can_edit": _may_edit(request.user, venue),
    }
    return render(request, "partylife/venue.html", context)


# --- registering and editing ---------------------------------------------------------------


def _pick(queryset, value, *, field: str, message: str):
    if not value:
        return None
    picked = queryset.filter(pk=form_id(value)).first()
    if picked is None:
        raise ValidationError({field: message})
    return picked


def _default_region(org: PartyOrganization | None) -> Region | None:
    """Where a venue lies when the form leaves it empty: the organization's region."""
    if org is None:
        return None
    if org.region_id:
        return org.region
    return org.grid.community if org.grid_id else None


def _fields(request, venue: Venue | None) -> dict:
    post = request.POST
    # PostgreSQL cannot store a NUL character: refused here, not a database error.
    if any("\x00" in post.get(f, "") for f in FIELDS):
        raise ValidationError(_("输入包含无效字符"))
    orgs = _managed(request.user)
    org = _pick(
        orgs, post.get("organization", ""), field="organization", message=_("请选择登记党组织")
    )
    if org is None and not (venue is not None and venue.organization_id is None):
        # Only a venue registered by no organization (the demo's seed) may stay without one.
        raise ValidationError({"organization": _("请选择登记党组织")})
    regions = _regions(request.user, [org], venue)
    region = _pick(regions, post.get("region", ""), field="region", message=_("所在区划无效"))
    return {
        "name": post.get("name", ""),
        "kind": post.get("kind", ""),
        "organization": org,
        "region": region or _default_region(org),
        "address": post.get("address", ""),
        "lat": post.get("lat", ""),
        "lng": post.get("lng", ""),
    }


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (k if k in FIELDS else "__all__"): [str(m) for e in v for m in e.messages]
            for k, v in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def _initial(venue: Venue | None) -> dict:
    if venue is None:
        return {"kind": Venue.Kind.RED_BASE}
    return {
        "name": venue.name,
        "kind": venue.kind,
        "organization": str(venue.organization_id or ""),
        "region": str(venue.region_id or ""),
        "address": venue.address,
        "lat": "" if venue.lat is None else str(venue.lat),
        "lng": "" if venue.lng is None else str(venue.lng),
    }


def _form(request, venue: Venue | None, *, values=None, errors=None):
    orgs = list(_managed(request.user).select_related("grid")[:MAX_REGIONS])
    if values is None:
        values = _initial(venue)
    context = {
        "venue": venue,
        "values": values,
        "errors": errors or {},
        "organizations": orgs,
        "org_optional": venue is not None and venue.organization_id is None,
        "regions": list(_regions(request.user, orgs, venue)[:MAX_REGIONS]),
        "kinds": Venue.Kind.choices,
    }
    return render(request, "partylife/venue_form.html", context, status=400 if errors else 200)


def _posted(request) -> dict:
    return {f: request.POST.get(f, "") for f in FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def venue_new(request):
    if not _managed(request.user).exists():
        raise PermissionDenied(_("只有党组织书记和组织部门可以登记活动场所"))
    if request.method == "GET":
        return _form(request, None)
    try:
        venue = services.venue_create(**_fields(request, None), user=request.user)
    except ValidationError as exc:
        # The form again with its messages: a mistyped coordinate is not a failed request.
        return _form(request, None, values=_posted(request), errors=_errors(exc))
    return redirect("partylife:venue", pk=venue.pk)


@login_required
@require_http_methods(["GET", "POST"])
def venue_edit(request, pk):
    venue = _venue(request.user, pk)
    check_venue_manager(request.user, venue)  # PermissionDenied → 403
    if request.method == "GET":
        return _form(request, venue)
    try:
        services.venue_update(venue=venue, **_fields(request, venue), user=request.user)
    except ValidationError as exc:
        return _form(request, venue, values=_posted(request), errors=_errors(exc))
    return redirect("partylife:venue", pk=venue.pk)
