"""Pages of rectification: the campaigns the viewer sees (and the county's form to open
one), a campaign's flagged list with reasons and the county's decisions, and a plan with
its tasks and progress. Thin: selectors read, services write; bad input re-renders with
its message and 400, a decision by someone who only sees the record is refused with 403,
a record outside the scope is 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from banshi.access.scope import scope_for
from banshi.core.actions import error_text
from banshi.territory.models import Region

from . import selectors, services
from .models import Campaign, Criterion, Plan, Screening, Task
from .services._base import may_decide


def _counties(user):
    scope = scope_for(user)
    qs = Region.objects.filter(kind=Region.Kind.COUNTY)
    return [c for c in qs.order_by("code") if may_decide(user, c) and scope.covers_code(c.code)]


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    counties = _counties(request.user)
    error, status = None, 200
    if request.method == "POST":
        p = request.POST
        county = next((c for c in counties if c.code == p.get("county")), None)
        try:
            if county is None:
                if not counties:
                    raise PermissionDenied
                raise ValidationError({"county": _("请选择县（区）")})
            campaign = services.campaign_open(
                county=county,
                year=p.get("year"),
                screening_deadline=p.get("screening_deadline"),
                rectification_deadline=p.get("rectification_deadline"),
                user=request.user,
            )
            return redirect("rectification:campaign", campaign.pk)
        except ValidationError as exc:
            error, status = error_text(exc), 400
    ctx = {
        "campaigns": selectors.campaigns(user=request.user)[:50],
        "counties": counties,
        "error": error,
        "year": timezone.localdate().year,
    }
    return render(request, "rectification/index.html", ctx, status=status)


def _campaign_or_404(user, pk) -> Campaign:
    try:
        return selectors.campaign_get(user=user, pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def _campaign_page(request, campaign, *, error=None, status=200):
    all_ = request.GET.get("all") == "1"
    ctx = {
        "campaign": campaign,
        "screenings": selectors.screenings(
            user=request.user, campaign=campaign, flagged_only=not all_
        ),
        "all": all_,
        "criteria": Criterion.choices,
        "can_decide": may_decide(request.user, campaign.county),
        "today": timezone.localdate(),
        "error": error,
    }
    return render(request, "rectification/campaign.html", ctx, status=status)


@login_required
@require_GET
def campaign_detail(request, pk):
    return _campaign_page(request, _campaign_or_404(request.user, pk))


@login_required
@require_POST
def campaign_screen(request, pk):
    campaign = _campaign_or_404(request.user, pk)
    try:
        services.screen(campaign=campaign, on=request.POST.get("on"), user=request.user)
    except ValidationError as exc:
        return _campaign_page(request, campaign, error=error_text(exc), status=400)
    return redirect("rectification:campaign", campaign.pk)


@login_required
@require_POST
def screening_act(request, pk, action):
    try:
        s = selectors.screening_get(user=request.user, pk=pk)
    except Screening.DoesNotExist:
        raise Http404 from None
    p, user = request.POST, request.user
    try:
        if action == "finding":
            services.finding_record(
                screening=s,
                criterion=p.get("criterion"),
                met=p.get("met"),
                evidence=p.get("evidence"),
                on=p.get("on"),
                user=user,
            )
        elif action == "decide":
            services.screening_decide(
                screening=s, confirm=p.get("confirm"), on=p.get("on"), note=p.get("note"), user=user
            )
        elif action == "plan":
            plan = services.plan_create(
                screening=s,
                problems=p.get("problems"),
                goals=p.get("goals"),
                measures=p.get("measures"),
                responsible=p.get("responsible"),
                paired_leader=p.get("paired_leader"),
                deadline=p.get("deadline") or None,
                on=p.get("on") or None,
                user=user,
            )
            return redirect("rectification:plan", plan.pk)
        else:
            raise Http404
    except ValidationError as exc:
        return _campaign_page(request, s.campaign, error=error_text(exc), status=400)
    return redirect(reverse("rectification:campaign", args=[s.campaign_id]) + f"#s{s.pk}")


def _plan_or_404(user, pk) -> Plan:
    try:
        return selectors.plan_get(user=user, pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def _plan_page(request, plan, *, error=None, status=200):
    ctx = {
        "plan": plan,
        "s": plan.screening,
        "findings": plan.screening.findings.filter(met=True),
        "tasks": plan.tasks.all(),
        "progress": plan.progress.select_related("reporter")[:100],
        "can_decide": may_decide(request.user, plan.screening.campaign.county),
        "editable": plan.status in (Plan.Status.OPEN, Plan.Status.REOPENED),
        "today": timezone.localdate(),
        "error": error,
    }
    return render(request, "rectification/plan.html", ctx, status=status)


@login_required
@require_GET
def plan_detail(request, pk):
    return _plan_page(request, _plan_or_404(request.user, pk))


def _task(plan, raw) -> Task:
    try:
        return plan.tasks.get(pk=int(raw or 0))
    except (ValueError, Task.DoesNotExist):
        raise ValidationError({"task": _("请选择整顿任务")}) from None


@login_required
@require_POST
def plan_act(request, pk, action):
    plan = _plan_or_404(request.user, pk)
    p, user = request.POST, request.user
    writes = {
        "task": lambda: services.task_add(
            plan=plan, title=p.get("title"), due_on=p.get("due_on"), user=user
        ),
        "done": lambda: services.task_done(
            task=_task(plan, p.get("task")), on=p.get("on"), user=user
        ),
        "progress": lambda: services.progress_report(
            plan=plan, report=p.get("report"), on=p.get("on"), user=user
        ),
        "accept": lambda: services.plan_accept(
            plan=plan, on=p.get("on"), opinion=p.get("opinion"), user=user
        ),
        "signoff": lambda: services.plan_sign_off(
            plan=plan, on=p.get("on"), evidence=p.get("evidence"), user=user
        ),
        "relapse": lambda: services.plan_relapse(
            plan=plan, on=p.get("on"), reason=p.get("reason"), user=user
        ),
        "recheck": lambda: services.plan_recheck(plan=plan, on=p.get("on"), user=user),
    }
    if action not in writes:
        raise Http404
    try:
        writes[action]()
    except ValidationError as exc:
        plan.refresh_from_db()
        return _plan_page(request, plan, error=error_text(exc), status=400)
    return redirect("rectification:plan", plan.pk)
