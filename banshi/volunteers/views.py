"""Pages of the volunteer teams for their managers: the teams in scope, setting up a team
under an owner the user manages, a team's page (members, activities, hours; registering a
volunteer, a new activity), an activity's page (the organiser's rotating code, sign-ups,
sign-ins, the organiser's sign-in/out, corrections requested, approved or refused; for a
volunteer of the team: sign up) and the XLSX of a team's service records. Thin:
selectors read, services write; bad input re-renders with its message and 400, a forbidden
write 403, a team out of scope 404."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from banshi.access.models import AuditEvent
from banshi.access.scope import restrict
from banshi.access.services import audit_record
from banshi.core import crypto
from banshi.core.actions import error_status, error_text, post_action
from banshi.core.text import form_id
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes
from banshi.people.models import Resident

from . import selectors, services
from .codes import checkin_code, seconds_left
from .models import HoursCorrection, ServiceRecord, VolunteerActivity, VolunteerTeam
from .services._common import can_manage, check_manager
from .services.attendance import in_window
from .services.teams import is_staff_of_scope, own_volunteer

PAGE_ROWS = 300
RECORD_HEADERS = (
    "志愿者",
    "活动",
    "服务地点",
    "签到时间",
    "签退时间",
    "时长（小时）",
    "已审核更正",
    "签到方式",
)


def _team_or_404(user, pk) -> VolunteerTeam:
    try:
        return selectors.team_get(user=user, pk=form_id(pk))
    except VolunteerTeam.DoesNotExist:
        raise Http404 from None


def _activity_or_404(user, pk) -> VolunteerActivity:
    try:
        return selectors.activity_get(user=user, pk=form_id(pk))
    except (VolunteerActivity.DoesNotExist, VolunteerTeam.DoesNotExist):
        raise Http404 from None


@login_required
@require_GET
def index(request):
    """The teams in scope; `?org=<pk>`: those of a party organization's subtree (the
    work-report checker's drill-down), 404 for one out of scope."""
    org_text = (request.GET.get("org") or "").strip()
    unit, error = None, ""
    if org_text:
        unit = selectors.unit_get(user=request.user, pk=form_id(org_text))
        if unit is None and not form_id(org_text):
            error = _("党组织无效")
        elif unit is None:
            raise Http404
    teams = (
        selectors.team_list(user=request.user, unit=unit)
        .annotate(n=Count("members", filter=Q(members__active=True)))
        .order_by("region__code", "name")
    )
    if error:
        teams = teams.none()
    mine = selectors.own_volunteers(user=request.user)
    may_create = is_staff_of_scope(request.user) and any(
        selectors.team_owners(user=request.user).values()
    )
    ctx = {
        "teams": teams[:PAGE_ROWS],
        "registered": sum(t.n for t in teams) if unit is not None else None,
        "unit": unit,
        "error": error,
        "mine": mine,
        "may_create": may_create,
    }
    return render(request, "volunteers/index.html", ctx, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request):
    """A new team under a community, street, party organization or enterprise that the
    user would manage; anyone who manages none may not (403)."""
    owners = selectors.team_owners(user=request.user)
    if not any(owners.values()):
        raise PermissionDenied(_("只有志愿服务队的管理人员可以办理此项"))
    p = request.POST

    def page(status=200):
        form = {k: str(p.get(k, ""))[:100] for k in ("name", "owner", "seal")}
        form["open_to_join"] = p.get("open_to_join") == "on" if p else True
        labels = {
            "community": _("社区（街道）"),
            "organization": _("党组织"),
            "enterprise": _("企业"),
        }
        groups = [
            (labels[kind], [(f"{kind}:{o.pk}", o.name) for o in found])
            for kind, found in owners.items()
            if found
        ]
        ctx = {"groups": groups, "form": form}
        return render(request, "volunteers/team_create.html", ctx, status=status)

    if request.method == "GET":
        return page()
    kind, _sep, pk = str(p.get("owner", "")).partition(":")
    owner = next((o for o in owners.get(kind, ()) if o.pk == form_id(pk)), None)
    try:
        if owner is None:
            raise ValidationError(_("请选择所属社区（街道）、党组织或企业"))
        team = services.team_create(
            name=p.get("name", ""),
            seal=p.get("seal", ""),
            open_to_join=p.get("open_to_join") == "on",
            user=request.user,
            **{kind: owner},  # the form's kinds are team_create's keywords
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return page(error_status(exc))
    messages.success(request, _("已保存"))
    return redirect("volunteers:team", team.pk)


def _local(value: str, *, what: str) -> datetime.datetime:
    at = parse_datetime(str(value or "").strip()[:25]) if value else None
    if at is None:
        raise ValidationError(_("请填写有效的%(what)s") % {"what": what})
    return timezone.make_aware(at) if timezone.is_naive(at) else at


def _team_context(request, team) -> dict:
    user = request.user
    # The team's totals are no one's personal data: counted whole for whoever sees the team.
    records = ServiceRecord.objects.filter(activity__team=team)
    manager = can_manage(user, team)
    return {
        "team": team,
        "manager": manager,
        "members": team.members.filter(active=True).count(),
        "activities": team.activities.annotate(
            n_signups=Count("signups", distinct=True), n_records=Count("records", distinct=True)
        ).order_by("-starts_at")[:PAGE_ROWS],
        "hours": selectors.hours_total(records),
        "volunteer": own_volunteer(user, team),
    }


@login_required
@require_http_methods(["GET", "POST"])
def team_detail(request, pk):
    team = _team_or_404(request.user, pk)

    def page(status=200):
        return render(request, "volunteers/team.html", _team_context(request, team), status=status)

    if request.method == "GET":
        return page()
    p = request.POST

    def register():
        check_manager(request.user, team)  # before looking anyone up
        number = str(p.get("id_number", "")).strip().upper()[:18]
        resident = None
        if number:
            visible = restrict(Resident.objects.all(), request.user)
            resident = visible.filter(id_number_hash=crypto.blind_index(number)).first()
        if resident is None:
            raise ValidationError(_("管辖范围内没有该身份证号的居民"))
        services.volunteer_register(team=team, resident=resident, user=request.user)

    def activity():
        services.activity_create(
            team=team,
            title=p.get("title", ""),
            place=p.get("place", ""),
            content=p.get("content", ""),
            starts_at=_local(p.get("starts_at"), what=_("开始时间")),
            ends_at=_local(p.get("ends_at"), what=_("结束时间")),
            capacity=p.get("capacity", "")[:10],
            user=request.user,
        )

    return post_action(request, {"register": register, "activity": activity}, page=page)


def _activity_context(request, activity) -> dict:
    user = request.user
    team = activity.team
    manager = can_manage(user, team)
    now = timezone.now()
    ctx = {
        "activity": activity,
        "team": team,
        "manager": manager,
        "volunteer": own_volunteer(user, team),
        "signups": activity.signups.select_related("volunteer__resident")[:PAGE_ROWS],
        "n_signups": activity.signups.count(),
        "records": selectors.with_approved_hours(
            restrict(activity.records.select_related("volunteer__resident"), user)
        ).order_by("signed_in_at")[:PAGE_ROWS],
        "corrections": restrict(
            HoursCorrection.objects.filter(record__activity=activity).select_related(
                "record__volunteer__resident", "requested_by", "approved_by"
            ),
            user,
        )[:PAGE_ROWS],
        "open": in_window(activity, now),
        "ended": now > activity.ends_at,
    }
    if manager:
        ctx["members"] = team.members.filter(active=True).select_related("resident")[:PAGE_ROWS]
        ctx.update(_code_context(activity, now))
    if ctx["volunteer"] is not None:
        ctx["signed_up"] = activity.signups.filter(volunteer=ctx["volunteer"]).exists()
    return ctx


def _code_context(activity, now) -> dict:
    open_ = in_window(activity, now)
    return {
        "activity": activity,
        "code_open": open_,
        "code": checkin_code(activity, now) if open_ else "",
        "seconds": seconds_left(now),
    }


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    activity = _activity_or_404(request.user, pk)
    user = request.user

    def page(status=200):
        ctx = _activity_context(request, activity)
        return render(request, "volunteers/activity.html", ctx, status=status)

    if request.method == "GET":
        return page()
    p = request.POST

    def member():
        found = activity.team.members.filter(pk=form_id(p.get("volunteer")), active=True).first()
        if found is None:
            raise ValidationError(_("请选择本队志愿者"))
        return found

    def record():
        found = restrict(activity.records.all(), user).filter(pk=form_id(p.get("record"))).first()
        if found is None:
            raise ValidationError(_("服务记录不存在"))
        return found

    def correction():
        found = restrict(HoursCorrection.objects.filter(record__activity=activity), user).filter(
            pk=form_id(p.get("correction"))
        )
        if not found.exists():
            raise ValidationError(_("更正申请不存在"))
        return found.get()

    def sign_up():
        volunteer = own_volunteer(user, activity.team)
        if volunteer is None:
            raise ValidationError(_("您不是本队在册志愿者"))
        services.sign_up(activity=activity, volunteer=volunteer, user=user)

    actions = {
        "sign_up": sign_up,
        "sign_in": lambda: services.organiser_sign_in(
            activity=activity, volunteer=member(), user=user
        ),
        "sign_out": lambda: services.organiser_sign_out(
            activity=activity, volunteer=member(), user=user
        ),
        "correct": lambda: services.correction_request(
            record=record(),
            delta=str(p.get("delta", ""))[:10],
            reason=p.get("reason", ""),
            user=user,
        ),
        "approve": lambda: services.correction_approve(correction=correction(), user=user),
        "refuse": lambda: services.correction_refuse(
            correction=correction(), user=user, reason=p.get("refuse_reason", "")
        ),
    }
    return post_action(request, actions, page=page)


@login_required
@require_GET
def activity_code(request, pk):
    activity = _activity_or_404(request.user, pk)
    if not can_manage(request.user, activity.team):
        raise Http404
    return render(request, "volunteers/_code.html", _code_context(activity, timezone.now()))


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@login_required
@require_GET
def team_records_xlsx(request, pk):
    team = _team_or_404(request.user, pk)
    if not can_manage(request.user, team):
        raise Http404
    records = selectors.with_approved_hours(selectors.team_records(user=request.user, team=team))
    rows = [
        (
            r.volunteer.resident.name,
            r.activity.title,
            r.activity.place,
            _when(r.signed_in_at),
            _when(r.signed_out_at),
            float(r.hours),
            float(r.approved - r.hours),
            r.get_source_display(),
        )
        for r in records.order_by("signed_in_at", "pk")
    ]
    content, count = workbook_bytes(
        title=_("志愿服务记录"), headers=[_(h) for h in RECORD_HEADERS], rows=rows
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=team,
        rows=count,
        changes={"export": "volunteer service records"},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="volunteers-{team.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
