"""Pages and sync endpoints of field work. The worker's pages work offline (a PWA: the
service worker at /sw.js caches them and the grid's data; records wait in an IndexedDB
outbox); the sync endpoints take JSON, each record keyed by the phone's UUID."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from banshi.core import figures
from banshi.core.periods import Period, PeriodError
from banshi.territory.models import Region
from banshi.territory.selectors import region_get

from . import selectors, services
from .models import Finding
from .schemas import PatrolSchema, PhotoSchema, SchemaError, VisitSchema, validated
from .services import NotFound

MAX_JSON_BYTES = 1024 * 1024

TODAY_SHOWN = 40  # households listed before "显示全部"


def _error(message, status: int, fields: dict | None = None) -> JsonResponse:
    """The refusal the phone reads: `error` is shown to the worker; a 4xx is final there
    (the record is kept for the worker to correct), a 5xx is retried."""
    return JsonResponse({"error": str(message), "fields": fields or {}}, status=status)


def _messages(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def _fields(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _json_endpoint(handler):
    """POST JSON in, JSON out; a refusal answers with a Chinese message and its status."""

    @login_required
    @require_POST
    def view(request, *args, **kwargs):
        try:
            return handler(request, *args, **kwargs)
        except SchemaError as exc:
            return _error(exc, 400, exc.fields)
        except ValidationError as exc:
            return _error(_messages(exc), 400, _fields(exc))
        except PermissionDenied as exc:
            return _error(exc or _("无权执行此操作"), 403)
        except NotFound as exc:
            return _error(exc, 404)

    view.__name__ = handler.__name__
    return view


def _body(request) -> dict:
    if len(request.body) > MAX_JSON_BYTES:
        raise ValidationError(_("提交的数据过大"))
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("提交的数据不是有效的JSON")) from None
    if not isinstance(data, dict):
        raise ValidationError(_("提交的数据格式无效"))
    return data


def _floats(request):
    try:
        lat = float(request.GET["lat"])
        lng = float(request.GET["lng"])
    except (KeyError, ValueError):
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None, None
    return lat, lng


def _worker_grid(request):
    try:
        return services.worker_grid(request.user, request.GET.get("grid") or None)[0]
    except NotFound:
        raise Http404 from None


# --- PWA plumbing -----------------------------------------------------------------------


@require_GET
def manifest(request):
    data = {
        "name": _("办实事·巡查走访"),
        "short_name": _("巡查走访"),
        "start_url": "/fieldwork/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b71c1c",
        "lang": "zh-CN",
        "icons": [
            {
                "src": "/static/fieldwork/icon.svg",
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


# --- the worker's pages -----------------------------------------------------------------


@login_required
@ensure_csrf_cookie
@require_GET
def today(request):
    grid = _worker_grid(request)
    lat, lng = _floats(request)
    rows = selectors.daily_list(user=request.user, grid=grid, lat=lat, lng=lng)
    # The most pressing first (nearest, or longest overdue): a phone shows those, and the
    # rest on request — a new grid's 400 households at once are no list to walk.
    everything = request.GET.get("all") == "1"
    return render(
        request,
        "fieldwork/today.html",
        {
            "grid": grid,
            "rows": rows if everything else rows[:TODAY_SHOWN],
            "total": len(rows),
            "cut": not everything and len(rows) > TODAY_SHOWN,
            "located": lat is not None,
            "page": "today",
        },
    )


def _shell(template: str, page: str):
    @login_required
    @ensure_csrf_cookie
    @require_GET
    def view(request):
        grid = _worker_grid(request)
        return render(request, template, {"grid": grid, "page": page})

    view.__name__ = page
    return view


household_page = _shell("fieldwork/household.html", "household")
visit_form = _shell("fieldwork/visit_form.html", "visit")
patrol_form = _shell("fieldwork/patrol_form.html", "patrol")


@login_required
@require_GET
def grid_json(request):
    grid = _worker_grid(request)
    return JsonResponse(selectors.grid_data(user=request.user, grid=grid))


# --- sync ---------------------------------------------------------------------------------


@_json_endpoint
def sync_visit(request):
    data = validated(VisitSchema, _body(request))
    visit, created = services.visit_record(
        user=request.user,
        client_id=data["client_id"],
        household_id=data["household_id"],
        grid_code=data.get("grid_code") or None,
        household_label=data.get("household_label") or "",
        visited_at=data["visited_at"],
        met=data.get("met") or "",
        situation=data.get("situation") or "",
        needs=[dict(n) for n in data.get("needs") or []],
        follow_up_on=data.get("follow_up_on"),
    )
    return JsonResponse(
        {
            "id": visit.pk,
            "client_id": str(visit.client_id),
            "created": created,
            "flagged_for_review": visit.flagged_for_review,
            "flag_reason": visit.flag_reason,
        },
        status=201 if created else 200,
    )


@_json_endpoint
def sync_patrol(request):
    data = validated(PatrolSchema, _body(request))
    patrol, created = services.patrol_record(
        user=request.user,
        client_id=data["client_id"],
        grid_code=data.get("grid_code") or None,
        started_at=data["started_at"],
        ended_at=data.get("ended_at"),
        route=[dict(p) for p in data.get("route") or []],
        note=data.get("note") or "",
        findings=[dict(f) for f in data.get("findings") or []],
    )
    findings = [
        {"client_id": str(f.client_id), "id": f.pk, "demand": f.demand_id}
        for f in patrol.findings.all()
    ]
    return JsonResponse(
        {
            "id": patrol.pk,
            "client_id": str(patrol.client_id),
            "created": created,
            "findings": findings,
        },
        status=201 if created else 200,
    )


@_json_endpoint
def sync_photo(request):
    unknown = sorted(set(request.FILES) - {"file"})
    if unknown:
        raise SchemaError({k: [_("未知字段：%(key)s") % {"key": k}] for k in unknown})
    data = validated(PhotoSchema, request.POST.dict())
    photo, created = services.photo_upload(
        user=request.user,
        client_id=data["client_id"],
        grid_code=data.get("grid_code") or None,
        upload=request.FILES.get("file"),
    )
    return JsonResponse(
        {"id": photo.pk, "client_id": str(photo.client_id), "created": created},
        status=201 if created else 200,
    )


@_json_endpoint
def finding_demand(request, pk: int):
    try:
        finding = selectors.finding_list(user=request.user).get(pk=pk)
    except Finding.DoesNotExist:
        raise NotFound(_("巡查发现不存在或不在您的网格内")) from None
    services.worker_grid(request.user, finding.patrol.grid.code)
    demand = services.finding_to_demand(finding=finding, user=request.user)
    return JsonResponse({"demand": demand.pk, "tracking_code": demand.tracking_code})


# --- region figures ---------------------------------------------------------------------


def _region_or_404(user, code) -> Region:
    try:
        return region_get(user=user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None


def _needs_first(row) -> tuple:
    rate = row["coverage_rate"]
    return (rate is None, rate if rate is not None else 0, -row["overdue"], row["code"])


@login_required
@require_GET
def region_fieldwork(request, code):
    region = _region_or_404(request.user, code)
    # The last 91 days by default; a month (?period=2026-11) gives the region page's figures.
    try:
        asked = request.GET.get("period")
        period = Period.parse(asked) if asked else selectors.activity_period()
    except PeriodError as exc:
        context = {"region": region, "error": str(exc)}
        return render(request, "fieldwork/region.html", context, status=400)
    f = selectors.region_fieldwork(region=region, user=request.user, period=period)
    values = {**f, **{f"findings_{kind}": n for kind, n in f["findings_by_kind"].items()}}
    keys = [fig.key for fig in figures.all_figures(level=region.level, groups=["fieldwork"])]
    rows = figures.rows({k: values[k] for k in keys}, code=region.code, period=period)
    # The grids that most need visits first (lowest coverage, then most overdue), or by code.
    by_code = request.GET.get("sort") == "code"
    if not by_code:
        f["grids"] = sorted(f["grids"], key=_needs_first)
        f["communities"] = sorted(f["communities"], key=_needs_first)
    return render(
        request,
        "fieldwork/region.html",
        {
            "region": region,
            "f": f,
            "by_code": by_code,
            "period": period,
            "rows": [r for r in rows if not r.figure.detail],
            "kinds": [r for r in rows if r.figure.detail],
        },
    )
