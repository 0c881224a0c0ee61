"""Pages of the work-report checker: the reports checked in the viewer's scope with the form
to check a new one (an upload or pasted text), a report's page (its text with every figure
highlighted by verdict, the summary, the filters per article and per verdict, the figures'
table with their review trails), the figures' XLSX and the original file. The review,
teaching and re-checking forms post to views_review. Thin: selectors read, services write;
bad input re-renders with its message and 400, someone who does not check reports gets 403,
a report outside the scope 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core import figures as registry
from banshi.core.actions import error_status, error_text
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.territory import codes
from banshi.territory.models import Region
from banshi.territory.selectors import region_list

from . import selectors, services
from .models import MAX_FILE_BYTES, VERDICT_SYMBOLS, ReportFigure, Verdict, WorkReport

PAGE_ROWS = 50
MAX_REGIONS = 500
FIRST_YEAR = 1949
ORIGINAL_TYPES = {
    WorkReport.Source.TEXT: "text/plain",
    WorkReport.Source.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    WorkReport.Source.PDF: "application/pdf",
}
XLSX_HEADERS = (
    "序号",
    "稿件",
    "原文",
    "统计对象",
    "时期",
    "所述地方",
    "指标",
    "核对结果",
    "记录值",
    "说明",
    "未达标的单位",
    "复核",
)


def checker_or_403(user) -> None:
    if not services.is_checker(user):
        raise PermissionDenied(_("只有核对报送的工作人员可以使用报送核对"))


def report_or_404(user, pk) -> WorkReport:
    """The report in the user's scope (else 404, whoever asks), for staff who check reports
    (else 403: the scope of a grid or a household holds no checking region anyway)."""
    try:
        report = selectors.report_get(user=user, pk=pk)
    except WorkReport.DoesNotExist:
        raise Http404 from None
    checker_or_403(user)
    return report


def figure_or_404(user, report: WorkReport, pk) -> ReportFigure:
    try:
        figure = selectors.figure_get(user=user, pk=pk)
    except ReportFigure.DoesNotExist:
        raise Http404 from None
    if figure.report_id != report.pk:
        raise Http404
    return figure


# --- the list and the form ---------------------------------------------------------------


def _regions(user) -> list[Region]:
    """The regions the user may check reports for: their scope, down to communities."""
    found = list(
        region_list(user=user).filter(level__lte=codes.COMMUNITY).order_by("code")[:MAX_REGIONS]
    )
    top = min((r.level for r in found), default=0)
    for r in found:
        r.indent = "\u3000" * (r.level - top)
    return found


def _index_context(request, *, posted=None, error: str = "") -> dict:
    reports = list(selectors.report_list(user=request.user)[:PAGE_ROWS])
    counts = selectors.summaries(reports)
    for r in reports:
        r.counts = counts[r.pk]
    return {
        "reports": reports,
        "regions": _regions(request.user),
        "this_year": timezone.localdate().year,
        "posted": posted or {},
        "error": error,
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
    }


def _year(value: str) -> int:
    text = (value or "").strip()
    last = timezone.localdate().year + 1
    if not text:
        return timezone.localdate().year
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= last:
        raise ValidationError(
            _("“今年”所指年度须为%(a)s到%(b)s之间的年份") % {"a": FIRST_YEAR, "b": last}
        )
    return int(text)


def _check(request) -> WorkReport:
    p = request.POST
    code = str(p.get("region") or "").strip()
    region = None
    if len(code) == codes.REGION_CODE_LEN:  # a longer value is no region's, not a prefix
        region = region_list(user=request.user).filter(code=code).first()
    if region is None:
        raise ValidationError(_("请选择核对单位"))
    year = _year(p.get("year", ""))
    upload = request.FILES.get("file")
    data, filename = None, ""
    if upload is not None:
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("文件超过%(n)sMB") % {"n": MAX_FILE_BYTES // (1024 * 1024)})
        if upload.size == 0:
            raise ValidationError(_("上传的文件是空的"))
        data, filename = upload.read(), upload.name or ""
    return services.report_check(
        region=region,
        data=data,
        text=None if data is not None else p.get("text", ""),
        filename=filename,
        title=p.get("title", "")[:200],
        year=year,
        user=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    checker_or_403(request.user)
    if request.method == "GET":
        return render(request, "workreports/index.html", _index_context(request))
    try:
        report = _check(request)
    except (ValidationError, PermissionDenied) as exc:
        posted = {k: request.POST.get(k, "") for k in ("title", "region", "year", "text")}
        ctx = _index_context(request, posted=posted, error=error_text(exc))
        return render(request, "workreports/index.html", ctx, status=error_status(exc))
    return redirect("workreports:report", report.pk)


# --- the report's page -------------------------------------------------------------------


def _filters(request, report) -> tuple:
    """(the chosen article or None, the chosen verdict or "")."""
    article = None
    text = request.GET.get("article", "").strip()
    if text:
        if text.isascii() and text.isdigit() and len(text) < 6:
            article = report.articles.filter(index=int(text)).first()
        if article is None:
            raise ValidationError(_("没有这篇稿件"))
    verdict = request.GET.get("verdict", "").strip()
    if verdict and verdict not in Verdict.values:
        raise ValidationError(_("没有这种核对结果"))
    return article, verdict


def _segments(text: str, figures: list, *, start: int = 0, end: int | None = None) -> list:
    """The text between `start` and `end` cut at the figures' spans: (text, figure or None)."""
    end = len(text) if end is None else end
    out, at = [], start
    for f in sorted(figures, key=lambda f: f.start):
        if f.start < at or f.end > end or f.end <= f.start:
            continue  # overlapping or outside the shown part: left in the plain text
        if f.start > at:
            out.append((text[at : f.start], None))
        out.append((text[f.start : f.end], f))
        at = f.end
    if at < end:
        out.append((text[at:end], None))
    return out


def _report_context(request, report, *, article=None, verdict: str = "") -> dict:
    shown = list(
        selectors.figure_list(
            report, article=article.index if article is not None else None, verdict=verdict
        ).prefetch_related("reviews__by")
    )
    start, end = (article.start, article.end) if article is not None else (0, len(report.text))
    articles = report.articles.select_related("region", "organization").annotate(n=Count("figures"))
    return {
        "report": report,
        "summary": selectors.summary(report),
        "symbols": {str(v): s for v, s in VERDICT_SYMBOLS.items()},
        "articles": articles,
        "article": article,
        "verdict": verdict,
        "verdict_label": Verdict(verdict).label if verdict else "",
        "segments": _segments(report.text, shown, start=start, end=end),
        "figures": shown,
        "registered": registry.all_figures(),
        "may_check": services.may_check(request.user, report.region),
        "no_data": Verdict.NO_DATA,
        "dismissed": ReportFigure.Review.DISMISSED,
        "confirmed": ReportFigure.Review.CONFIRMED,
    }


def report_page(request, report, *, status: int = 200, error: str = ""):
    """The report's page (also re-rendered, with `status`, by a refused form)."""
    try:
        article, verdict = _filters(request, report)
    except ValidationError as exc:
        article, verdict = None, ""
        error, status = error or error_text(exc), 400
    ctx = _report_context(request, report, article=article, verdict=verdict)
    ctx["error"] = error
    return render(request, "workreports/report.html", ctx, status=status)


@login_required
@require_GET
def report_detail(request, pk: int):
    return report_page(request, report_or_404(request.user, pk))


@login_required
@require_GET
def report_xlsx(request, pk: int):
    report = report_or_404(request.user, pk)
    reviews = dict(ReportFigure.Review.choices)
    rows = [
        (
            f.index + 1,
            str(f.article),
            f.text,
            f.subject,
            f.period,
            f.place,
            f.figure_label,
            f"{f.symbol} {f.get_verdict_display()}",
            f.record_text,
            f.detail,
            "；".join(f"{m.get('name', '')} {m.get('value', '')}" for m in f.failing),
            str(reviews.get(f.review, f.review)),
        )
        for f in selectors.figure_list(report)
    ]
    content, count = workbook_bytes(
        title=_("报送核对"), headers=[_(h) for h in XLSX_HEADERS], rows=rows
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=report,
        rows=count,
        changes={"export": "work report figures"},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="work-report-{report.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def report_original(request, pk: int):
    report = report_or_404(request.user, pk)
    if not report.original:
        raise Http404
    content_type = ORIGINAL_TYPES.get(report.source, "application/octet-stream")
    response = HttpResponse(bytes(report.original), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, report.filename or f"work-report-{report.pk}"
    )
    response["Cache-Control"] = "no-store"
    return response
