"""Pages of the organisers: annual plans (months, themes, items; publish; amend with a
reason), a branch's activities, and one activity's page (plan → hold; the rotating code,
shown large with its countdown; the attendance list, polled by htmx; marks, leave, make-ups;
the sign-in sheet as XLSX and printable). Every object is read through the scoped selectors:
one out of scope answers 404 like a missing one. A refused write answers 4xx with the
services' Chinese message."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from banshi.access.models import AuditEvent
from banshi.access.services import audit_record
from banshi.core.actions import error_text
from banshi.core.text import form_id
from banshi.core.xlsx import XLSX_TYPE, workbook_bytes

from . import rules as rulebook
from . import selectors, services
from .codes import WINDOW_SECONDS, checkin_code, seconds_left
from .models import Activity, AnnualPlan, Attendance, LeaveRequest


def _or_404(read, **kwargs):
    try:
        return read(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404(_("记录不存在")) from None


def _refused(request, exc) -> int:
    """The status for a refused write, its message flashed for the page shown again."""
    if isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or _("无权执行此操作"))
        return 403
    messages.error(request, error_text(exc))
    return 400


def _org(request, value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("请选择党组织")) from None
    org = selectors.organizations(user=request.user).filter(pk=pk).first()
    if org is None:
        raise ValidationError(_("请选择党组织"))
    return org


# --- plans ---------------------------------------------------------------------------------


def _month_rows(post) -> list[dict]:
    return [
        {
            "month": m,
            "theme": post.get(f"theme_{m}", ""),
            "required_items": post.get(f"required_{m}", ""),
            "optional_items": post.get(f"optional_{m}", ""),
            "formats": post.get(f"formats_{m}", ""),
        }
        for m in range(1, 13)
        if f"theme_{m}" in post
    ]


def _plan_list_page(request, status=200):
    context = {
        "plans": selectors.plan_list(user=request.user)[:100],
        "organizations": selectors.organizations(user=request.user)[:200],
        "fixed_days": AnnualPlan.FixedDay.choices,
        "this_year": timezone.localdate().year,
    }
    return render(request, "partylife/plan_list.html", context, status=status)


@login_required
@require_GET
def plan_list(request):
    return _plan_list_page(request)


@login_required
@require_POST
def plan_new(request):
    try:
        plan = services.plan_create(
            organization=_org(request, request.POST.get("organization")),
            year=request.POST.get("year"),
            fixed_day=request.POST.get("fixed_day", "first_friday"),
            min_minutes=request.POST.get("min_minutes") or 60,
            title=request.POST.get("title", ""),
            principles=request.POST.get("principles", ""),
            user=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        status = _refused(request, exc)
        return _plan_list_page(request, status=status)
    messages.success(request, _("已创建计划草稿，请填写各月主题"))
    return redirect("partylife:plan", pk=plan.pk)


def _plan_page(request, plan, status=200):
    months = {m.month: m for m in selectors.plan_months(plan=plan)}
    context = {
        "plan": plan,
        "months": [(m, months.get(m)) for m in range(1, 13)],
        "can_manage": selectors.organizations(user=request.user)
        .filter(pk=plan.organization_id)
        .exists(),
        "versions": AnnualPlan.objects.filter(
            organization_id=plan.organization_id, year=plan.year
        ).order_by("version"),
    }
    return render(request, "partylife/plan.html", context, status=status)


@login_required
@require_GET
def plan_page(request, pk):
    return _plan_page(request, _or_404(selectors.plan_get, user=request.user, pk=pk))


@login_required
@require_POST
def plan_act(request, pk, action):
    plan = _or_404(selectors.plan_get, user=request.user, pk=pk)
    try:
        if action == "edit":
            services.plan_update(
                plan=plan,
                title=request.POST.get("title"),
                principles=request.POST.get("principles"),
                months=_month_rows(request.POST),
                user=request.user,
            )
            messages.success(request, _("已保存"))
        elif action == "publish":
            services.plan_publish(plan=plan, user=request.user)
            messages.success(request, _("计划已发布"))
        elif action == "amend":
            plan = services.plan_amend(
                plan=plan,
                reason=request.POST.get("reason", ""),
                months=_month_rows(request.POST),
                user=request.user,
            )
            messages.success(request, _("已发布修订版本"))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        status = _refused(request, exc)
        plan.refresh_from_db()
        return _plan_page(request, plan, status=status)
    return redirect("partylife:plan", pk=plan.pk)


# --- activities ----------------------------------------------------------------------------


PAGE_SIZE = 30  # activities a page (a branch holds some 40 a year)


def _list_context(request) -> dict:
    orgs = selectors.organizations(user=request.user)
    org = None
    if request.GET.get("org"):
        org = orgs.filter(pk=form_id(request.GET["org"])).first()
        if org is None:
            raise Http404(_("记录不存在"))
    year = timezone.localdate().year
    return {
        "organization": org,
        "organizations": orgs[:200],
        "page": Paginator(
            selectors.activity_list(user=request.user, organization=org), PAGE_SIZE
        ).get_page(request.GET.get("page")),
        "kinds": Activity.Kind.choices,
        "months": selectors.plan_months_for(organization=org, year=year) if org else [],
        "venues": selectors.venues(user=request.user)[:200],
    }


@login_required
@require_GET
def activity_list(request):
    return render(request, "partylife/activity_list.html", _list_context(request))


@login_required
@require_POST
def activity_new(request):
    post = request.POST
    try:
        org = _org(request, post.get("organization"))
        month = None
        if post.get("plan_month"):
            month = next(
                (
                    m
                    for m in selectors.plan_months_for(
                        organization=org, year=timezone.localdate().year
                    )
                    if str(m.pk) == post["plan_month"]
                ),
                None,
            )
            if month is None:
                raise ValidationError(_("计划月份无效"))
        venue = None
        if post.get("venue"):
            venue = selectors.venues(user=request.user).filter(pk=form_id(post["venue"])).first()
            if venue is None:
                raise ValidationError(_("场所无效"))
        activity = services.activity_plan(
            organization=org,
            kind=post.get("kind", ""),
            planned_at=post.get("planned_at", ""),
            plan_month=month,
            title=post.get("title", ""),
            theme=post.get("theme", ""),
            items_planned=post.getlist("items") or post.get("items_text", "").splitlines(),
            format=post.get("format", ""),
            venue=venue,
            user=request.user,
        )
    except (ValidationError, PermissionDenied, ValueError) as exc:
        if isinstance(exc, ValueError):
            exc = ValidationError(_("输入无效"))
        status = _refused(request, exc)
        return render(
            request, "partylife/activity_list.html", _list_context(request), status=status
        )
    messages.success(request, _("活动已安排"))
    return redirect("partylife:activity", pk=activity.pk)


def _code_context(activity, now) -> dict:
    open_ = activity.status == Activity.Status.HELD and (
        activity.ended_at is None or activity.ended_at > now
    )
    return {
        "activity": activity,
        "code_open": open_,
        "code": checkin_code(activity, now) if open_ else "",
        "seconds": seconds_left(now),
        "window": WINDOW_SECONDS,
    }


def _activity_context(request, activity) -> dict:
    rows = selectors.attendance_rows(user=request.user, activity=activity)
    now = timezone.now()
    return {
        **_code_context(activity, now),
        "rows": rows,
        "counts": _counts(rows),
        "quorum": _quorum(activity, rows),
        "open_makeups": [r for r in rows if r.needs_makeup],
        "pending_leave": [
            r.leave
            for r in rows
            if hasattr(r, "leave") and r.leave.status == LeaveRequest.Status.PENDING
        ],
        "statuses": Attendance.Status.choices,
        "photos": list(selectors.activity_photos(user=request.user, activity=activity)),
        "now": timezone.localtime(now),
    }


def _counts(rows) -> dict:
    counts = {s: 0 for s in Attendance.Status.values}
    for r in rows:
        counts[r.status] += 1
    made_up = sum(1 for r in rows if hasattr(r, "makeup"))
    expected = len(rows)
    done = counts["present"] + made_up
    return {
        **counts,
        "expected": expected,
        "made_up": made_up,
        "rate": f"{done / expected * 100:.1f}%" if expected else "—",
    }


def _quorum(activity, rows) -> dict | None:
    """A committee meeting's quorum: more than the rule's share of the committee present."""
    rule = rulebook.get("committee")
    if activity.kind != Activity.Kind.COMMITTEE or rule is None or not rows:
        return None
    present = sum(1 for r in rows if r.status == Attendance.Status.PRESENT)
    need = math.floor(len(rows) * rule.quorum) + 1
    return {"need": need, "present": present, "met": present > len(rows) * rule.quorum}


@login_required
@require_GET
def activity_page(request, pk):
    activity = _or_404(selectors.activity_get, user=request.user, pk=pk)
    return render(request, "partylife/activity.html", _activity_context(request, activity))


@login_required
@require_GET
def activity_code(request, pk):
    activity = _or_404(selectors.activity_get, user=request.user, pk=pk)
    return render(request, "partylife/_code.html", _code_context(activity, timezone.now()))


@login_required
@require_GET
def activity_attendance(request, pk):
    activity = _or_404(selectors.activity_get, user=request.user, pk=pk)
    return render(request, "partylife/_attendance.html", _activity_context(request, activity))


def _member(request, activity, value):
    row = next(
        (
            r
            for r in selectors.attendance_rows(user=request.user, activity=activity)
            if str(r.member_id) == str(value)
        ),
        None,
    )
    if row is None:
        raise Http404(_("记录不存在"))
    return row.member


@login_required
@require_POST
def activity_act(request, pk, action):
    activity = _or_404(selectors.activity_get, user=request.user, pk=pk)
    post = request.POST
    try:
        if action == "hold":
            services.activity_hold(
                activity=activity, held_at=post.get("held_at") or timezone.now(), user=request.user
            )
            messages.success(request, _("活动已开始，请党员输入签到码签到"))
        elif action == "record":
            services.activity_record(
                activity=activity,
                ended_at=post.get("ended_at") or timezone.now(),
                items_done=post.getlist("items_done"),
                minutes=post.get("minutes", ""),
                close=True,
                user=request.user,
            )
            messages.success(request, _("已记录活动情况，未到党员记为缺席"))
        elif action == "cancel":
            services.activity_cancel(
                activity=activity, reason=post.get("reason", ""), user=request.user
            )
            messages.success(request, _("活动已取消"))
        elif action == "mark":
            services.attendance_mark(
                activity=activity,
                member=_member(request, activity, post.get("member")),
                status=post.get("status", ""),
                user=request.user,
            )
            if request.htmx:
                context = _activity_context(request, activity)
                return render(request, "partylife/_attendance.html", context)
        elif action == "makeup":
            row = _or_404(selectors.attendance_get, user=request.user, pk=post.get("attendance"))
            if row.activity_id != activity.pk:
                raise Http404
            services.makeup_record(
                attendance=row,
                done_at=post.get("done_at", ""),
                note=post.get("note", ""),
                user=request.user,
            )
            messages.success(request, _("已登记补学"))
        elif action == "photo":
            services.activity_photo_add(
                activity=activity,
                upload=request.FILES.get("photo"),
                caption=post.get("caption", ""),
                user=request.user,
            )
            messages.success(request, _("照片已上传"))
        elif action == "leave":
            leave = _or_404(selectors.leave_get, user=request.user, pk=post.get("leave"))
            if leave.attendance.activity_id != activity.pk:
                raise Http404
            services.leave_decide(
                leave=leave, approve=post.get("approve") == "1", user=request.user
            )
            messages.success(request, _("已审批请假"))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        status = _refused(request, exc)
        activity.refresh_from_db()
        return render(
            request,
            "partylife/activity.html",
            _activity_context(request, activity),
            status=status,
        )
    return redirect("partylife:activity", pk=activity.pk)


@login_required
@require_GET
def activity_photo(request, pk, photo_pk):
    activity = _or_404(selectors.activity_get, user=request.user, pk=pk)
    photo = selectors.activity_photos(user=request.user, activity=activity).filter(pk=photo_pk)
    photo = photo.first()
    if photo is None:
        raise Http404(_("记录不存在"))
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the sign-in sheet ---------------------------------------------------------------------


def _sheet_rows(rows):
    for i, r in enumerate(rows, 1):
        yield (
            i,
            str(r.member.resident),
            str(r.member.organization),
            r.member.get_status_display(),
            r.get_status_display(),
            timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else "",
            r.get_method_display() if r.method else "",
            (
                timezone.localtime(r.makeup.done_at).strftime("%Y-%m-%d")
                if hasattr(r, "makeup")
                else ""
            ),
        )


SHEET_HEADERS = (
    gettext_lazy("序号"),
    gettext_lazy("姓名"),
    gettext_lazy("党组织"),
    gettext_lazy("党员类别"),
    gettext_lazy("出勤"),
    gettext_lazy("签到时间"),
    gettext_lazy("签到方式"),
    gettext_lazy("补学日期"),
)


@login_required
@require_GET
def sheet_xlsx(request, pk):
    activity = _or_404(selectors.activity_get, user=request.user, pk=pk)
    rows = selectors.attendance_rows(user=request.user, activity=activity)
    content, count = workbook_bytes(
        title=_("签到表"), headers=[str(h) for h in SHEET_HEADERS], rows=_sheet_rows(rows)
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        user=request.user,
        request=request,
        obj=activity,
        rows=count,
        changes={"export": "sign-in sheet"},
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="signin-{activity.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def sheet_print(request, pk):
    activity = _or_404(selectors.activity_get, user=request.user, pk=pk)
    rows = selectors.attendance_rows(user=request.user, activity=activity)
    return render(
        request,
        "partylife/sheet.html",
        {"activity": activity, "rows": list(_sheet_rows(rows)), "headers": SHEET_HEADERS},
    )
