"""Pages of the secretaries' 综合分析: a period's records in the viewer's scope (each
figure opening its records), the form that makes them for a county, township or village,
a record's page with the township's conclusion, and the XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from banshi.access.models import AuditEvent
from banshi.access.scope import restrict, scope_for
from banshi.access.services import audit_record
from banshi.core import figures
from banshi.core.actions import error_text
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.territory import codes
from banshi.territory.models import Region
from banshi.territory.selectors import scope_roots

from . import analyses
from .models import SecretaryAnalysis

PAGE_ROWS = 300


def _period(request):
    """The period asked for, else the newest the viewer has, else last year."""
    text = request.GET.get("period") or ""
    if text:
        return analyses.parse_period(text)
    known = analyses.analysis_periods(user=request.user)
    if known:
        return analyses.parse_period(known[0])
    return analyses.parse_period(str(timezone.localdate().year - 1))


def _cells(analysis: SecretaryAnalysis, chosen, period) -> list[dict]:
    """Each figure of the record: its value then, and the link to its records now."""
    out = []
    for figure in chosen:
        value = analysis.figures.get(figure.key)
        out.append(
            {
                "label": figure.label,
                "text": figures.display(figure, value),
                "url": figures.drill_down_url(figure, analysis.village.code, period),
            }
        )
    return out


def _make_regions(user) -> list[Region]:
    """The regions the viewer may make analyses for: the top of their territory (a county,
    a township or a village); an administrator's counties."""
    scope = scope_for(user)
    if scope.everything:
        return list(Region.objects.filter(level=codes.DISTRICT).order_by("code")[:50])
    if not scope.roles & analyses.ASSESSOR_ROLES:
        return []
    return [
        r
        for r in scope_roots(user=user)
        if isinstance(r, Region) and r.level in analyses.MAKE_LEVELS
    ]


def _index_context(request, period) -> dict:
    chosen = analyses.analysis_figures()
    rows = [
        {"analysis": a, "cells": _cells(a, chosen, period)}
        for a in analyses.analysis_list(user=request.user, period=period.key)[:PAGE_ROWS]
    ]
    return {
        "period": period,
        "periods": analyses.analysis_periods(user=request.user),
        "figures": chosen,
        "rows": rows,
        "regions": _make_regions(request.user),
    }


@login_required
@require_GET
def analysis_index(request):
    try:
        period = _period(request)
    except ValidationError as exc:
        period = analyses.parse_period(str(timezone.localdate().year - 1))
        ctx = _index_context(request, period)
        ctx["error"] = error_text(exc)
        return render(request, "assessment/analyses.html", ctx, status=400)
    return render(request, "assessment/analyses.html", _index_context(request, period))


@login_required
@require_POST
def analysis_make(request):
    analyses.check_staff(request.user)
    p = request.POST
    try:
        period = analyses.parse_period(p.get("period"))
        region = (
            restrict(Region.objects.all(), request.user)
            .filter(code=str(p.get("region") or "")[:15])
            .first()
        )
        if region is None:
            raise ValidationError(_("请选择县、乡镇或村"))
        made = analyses.analyses_make(region=region, period=period, user=request.user)
    except ValidationError as exc:
        period = analyses.parse_period(str(timezone.localdate().year - 1))
        ctx = _index_context(request, period)
        ctx["error"] = error_text(exc)
        return render(request, "assessment/analyses.html", ctx, status=400)
    url = reverse("assessment:analyses")
    return redirect(f"{url}?period={period.key}&made={len(made)}")


def _analysis_or_404(user, pk) -> SecretaryAnalysis:
    try:
        return analyses.analysis_get(user=user, pk=pk)
    except SecretaryAnalysis.DoesNotExist:
        raise Http404 from None


def _may_conclude(user, analysis) -> bool:
    try:
        analyses.check_analyst(user, analysis.village.code)
    except PermissionDenied:  # the page is then read-only
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def analysis_detail(request, pk):
    analysis = _analysis_or_404(request.user, pk)
    period = analyses.parse_period(analysis.period)
    status, error = 200, ""
    if request.method == "POST":
        try:
            analyses.analysis_conclude(
                analysis=analysis,
                conclusion=str(request.POST.get("conclusion") or "")[:16],
                comment=request.POST.get("comment") or "",
                user=request.user,
            )
        except ValidationError as exc:
            status, error = 400, error_text(exc)
        else:
            return redirect("assessment:analysis", analysis.pk)
    ctx = {
        "analysis": analysis,
        "cells": _cells(analysis, analyses.analysis_figures(), period),
        "results": restrict(
            analysis.branch.assessment_results.select_related("scheme"), request.user
        ).order_by("-scheme__year")[:10],
        "conclusions": SecretaryAnalysis.Conclusion.choices,
        "may_conclude": _may_conclude(request.user, analysis),
        "error": error,
    }
    return render(request, "assessment/analysis.html", ctx, status=status)


@login_required
@require_GET
def analysis_xlsx(request):
    try:
        period = _period(request)
    except ValidationError as exc:
        return HttpResponse(error_text(exc), status=400, content_type="text/plain")
    chosen = analyses.analysis_figures()
    records = analyses.analysis_list(user=request.user, period=period.key)
    rows = [
        (
            a.village.name,
            a.branch.name,
            str(a.secretary),
            *[_cell(f, a.figures.get(f.key)) for f in chosen],
            a.get_conclusion_display(),
            a.comment,
        )
        for a in records
    ]
    headers = [_("村"), _("村党组织"), _("书记"), *[str(f.label) for f in chosen]]
    content, count = workbook_bytes(
        title=_("书记综合分析"), headers=[*headers, _("分析结论"), _("乡镇意见")], rows=rows
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=None,
        rows=count,
        changes={"export": "secretary analyses", "period": period.key},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="analyses-{period.key}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


def _cell(figure, value):
    """A rate as a percentage with one decimal (as the pages show it), a count as a number."""
    if value is None or not figure.is_rate:
        return value
    return figures.display(figure, value)
