"""Demand pages: queue, list, detail with its actions, submission, rating, ranking, topic
of the month, notifications, the hotline import, and the public tracking page. Reads go
through the selectors, writes through `actions.perform` and the services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from banshi.access.scope import scope_for
from banshi.core.qr import qr_svg
from banshi.core.replica import reads_from_replica
from banshi.core.xlsx import XLSX_TYPE
from banshi.territory.models import Region
from banshi.territory.selectors import household_list, region_get

from . import deadlines, exports, rates, selectors, services, topics
from .actions import perform
from .forms import DemandForm, ImportForm, RatingForm
from .models import Demand, DemandPhoto, WhistleCall
from .ranking import ranking_for
from .units import UnitError
from .workflow import (
    ACTIONS,
    TRANSITIONS,
    ActionForbidden,
    TransitionError,
    actors_of,
    allowed_actions,
)

PAGE_SIZE = 50
# The actions whose form asks for a note the service requires, and those limited to 500.
REQUIRED_NOTE = frozenset({"return", "resolve", "progress", "extend_request", "extend_refuse"})
SHORT_NOTE = frozenset({"return", "extend_request", "extend_approve", "extend_refuse"})


def _get(request, pk) -> Demand:
    try:
        return selectors.demand_get(user=request.user, pk=pk)
    except Demand.DoesNotExist:
        raise Http404 from None


def _messages_of(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@login_required
def queue(request):
    qs = selectors.demand_queue(user=request.user)
    # ?late=1: only what is overdue (the workbench's "N 件已超时" opens it).
    late_only = request.GET.get("late") == "1"
    today_only = request.GET.get("due") == "today"
    if late_only:
        qs = qs.filter(late=True)
    elif today_only:
        qs = selectors.due_today(qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    calls = (
        selectors.open_whistle_calls(user=request.user)
        if scope_for(request.user).department_ids
        else []
    )
    unread = selectors.notification_list(user=request.user, unread_only=True)[:10]
    return render(
        request,
        "demands/queue.html",
        {
            "page": page,
            "calls": calls,
            "unread": unread,
            "now": timezone.now(),
            "late_only": late_only,
            "today_only": today_only,
        },
    )


def _list_filters(request) -> dict:
    g = request.GET
    return {
        "state": g.get("state") or None,
        "category": g.get("category") or None,
        "unit": g.get("unit") or None,
        "period": g.get("period") or None,
        "figure": g.get("figure") or None,
        "search": (g.get("q") or "")[:64],
    }


@login_required
def demand_list(request):
    g = request.GET
    filters = _list_filters(request)
    error = None
    try:
        qs = selectors.demand_list(user=request.user, **filters)
        unit = filters["unit"] and selectors.unit_for_user(key=filters["unit"], user=request.user)
        unit_name = unit.name if unit else ""
        count = qs.count()
    except UnitError as exc:
        error, qs, unit_name, count = str(exc), Demand.objects.none(), "", 0
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    context = {
        "page": page,
        "count": count,
        "filters": filters,
        "unit_name": unit_name,
        "figure_label": rates.FIGURE_LABELS.get(filters["figure"] or "", ""),
        "states": Demand.State.choices,
        "categories": selectors.category_list(),
        "error": error,
        "export_query": request.GET.urlencode(),
    }
    return render(request, "demands/list.html", context, status=400 if error else 200)


@login_required
@reads_from_replica
def demand_export(request):
    """The list page's demands (same filters, same scope) as an Excel workbook."""
    filters = _list_filters(request)
    try:
        qs = selectors.demand_list(user=request.user, **filters)
    except UnitError as exc:
        return render(request, "demands/export_error.html", {"error": str(exc)}, status=400)
    described = "; ".join(f"{k}={v}" for k, v in filters.items() if v)
    content, _rows = exports.demand_export(
        user=request.user, demands=qs, description=described, request=request
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _xlsx(content, f"demands-{stamp}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _detail_context(request, demand: Demand) -> dict:
    roles = actors_of(demand, request.user)
    actions = allowed_actions(demand, request.user)
    needs_targets = any(t.action in ("dispatch", "reassign") for t in actions)
    scope = scope_for(request.user)
    primary = demand.primary()
    pending = selectors.pending_extension(demand=demand)
    return {
        "demand": demand,
        "pending_extension": pending,
        "required_note": REQUIRED_NOTE,
        "short_note": SHORT_NOTE,
        "extension_bounds": _extension_bounds(demand),
        "timeline": selectors.timeline(demand),
        "photos": demand.photos.all(),
        "calls": selectors.whistle_calls(demand=demand),
        "my_departments": set(scope.department_ids),
        "actions": actions,
        "action_names": {t.action for t in actions},
        "targets": selectors.dispatch_targets(user=request.user, demand=demand)
        if needs_targets
        else [],
        "departments": selectors.department_list() if "dispatcher" in roles else [],
        "duplicates": selectors.duplicates_of(user=request.user, demand=demand)
        if "dispatcher" in roles and demand.is_active
        else [],
        "ratings": Demand.Rating.choices,
        "is_staff_view": bool(roles - {"reporter"}) or scope.everything,
        "primary": primary if primary.pk != demand.pk else None,
        "progress": selectors.public_progress(demand) if primary.pk != demand.pk else None,
        "now": timezone.now(),
        **_tracking(request, demand),
    }


def _extension_bounds(demand: Demand) -> dict | None:
    """The dates the extension form offers: after the deadline, up to the furthest allowed."""
    if demand.resolve_due is None:
        return None
    day = timezone.localtime(demand.resolve_due).date()
    return {
        "min": day + datetime.timedelta(days=1),
        "max": deadlines.latest_extension(day),
        "days": deadlines.MAX_EXTENSION_WORKING_DAYS,
    }


def _tracking(request, demand: Demand) -> dict:
    """The public progress page's full address, and its QR code to hand to the resident."""
    url = request.build_absolute_uri(reverse("demands:track", args=[demand.tracking_code]))
    return {"track_url": url, "track_qr": mark_safe(qr_svg(url, box_size=4))}  # our own SVG


@never_cache
@login_required
def demand_detail(request, pk):
    demand = _get(request, pk)
    # Opening the demand is reading what one was told about it (one's own notifications only).
    services.notifications_read_for_demand(user=request.user, demand=demand)
    return render(request, "demands/detail.html", _detail_context(request, demand))


@require_POST
@login_required
def demand_act(request, pk, action):
    demand = _get(request, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        perform(
            action,
            demand=demand,
            user=request.user,
            data=request.POST,
            files=request.FILES.getlist("photos"),
        )
    except ActionForbidden as exc:
        return _detail_error(request, demand, str(exc), 403)
    except TransitionError as exc:
        return _detail_error(request, demand, _messages_of(exc), 409)
    except ValidationError as exc:
        return _detail_error(request, demand, _messages_of(exc), 400)
    done = _("已%(action)s") if action in TRANSITIONS else _("已记录：%(action)s")
    messages.success(request, done % {"action": ACTIONS[action].label})
    return redirect("demands:detail", pk=demand.pk)


def _detail_error(request, demand, message, status):
    demand.refresh_from_db()
    context = _detail_context(request, demand)
    context["error"] = message
    return render(request, "demands/detail.html", context, status=status)


@require_POST
@login_required
def whistle_sign(request, pk):
    try:
        call = selectors.open_whistle_calls(user=request.user).get(pk=pk)
    except WhistleCall.DoesNotExist:
        raise Http404 from None
    try:
        services.whistle_sign(call=call, user=request.user)
    except ActionForbidden as exc:
        raise PermissionDenied(str(exc)) from None
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("已报到"))
    return redirect("demands:detail", pk=call.demand_id)


@never_cache
@login_required
def demand_new(request):
    return _submit_page(request, Demand.Channel.WEB)


@never_cache
@login_required
def rider_new(request):
    """骑手随手拍: a rider (a mobile party member) reports what they see on their round,
    routed like any other demand and counted by its channel."""
    if not services.is_rider(request.user):
        raise PermissionDenied(_("只有流动党员骑手可以通过“骑手随手拍”反映"))
    return _submit_page(request, Demand.Channel.RIDER)


def _submit_page(request, channel: str):
    scope = scope_for(request.user)
    households = list(household_list(user=request.user).filter(pk__in=scope.household_ids))
    form = DemandForm(request.POST or None, households=households)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        household = form.households.get(d["household"]) if d["household"] else None
        if d["household"] and household is None:
            form.add_error("household", _("只能选择本人的住址"))
        else:
            try:
                intake = services.demand_submit(
                    category=d["category"],
                    description=d["description"],
                    # the way in: the service records the user's channel and, for a place
                    # outside every grid, where they belong (services.intake)
                    channel=channel,
                    user=request.user,
                    urgency=d["urgency"],
                    lat=d["lat"],
                    lng=d["lng"],
                    address=d["address"],
                    household=household,
                    reporter_name=d["reporter_name"],
                    reporter_phone=d["reporter_phone"],
                    photos=request.FILES.getlist("photos"),
                )
            except ValidationError as exc:
                form.add_error(None, _messages_of(exc))
            else:
                demand = intake.demand
                messages.success(
                    request,
                    _("诉求已受理，查询码 %(code)s，可凭查询码查看办理进度")
                    % {"code": demand.tracking_code},
                )
                if intake.duplicates:
                    messages.info(
                        request,
                        _("附近7天内有 %(n)d 件相似诉求，工作人员会一并处理")
                        % {"n": len(intake.duplicates)},
                    )
                try:
                    selectors.demand_get(user=request.user, pk=demand.pk)
                except Demand.DoesNotExist:
                    return redirect("demands:track", code=demand.tracking_code)
                return redirect("demands:detail", pk=demand.pk)
    context = {
        "form": form,
        "rider": channel == Demand.Channel.RIDER,
        "may_ride": channel != Demand.Channel.RIDER and services.is_rider(request.user),
    }
    return render(request, "demands/new.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def demand_rate(request, pk):
    demand = _get(request, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.demand_rate(
                demand=demand,
                user=request.user,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
            )
        except ActionForbidden as exc:
            raise PermissionDenied(str(exc)) from None
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, _("感谢您的评价"))
            return redirect("demands:detail", pk=demand.pk)
    status = 400 if form.errors else 200
    return render(request, "demands/rate.html", {"demand": demand, "form": form}, status=status)


@login_required
def photo(request, pk, photo_pk):
    demand = _get(request, pk)
    try:
        p = demand.photos.get(pk=photo_pk)
    except DemandPhoto.DoesNotExist:
        raise Http404 from None
    response = FileResponse(p.file.open("rb"), content_type=p.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _period(request) -> str:
    """The month asked for; by default the last complete one (on the 1st the current month
    holds next to nothing); the current month so far is a choice."""
    period = (request.GET.get("period") or "").strip() or rates.previous_period(
        rates.current_period()
    )
    rates.month(period)  # UnitError for a bad one
    return period


def _ranking(request):
    """(period, level, ranking or None, error) of the ranking the request asks for."""
    level = request.GET.get("level") or "community"
    try:
        period = _period(request)
        found = ranking_for(
            user=request.user,
            level=level,
            period=period,
            region_code=(request.GET.get("region") or "").strip() or None,
        )
        return period, level, found, None
    except UnitError as exc:
        return request.GET.get("period", ""), level, None, str(exc)


@login_required
@reads_from_replica
def ranking(request):
    period, level, found, error = _ranking(request)
    groups = []
    for group in found.groups if found else []:
        rows = []
        for r in group.rows:
            row = r.as_dict()
            row["openable"] = r.unit.key in found.openable
            row["own"] = r.unit.key in found.own
            rows.append(row)
        groups.append({"parent": group.parent, "rows": rows})
    context = {
        "groups": groups,
        "rows": [row for g in groups for row in g["rows"]],
        "period": period,
        "level": level,
        "region": found.region if found else None,
        "levels": [(lv, lv.label) for lv in rates.LEVELS],
        "error": error,
        "previous": rates.previous_period(period) if not error else "",
        "current": rates.current_period(),
        "hidden_rows": bool(found) and len(found.openable) < len(found.rows),
    }
    return render(request, "demands/ranking.html", context, status=400 if error else 200)


@login_required
@reads_from_replica
def ranking_export(request):
    """The ranking page's table (same period, level and scope) as an Excel workbook."""
    period, level, found, error = _ranking(request)
    if error:
        return render(request, "demands/export_error.html", {"error": error}, status=400)
    content, _count = exports.ranking_export(
        user=request.user, rows=found.rows, level=level, period=period, request=request
    )
    return _xlsx(content, f"ranking-{level}-{period}.xlsx")


@login_required
def topic(request):
    region = None
    error = None
    code = request.GET.get("region") or ""
    if code:
        try:
            region = region_get(user=request.user, code=code)
        except Region.DoesNotExist:
            raise Http404 from None
    try:
        period = _period(request)
        result = topics.topic_of_month(period=period, region=region, user=request.user)
    except UnitError as exc:
        period, result, error = request.GET.get("period", ""), None, str(exc)
    return render(
        request,
        "demands/topics.html",
        {"result": result, "period": period, "region": region, "error": error},
        status=400 if error else 200,
    )


@never_cache
@login_required
def notifications(request):
    if request.method == "POST":
        n = services.notifications_mark_read(user=request.user)
        messages.success(request, _("已将 %(n)d 条通知标为已读") % {"n": n})
        return redirect("demands:notifications")
    page = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "demands/notifications.html", {"page": page})


@never_cache
@login_required
def hotline_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.hotline_import(file=upload, filename=upload.name, user=request.user)
        except ActionForbidden as exc:
            raise PermissionDenied(str(exc)) from None
        except ValidationError as exc:
            form.add_error("file", _messages_of(exc))
    return render(request, "demands/import.html", {"form": form, "report": report})


def track(request, code=None):
    """Public: no login. Shows no personal information."""
    if code is None:
        code = (request.GET.get("code") or "").strip()
        if code:
            return redirect("demands:track", code=code.upper()[:16])
        return render(request, "demands/track.html", {"progress": None, "code": ""})
    try:
        demand = selectors.tracking_get(code)
    except Demand.DoesNotExist:
        return render(
            request,
            "demands/track.html",
            {"progress": None, "code": code, "missing": True},
            status=404,
        )
    progress = selectors.public_progress(demand)
    context = {"progress": progress}
    if progress["state"] == Demand.State.RESOLVED and not progress["merged"]:
        # The way back to the rating page for a reporter who kept only the code; the page
        # itself asks for a login and lets only the reporter (or the dispatcher) rate.
        context["rate_url"] = reverse("demands:rate", args=[demand.pk])
    response = render(request, "demands/track.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
