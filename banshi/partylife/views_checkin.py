"""The member's pages on the phone: check in with the code the organiser shows (offline
too: the page keeps an IndexedDB outbox and the sync endpoint stores a check-in once by
its `client_id`), their own attendance and make-ups, and a leave request. A member reaches
only their own rows and the activities of their own organization."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from banshi.core.actions import error_text

from . import selectors, services
from .codes import checkin_code_valid
from .services._common import a_uuid, when
from .services.attendance import FAILURE_WINDOW, MAX_FAILURES, SYNC_WITHIN

MAX_JSON_BYTES = 16 * 1024


def _error(message, status: int) -> JsonResponse:
    """What the phone reads: a 4xx is final (the outbox keeps it, refused, with the
    message); a 5xx is retried."""
    return JsonResponse({"error": str(message)}, status=status)


def _member_context(request) -> dict:
    now = timezone.now()
    return {
        "member": selectors.own_member(user=request.user),
        "attendance": selectors.own_attendance(user=request.user),
        "makeups": selectors.own_makeups(user=request.user),
        "upcoming": selectors.own_upcoming(user=request.user, now=now),
    }


@login_required
@ensure_csrf_cookie
@require_GET
def checkin(request):
    return render(request, "partylife/checkin.html", _member_context(request))


def _check_in(request, data: dict):
    member = selectors.own_member(user=request.user)
    if member is None:
        raise PermissionDenied(_("您不是党员，无需签到"))
    cid = a_uuid(data.get("client_id"), what=_("签到"))
    code = str(data.get("code") or "").strip()
    if not code.isdigit() or len(code) != 6:
        raise ValidationError(_("请输入6位数字签到码"))
    now = timezone.now()
    at = when(data.get("at"), what=_("签到时间"), required=False, now=now) or now
    rows = selectors.own_open_activities(user=request.user, at=at)
    done = next((r for r in rows if r.client_id == cid), None)
    if done is not None:  # sent again from the outbox: already stored
        return done
    if at < now - SYNC_WITHIN:
        # The code it carries was good for two minutes: a check-in this old (or a photo of
        # an old code with an old time) is the organiser's to mark.
        raise ValidationError(_("签到已超过有效时间，请联系组织者登记出勤"))
    tries = f"partylife:checkin-failures:user:{request.user.pk}"
    if cache.get(tries, 0) >= MAX_FAILURES:
        raise PermissionDenied(_("签到码错误次数过多，请稍后再试或请组织者登记"))
    match = next((r for r in rows if checkin_code_valid(r.activity, code, at)), None)
    if match is None:
        if not rows:
            raise ValidationError(_("当前没有需要您签到的活动"))
        cache.add(tries, 0, FAILURE_WINDOW)
        cache.incr(tries)
        raise ValidationError(_("签到码不正确或已过期，请输入组织者手机上显示的最新签到码"))
    return services.attendance_check_in(
        activity=match.activity, member=member, code=code, client_id=cid, at=at, user=request.user
    )


@login_required
@require_POST
def checkin_sync(request):
    """One check-in as JSON {client_id, code, at}; the same client_id again answers with
    the stored record. Without JavaScript the page's form posts here: the check-in is
    stored as of now and the page shown again."""
    if request.content_type != "application/json":
        return _checkin_form(request)
    if len(request.body) > MAX_JSON_BYTES:
        return _error(_("提交的数据过大"), 400)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(_("提交的数据不是有效的JSON"), 400)
    if not isinstance(data, dict):
        return _error(_("提交的数据格式无效"), 400)
    try:
        row = _check_in(request, data)
    except ValidationError as exc:
        return _error(error_text(exc), 400)
    except PermissionDenied as exc:
        return _error(str(exc) or _("无权执行此操作"), 403)
    return JsonResponse(
        {
            "client_id": str(row.client_id) if row.client_id else None,
            "activity": row.activity.title,
            "status": row.status,
            "checked_in_at": row.checked_in_at.isoformat() if row.checked_in_at else None,
        }
    )


def _checkin_form(request):
    data = {"code": request.POST.get("code", ""), "client_id": str(uuid.uuid4())}
    try:
        row = _check_in(request, data)
    except (ValidationError, PermissionDenied) as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 400
        messages.error(request, error_text(exc))
        return render(request, "partylife/checkin.html", _member_context(request), status=status)
    messages.success(request, _("签到成功：%(a)s") % {"a": row.activity.title})
    return redirect("partylife:checkin")


@login_required
@require_POST
def leave_new(request):
    member = selectors.own_member(user=request.user)
    upcoming = selectors.own_upcoming(user=request.user, now=timezone.now())
    activity = next((a for a in upcoming if str(a.pk) == request.POST.get("activity")), None)
    try:
        if member is None:
            raise PermissionDenied(_("您不是党员"))
        if activity is None:
            raise ValidationError(_("请选择要请假的活动"))
        services.leave_request(
            activity=activity,
            member=member,
            reason=request.POST.get("reason", ""),
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 400
        messages.error(request, error_text(exc))
        return render(request, "partylife/checkin.html", _member_context(request), status=status)
    messages.success(request, _("请假申请已提交，等待审批"))
    return redirect("partylife:checkin")
