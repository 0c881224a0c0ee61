"""The volunteer's own pages on the phone: sign in and out with the code the organiser
shows (offline too: the page keeps an IndexedDB outbox, the sync endpoint stores each once
by its `client_id` and checks it against the code of the moment it happened), their own
record (services, hours, stars, certificates, the teams of their community or street open
to join) with joining such a team themself, and the request for a certificate. A volunteer
reaches only their own rows and their own teams' activities."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from banshi.core.actions import error_status, error_text
from banshi.core.text import form_id
from banshi.partylife.services._common import a_uuid, when

from . import selectors, services
from .codes import checkin_code_valid
from .models import VolunteerTeam
from .services.attendance import FAILURE_WINDOW, IN, MAX_FAILURES, OUT, SYNC_WITHIN

MAX_JSON_BYTES = 16 * 1024


def _error(message, status: int) -> JsonResponse:
    """What the phone reads: a 4xx is final (kept, refused, with the message); a 5xx is
    retried."""
    return JsonResponse({"error": str(message)}, status=status)


def _context(request) -> dict:
    user = request.user
    now = timezone.now()
    return {
        "volunteers": selectors.own_volunteers(user=user),
        "upcoming": selectors.own_upcoming(user=user, now=now)[:50],
        "open": selectors.own_open_activities(user=user, at=now),
    }


@login_required
@ensure_csrf_cookie
@require_GET
def checkin(request):
    return render(request, "volunteers/checkin.html", _context(request))


def _sign(request, data: dict):
    if not selectors.own_volunteers(user=request.user).exists():
        raise PermissionDenied(_("您还不是注册志愿者"))
    kind = data.get("kind", IN)
    if kind not in (IN, OUT):
        raise ValidationError(_("请选择签到或签退"))
    cid = a_uuid(data.get("client_id"), what=_("签到"))
    code = str(data.get("code") or "").strip()
    if not code.isdigit() or len(code) != 6:
        raise ValidationError(_("请输入6位数字签到码"))
    now = timezone.now()
    at = when(data.get("at"), what=_("签到时间"), required=False, now=now) or now
    done = (
        selectors.own_records(user=request.user)
        .filter(**{"client_id" if kind == IN else "out_client_id": cid})
        .first()
    )
    if done is not None:  # sent again from the outbox: already stored
        return done
    if at < now - SYNC_WITHIN:
        raise ValidationError(_("签到已超过有效时间，请联系组织者登记"))
    tries = f"volunteers:checkin-failures:user:{request.user.pk}"
    if cache.get(tries, 0) >= MAX_FAILURES:
        raise PermissionDenied(_("签到码错误次数过多，请稍后再试或请组织者登记"))
    pairs = selectors.own_open_activities(user=request.user, at=at)
    match = next((p for p in pairs if checkin_code_valid(p[1], code, at)), None)
    if match is None:
        if not pairs:
            raise ValidationError(_("当前没有需要您签到的志愿服务活动"))
        cache.add(tries, 0, FAILURE_WINDOW)
        cache.incr(tries)
        raise ValidationError(_("签到码不正确或已过期，请输入组织者手机上显示的最新签到码"))
    volunteer, activity = match
    write = services.sign_in if kind == IN else services.sign_out
    return write(
        activity=activity, volunteer=volunteer, code=code, client_id=cid, at=at, user=request.user
    )


@login_required
@require_POST
def checkin_sync(request):
    """One sign-in or sign-out as JSON {client_id, kind, code, at}; the same client_id
    again answers with the stored record. Without JavaScript the page's form posts here
    and the page is shown again."""
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
        row = _sign(request, data)
    except (ValidationError, PermissionDenied) as exc:
        return _error(error_text(exc) or _("无权执行此操作"), error_status(exc))
    return JsonResponse(
        {
            "activity": row.activity.title,
            "signed_in_at": row.signed_in_at.isoformat(),
            "signed_out_at": row.signed_out_at.isoformat() if row.signed_out_at else None,
            "hours": str(row.hours),
        }
    )


def _checkin_form(request):
    kind = OUT if request.POST.get("kind") == OUT else IN
    data = {"code": request.POST.get("code", ""), "kind": kind, "client_id": str(uuid.uuid4())}
    try:
        row = _sign(request, data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return render(
            request, "volunteers/checkin.html", _context(request), status=error_status(exc)
        )
    done = _("签到成功：%(a)s") if kind == IN else _("签退成功：%(a)s")
    messages.success(request, done % {"a": row.activity.title})
    return redirect("volunteers:checkin")


def _me_context(request) -> dict:
    user = request.user
    return {
        "volunteers": selectors.own_volunteers(user=user),
        "records": selectors.own_records(user=user).order_by("-signed_in_at")[:300],
        "certificates": selectors.own_certificates(user=user),
        "summary": selectors.resident_summary(user=user),
        "joinable": selectors.joinable_teams(user=user)[:100],
    }


@login_required
@require_GET
def me(request):
    return render(request, "volunteers/me.html", _me_context(request))


@login_required
@require_POST
def certificate_request(request):
    volunteer = (
        selectors.own_volunteers(user=request.user)
        .filter(pk=form_id(request.POST.get("volunteer")))
        .first()
    )
    try:
        if volunteer is None:
            raise ValidationError(_("请选择志愿服务队"))
        certificate = services.certificate_issue(volunteer=volunteer, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return render(request, "volunteers/me.html", _me_context(request), status=error_status(exc))
    messages.success(request, _("证明已出具，验证码：%(c)s") % {"c": certificate.code})
    return redirect("volunteers:me")


@login_required
@require_POST
def join(request, pk):
    """The user's resident joins the team themself (加入)."""
    try:
        team = selectors.team_for_join(user=request.user, pk=form_id(pk))
    except VolunteerTeam.DoesNotExist:
        raise Http404 from None
    try:
        services.volunteer_join(team=team, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return render(request, "volunteers/me.html", _me_context(request), status=error_status(exc))
    messages.success(request, _("已加入%(t)s") % {"t": team.name})
    return redirect("volunteers:me")
