"""The judge's pages on a phone or tablet: the heats they judge with each entrant's score
form, which works offline (the page keeps an IndexedDB outbox and the sync endpoint stores
a sheet once by its `client_id`, as party life's check-in does), and the service worker
that keeps the page. A judge reaches only the heats they are assigned to."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from banshi.partylife.services._common import when

from . import selectors, services
from .models import Entry, Heat

MAX_JSON_BYTES = 16 * 1024


def _error(message, status: int) -> JsonResponse:
    """A 4xx is final (the outbox keeps the sheet, refused, with the message); a 5xx is
    retried."""
    return JsonResponse({"error": str(message)}, status=status)


@login_required
@ensure_csrf_cookie
@require_GET
def judge(request):
    heats = []
    for heat in selectors.judged_heats(user=request.user):
        done = selectors.judge_sheets(user=request.user, heat=heat)
        entries = list(selectors.heat_entries(heat=heat))
        for e in entries:
            e.my_sheet = done.get(e.pk)
        heats.append(
            {
                "heat": heat,
                "items": list(heat.stage.contest.items.all()),
                "entries": entries,
                "open": heat.status == Heat.Status.OPEN,
                "done": len(done),
            }
        )
    return render(request, "contests/judge.html", {"heats": heats})


def _submit(request, data: dict):
    entry_id = data.get("entry")
    if not isinstance(entry_id, int) or isinstance(entry_id, bool):
        raise ValidationError(_("请选择参赛人"))
    heats = selectors.judged_heats(user=request.user)
    entry = Entry.objects.filter(pk=entry_id, heat__in=heats).select_related("member").first()
    if entry is None:
        raise PermissionDenied(_("您不是该参赛人所在赛组的评委"))
    at = when(data.get("at"), what=_("评分时间"), required=False)
    return services.sheet_submit(
        judge=request.user,
        entry=entry,
        scores=data.get("scores"),
        client_id=data.get("client_id"),
        at=at,
    )


@login_required
@require_POST
def sheet_sync(request):
    """One sheet as JSON {client_id, entry, scores: {item id: points}, at, judge}; the same
    client_id again answers with the stored sheet. `judge` is the account the phone's
    outbox made the sheet under: another account's sheet is refused."""
    if len(request.body) > MAX_JSON_BYTES:
        return _error(_("提交的数据过大"), 400)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(_("提交的数据不是有效的JSON"), 400)
    if not isinstance(data, dict):
        return _error(_("提交的数据格式无效"), 400)
    # A sheet made on a shared tablet by another judge, left in its outbox: not this one's.
    if "judge" in data and str(data["judge"]) != str(request.user.pk):
        return _error(_("这份评分是另一位评委在本设备上填写的，请由该评委登录后发送"), 403)
    try:
        sheet, created = _submit(request, data)
    except ValidationError as exc:
        return _error("；".join(str(m) for m in exc.messages), 400)
    except PermissionDenied as exc:
        return _error(str(exc) or _("无权执行此操作"), 403)
    return JsonResponse(
        {
            "client_id": str(sheet.client_id),
            "entry": sheet.entry_id,
            "entrant": str(sheet.entry.member),
            "total": str(sheet.total),
            "created": created,
        },
        status=201 if created else 200,
    )
