"""Pages that read across apps: the home page (each person's places and the tiles the apps
register for them), the region page (every registered figure of a region or grid, each
opening into its records) and the one drill-down page every figure opens into. Reads go
through the apps' selectors; whatever is outside the user's scope answers 404."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from banshi.access.scope import restrict, scope_for
from banshi.core import figures, tiles
from banshi.core import records as records_registry
from banshi.core.periods import PeriodError
from banshi.core.replica import reads_from_replica
from banshi.territory import codes
from banshi.territory.selectors import grid_list_with_households, region_list

from . import trends
from .selectors import breadcrumb, home_places, requested_period, subject_get

PAGE_SIZE = 50


@login_required
@reads_from_replica
def home(request):
    # Everyone lands on their workbench, a grid worker too (their day's visits, their queue,
    # their grid's rates); their grid is one link away among the places.
    places = home_places(user=request.user)
    shown = []
    for tile in tiles.tiles_for(scope_for(request.user).roles):
        context = tile.context(request)
        if context is not None:
            shown.append({"tile": tile, **context})
    return render(
        request,
        "home.html",
        {**places, "tiles": shown, "is_empty": not any(places.values()) and not shown},
    )


def _subject_or_404(user, code: str):
    try:
        return subject_get(user=user, code=code)
    except LookupError:
        raise Http404 from None


def _period_or_400(request):
    try:
        return requested_period(request.GET.get("period")), None
    except PeriodError as exc:
        return None, str(exc)


def _groups(rows) -> list[dict]:
    """Figure rows by the app that registered them, in registration order."""
    groups: dict[str, dict] = {}
    for row in rows:
        group = row.figure.group
        if group not in groups:
            groups[group] = {
                "key": group,
                "label": apps.get_app_config(group).verbose_name,
                "rows": [],
            }
        groups[group]["rows"].append(row)
    return list(groups.values())


@login_required
@require_GET
@reads_from_replica
def region_detail(request, code):
    subject = _subject_or_404(request.user, code)
    if codes.is_grid_prefix(subject.prefix):
        return redirect("grid_detail", code=subject.code)
    period, error = _period_or_400(request)
    context = {
        "region": subject,
        "breadcrumb": breadcrumb(user=request.user, subject=subject),
        "error": error,
        "period": period,
        "asked_period": (request.GET.get("period") or "")[:20],
        "groups": [],
    }
    if period is not None:
        values = figures.compute(subject, period)
        context["as_of"] = values.as_of
        overview = {k: v for k, v in values.items() if not figures.get(k).detail}
        context["groups"] = _groups(figures.rows(overview, code=subject.code, period=period))
    context["children"] = list(region_list(user=request.user, parent=subject))
    context["grids"] = (
        list(grid_list_with_households(user=request.user, region=subject))
        if subject.level == codes.COMMUNITY
        else []
    )
    return render(request, "dashboards/region_detail.html", context, status=400 if error else 200)


@login_required
@require_GET
@reads_from_replica
def region_trends(request, code):
    """The region's twelve-month charts (loaded into its page by htmx, so the page itself
    does not wait for twelve months of figures)."""
    subject = _subject_or_404(request.user, code)
    period, error = _period_or_400(request)
    if error or period.kind != "month":
        period = requested_period(None)
    charts = trends.region_charts(subject, end=period)
    return render(request, "dashboards/_trends.html", {"charts": charts, "region": subject})


@login_required
@require_GET
@reads_from_replica
def figure_detail(request, code, key):
    """The records behind one figure (a rate: behind its numerator or its denominator), in
    the user's scope, a page at a time."""
    subject = _subject_or_404(request.user, code)
    try:
        figure = figures.get(key)
    except KeyError:
        raise Http404 from None
    if not figure.exists_at(subject.level):
        raise Http404
    period, error = _period_or_400(request)
    part = request.GET.get("part") or figure.parts[0]
    if error is None and part not in figure.parts:
        error = _bad_part(figure, part)
    context = {
        "subject": subject,
        "region": subject,
        "breadcrumb": breadcrumb(user=request.user, subject=subject),
        "figure": figure,
        "label": figure.label,
        "period": period,
        "part": part,
        "error": error,
        "key": key,
    }
    if error:
        return render(request, "dashboards/figure_detail.html", context, status=400)
    everything = figure.part_records(subject, period, part)
    records = _loaded(restrict(everything, request.user))
    value = figure.compute(subject, period)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        value=value,
        value_text=figures.display(figure, value),
        row=figures.rows({key: value}, code=subject.code, period=period)[0],
        page=page,
        # The figure is the unit's, whoever looks; the list holds only what the viewer may
        # open, and says how many records it leaves out.
        hidden=max(everything.count() - page.paginator.count, 0),
        records_template=f"records/{records.model._meta.label_lower}.html",
    )
    return render(request, "dashboards/figure_detail.html", context)


PART_LABELS = {
    figures.Part.RECORDS: gettext_lazy("记录"),
    figures.Part.NUMERATOR: gettext_lazy("分子"),
    figures.Part.DENOMINATOR: gettext_lazy("分母"),
}


def _bad_part(figure, part: str) -> str:
    allowed = "、".join(f"{p}（{PART_LABELS[p]}）" for p in figure.parts)
    return _("该指标没有“%(part)s”这一部分，可选：%(parts)s") % {
        "part": part[:20],
        "parts": allowed,
    }


def _loaded(records):
    """The list's rows with what their template shows loaded alongside (one query per page)."""
    related = records_registry.related(records.model)
    if related:
        records = records.select_related(*related)
    if not records.ordered:
        records = records.order_by("pk")
    return records
