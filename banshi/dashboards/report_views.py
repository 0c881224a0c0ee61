"""The monthly report of a region as a page, and its PDF and HTML downloads. The report's
figures are the official ones (the same for every viewer); the region must be in the
viewer's scope, or the pages answer 404 as every region page does."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from banshi.core.replica import reads_from_replica
from banshi.territory.models import Region

from .report.compose import ReportMonthError, compose, report_month
from .report.render import PdfUnavailable, context, to_html, to_pdf
from .selectors import breadcrumb, subject_get


def _region_or_404(user, code: str) -> Region:
    try:
        subject = subject_get(user=user, code=code)
    except LookupError:
        raise Http404 from None
    if not isinstance(subject, Region):  # a grid has no monthly report
        raise Http404
    return subject


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _filename(region: Region, period, ext: str) -> str:
    return f"report-{region.code}-{period.key}.{ext}"


@login_required
@require_GET
@reads_from_replica
def report_page(request, code):
    region = _region_or_404(request.user, code)
    asked = (request.GET.get("month") or "")[:20]
    page = {
        "region": region,
        "breadcrumb": breadcrumb(user=request.user, subject=region),
        "asked_month": asked,
        "period": None,
        "report": None,
        "error": None,
    }
    try:
        period = report_month(asked)
    except ReportMonthError as exc:
        page["error"] = str(exc)
        return render(request, "dashboards/report_page.html", page, status=400)
    report = compose(region, period)
    page.update(context(report, base_url=""), period=period)
    return render(request, "dashboards/report_page.html", page)


def _download(request, code, ext: str):
    region = _region_or_404(request.user, code)
    try:
        period = report_month(request.GET.get("month"))
    except ReportMonthError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    report = compose(region, period)
    if ext == "pdf":
        try:
            body, content_type = to_pdf(report, base_url=_base_url(request)), "application/pdf"
        except PdfUnavailable as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    else:
        body = to_html(report, base_url=_base_url(request))
        content_type = "text/html; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(region, period, ext)}"'
    return response


@login_required
@require_GET
@reads_from_replica
def report_pdf(request, code):
    return _download(request, code, "pdf")


@login_required
@require_GET
@reads_from_replica
def report_html(request, code):
    return _download(request, code, "html")
