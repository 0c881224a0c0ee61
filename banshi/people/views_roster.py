"""Roster pages: the import form with its result, the progress and result of a background
import, the error report downloads, and the export of a region's roster as XLSX. Thin: the
work is in `banshi.people.roster`."""

import os
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from banshi.access.scope import scope_for
from banshi.territory.models import Region

from .models import RosterImportRun
from .roster import RosterFileError, columns, roster_export, roster_import, runs
from .roster.exporting import roster_region_get
from .roster.reading import open_roster
from .tasks import roster_import_queue

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REPORT_DIR = Path(tempfile.gettempdir()) / "banshi-roster-reports"
_REPORT_TTL = 24 * 3600
_SESSION_KEY = "roster_reports"
ERRORS_SHOWN = 200


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("花名册文件（.xlsx 或 .csv）"),
        error_messages={"required": gettext_lazy("请选择要导入的文件")},
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("跳过有错误的行，只导入正确的行"), required=False
    )


def _can_import(user) -> bool:
    scope = scope_for(user)
    return scope.everything or bool(scope.prefixes)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def roster_import_view(request):
    if not _can_import(request.user):
        raise PermissionDenied
    form = RosterImportForm(request.POST or None, request.FILES or None)
    result, error, report_token, status = None, None, None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = _import_upload(request, upload, form.cleaned_data)
        except RosterFileError as exc:
            error, status = str(exc), 400
        else:
            if isinstance(outcome, RosterImportRun):
                return redirect("roster_import_run", pk=outcome.pk)
            result, report_token = outcome
    context = {
        "form": form,
        "result": result,
        "error": error,
        "errors": result.error_list(limit=ERRORS_SHOWN) if result else [],
        "report_url": report_token and reverse("roster_report", args=[report_token]),
        "report_token": report_token,
        "columns": columns.REQUIRED,
        "optional_columns": columns.OPTIONAL,
        "max_mb": settings.BANSHI_IMPORT_MAX_BYTES // (1024 * 1024),
        "runs": runs.roster_run_list(user=request.user),
    }
    return render(request, "people/roster_import.html", context, status=status)


def _import_upload(request, upload, data):
    """The result and report token of an import made here, or the run queued instead."""
    max_bytes = settings.BANSHI_IMPORT_MAX_BYTES
    if upload.size > max_bytes:
        raise RosterFileError(
            _("文件大小 %(size)s 字节，超过上限 %(limit)s 字节")
            % {"size": f"{upload.size:,}", "limit": f"{max_bytes:,}"}
        )
    _prune_reports()
    token = secrets.token_urlsafe(18)
    report_path = _REPORT_DIR / f"{token}.xlsx"
    suffix = os.path.splitext(upload.name)[1].lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for block in upload.chunks():
            tmp.write(block)
        tmp.flush()
        # A large file is not read here at all; a small one is checked (its real extent
        # first) and may still hold enough rows to go to the worker.
        background = runs.needs_background(size=upload.size)
        if not background:
            source = open_roster(tmp.name, filename=upload.name, max_bytes=max_bytes)
            background = runs.needs_background(size=upload.size, rows=source.rows)
        if background:
            return roster_import_queue(
                user=request.user,
                path=tmp.name,
                filename=upload.name,
                skip_invalid=data["skip_invalid"],
            )
        result = roster_import(
            path=tmp.name,
            filename=upload.name,
            user=request.user,
            request=request,
            skip_invalid=data["skip_invalid"],
            report_path=str(report_path),
            max_bytes=max_bytes,
        )
    if not result.report_path:
        return result, None
    tokens = [t for t in request.session.get(_SESSION_KEY, []) if t != token][-9:]
    request.session[_SESSION_KEY] = [*tokens, token]
    return result, token


@never_cache
@login_required
def roster_import_run_view(request, pk):
    """A background import's progress (polled by htmx every 2 s while it runs), then its
    result. 404 for anyone but its starter and superusers."""
    try:
        run = runs.roster_run_get(user=request.user, pk=pk)
    except RosterImportRun.DoesNotExist:
        raise Http404 from None
    summary = run.summary or {}
    context = {
        "run": run,
        "counts": runs.roster_run_counts(run),
        "result": summary if run.status == RosterImportRun.Status.DONE else None,
        "errors": summary.get("errors", []),
        "report_url": runs.roster_run_report(run)
        and reverse("roster_import_run_report", args=[run.pk]),
    }
    template = "people/_roster_import_run.html" if request.htmx else "people/roster_import_run.html"
    return render(request, template, context)


@never_cache
@login_required
def roster_import_run_report_view(request, pk):
    """The error report of a background import, for the same people as its page."""
    try:
        run = runs.roster_run_get(user=request.user, pk=pk)
    except RosterImportRun.DoesNotExist:
        raise Http404 from None
    path = runs.roster_run_report(run)
    if path is None:
        raise Http404
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=_("导入错误报告.xlsx"), content_type=XLSX
    )


def _prune_reports() -> None:
    # Reports hold the uploaded rows (clear ID numbers): keep them a day at most.
    _REPORT_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    cutoff = time.time() - _REPORT_TTL
    for path in _REPORT_DIR.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


@never_cache
@login_required
def roster_report_view(request, token):
    """The error report of an import made in this session (404 for anyone else)."""
    if token not in request.session.get(_SESSION_KEY, []):
        raise Http404
    path = _REPORT_DIR / f"{token}.xlsx"
    if not path.is_file():
        raise Http404
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=_("导入错误报告.xlsx"), content_type=XLSX
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def roster_export_view(request, code):
    try:
        region = roster_region_get(user=request.user, code=code)
    except Region.DoesNotExist:
        raise Http404 from None
    params = request.POST if request.method == "POST" else request.GET
    reveal = params.get("reveal") == "1"
    reason = params.get("reason", "").strip()[:200]
    if reveal and not request.user.has_perm("people.reveal_personal_info"):
        raise PermissionDenied
    if reveal and not reason:
        return HttpResponseBadRequest(_("导出完整身份证号和电话必须填写理由"))
    out = tempfile.TemporaryFile()
    roster_export(
        user=request.user, region=region, out=out, reveal=reveal, reason=reason, request=request
    )
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=_("%(region)s居民花名册.xlsx") % {"region": region.name},
        content_type=XLSX,
    )
