"""The work reports' reads, through the viewer's scope: the reports checked for regions in
it, one report with its articles and figures, a verdict summary."""

from collections import Counter

from django.db.models import Count, QuerySet

from banshi.access.scope import restrict

from .models import CHECKED, WRONG, ReportFigure, Verdict, WorkReport


def report_list(*, user) -> QuerySet:
    return restrict(WorkReport.objects.select_related("region", "uploaded_by"), user)


def report_get(*, user, pk: int) -> WorkReport:
    return report_list(user=user).get(pk=pk)


def figure_get(*, user, pk: int) -> ReportFigure:
    reports = report_list(user=user)
    return ReportFigure.objects.select_related("report", "article").get(pk=pk, report__in=reports)


def figure_list(report: WorkReport, *, article: int | None = None, verdict: str = ""):
    figures = report.figures.select_related("article").order_by("index")
    if article is not None:
        figures = figures.filter(article__index=article)
    if verdict:
        figures = figures.filter(verdict=verdict)
    return figures


def _summary(by_verdict: Counter) -> dict:
    found = sum(by_verdict.values())
    checked = sum(n for v, n in by_verdict.items() if v in CHECKED)
    wrong = sum(n for v, n in by_verdict.items() if v in WRONG)
    return {
        "found": found,
        "checked": checked,
        "wrong": wrong,
        "unchecked": found - checked - wrong,
        "by_verdict": [(v, label, by_verdict.get(v, 0)) for v, label in Verdict.choices],
    }


def summaries(reports) -> dict[int, dict]:
    """Report id → figures found, checked (met the records), wrong, unchecked and by verdict;
    one query for all the reports."""
    counts: dict[int, Counter] = {r.pk: Counter() for r in reports}
    rows = (
        ReportFigure.objects.filter(report_id__in=list(counts))
        .values_list("report_id", "verdict")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for report_id, verdict, n in rows:
        counts[report_id][verdict] = n
    return {pk: _summary(c) for pk, c in counts.items()}


def summary(report: WorkReport) -> dict:
    return summaries([report])[report.pk]
