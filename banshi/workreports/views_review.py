"""The forms of a report's page: a reviewer confirms or dismisses a figure's verdict (a
dismissal says why), teaches the vocabulary what a figure without data counts, and checks
the stored report again (a new report; the old one is kept). A refused write re-renders the
report's page with its message (400, or 403 for a user who may not write)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banshi.core.actions import error_status, error_text, post_action

from . import services
from .models import ReportFigure, Verdict
from .views import figure_or_404, report_or_404, report_page


def _may_write(request, report) -> None:
    if not services.may_check(request.user, report.region):
        raise PermissionDenied(_("只能复核本单位及下级的报送"))


def _at(report, figure) -> str:
    return reverse("workreports:report", args=[report.pk]) + f"#f-{figure.index}"


@login_required
@require_POST
def figure_review(request, pk: int, figure_pk: int):
    report = report_or_404(request.user, pk)
    figure = figure_or_404(request.user, report, figure_pk)
    _may_write(request, report)
    note = request.POST.get("note", "")

    def review(action):
        return lambda: services.figure_review(
            figure=figure, user=request.user, action=action, note=note
        )

    return post_action(
        request,
        {
            ReportFigure.Review.CONFIRMED: review(ReportFigure.Review.CONFIRMED),
            ReportFigure.Review.DISMISSED: review(ReportFigure.Review.DISMISSED),
        },
        page=lambda status: report_page(request, report, status=status),
        then=_at(report, figure),
    )


@login_required
@require_POST
def teach(request, pk: int, figure_pk: int):
    report = report_or_404(request.user, pk)
    figure = figure_or_404(request.user, report, figure_pk)
    _may_write(request, report)
    try:
        if figure.verdict != Verdict.NO_DATA or not figure.subject:
            raise ValidationError(_("只有“无数据”且识别出统计对象的数字可以教说法"))
        services.phrase_teach(
            phrase=figure.subject,
            figure_key=request.POST.get("figure_key", "")[:80],
            unit=figure.unit,
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return report_page(request, report, status=error_status(exc))
    messages.success(request, _("已记下这个说法；点“重新核对”用它核对这份报送"))
    return redirect(_at(report, figure))


@login_required
@require_POST
def recheck(request, pk: int):
    """Check the stored report again: a new report, so the old verdicts and reviews stay."""
    report = report_or_404(request.user, pk)
    _may_write(request, report)
    original = bytes(report.original) if report.original else None
    try:
        again = services.report_check(
            region=report.region,
            data=original,
            text=None if original is not None else report.text,
            filename=report.filename,
            title=report.title,
            year=report.year,
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return report_page(request, report, status=error_status(exc))
    messages.success(request, _("已重新核对"))
    return redirect("workreports:report", again.pk)
