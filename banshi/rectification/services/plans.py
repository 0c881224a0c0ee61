"""The plans (一支部一对策): drafted for a confirmed organization, tasks with deadlines,
progress reported by the township or the village's secretary, the county's acceptance
(验收) and sign-off (销号) with evidence, a year of follow-up in which a relapse (a
criterion true again, found by a recheck, or recorded by hand) reopens the plan; and the
worker's sweep that marks the tasks past their deadline."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import criteria
from ..models import FOLLOW_UP_DAYS, Plan, ProgressReport, Screening, Task
from ._base import as_day, check_county, check_sees, text


def _county(plan: Plan):
    return plan.screening.campaign.county


@transaction.atomic
def plan_create(
    *,
    screening: Screening,
    problems,
    goals,
    measures,
    responsible,
    paired_leader,
    deadline=None,
    on=None,
    user=None,
) -> Plan:
    campaign = screening.campaign
    check_county(user, campaign.county)
    if screening.decision != Screening.Decision.CONFIRMED:
        raise ValidationError(_("只能为确定整顿的党组织制定方案"))
    if Plan.objects.filter(screening=screening).exists():
        raise ValidationError(_("该党组织已有整顿方案（一支部一对策）"))
    day = as_day(on or timezone.localdate(), what=_("制定日期"))
    due = as_day(deadline or campaign.rectification_deadline, what=_("整顿期限"), future=True)
    if due < day:
        raise ValidationError({"deadline": _("整顿期限不能早于制定日期")})
    return Plan.objects.create(
        screening=screening,
        problems=text(problems, what=_("存在问题"), limit=2000),
        goals=text(goals, what=_("整顿目标"), limit=2000),
        measures=text(measures, what=_("整顿措施"), limit=2000),
        responsible=text(responsible, what=_("责任人"), limit=50),
        paired_leader=text(paired_leader, what=_("包联领导"), limit=50),
        deadline=due,
        created_on=day,
    )


def _open(plan: Plan) -> None:
    if plan.status not in (Plan.Status.OPEN, Plan.Status.REOPENED):
        raise ValidationError(_("方案已验收或销号，不能再修改"))


@transaction.atomic
def task_add(*, plan: Plan, title, due_on, user=None) -> Task:
    check_county(user, _county(plan))
    _open(plan)
    due = as_day(due_on, what=_("完成期限"), future=True)
    if due < plan.created_on:
        raise ValidationError({"due_on": _("完成期限不能早于方案制定日期")})
    return Task.objects.create(plan=plan, title=text(title, what=_("任务")), due_on=due)


@transaction.atomic
def task_done(*, task: Task, on, user=None) -> Task:
    check_sees(user, task.plan.screening)
    _open(task.plan)
    if task.done_on:
        raise ValidationError(_("该任务已完成"))
    day = as_day(on, what=_("完成日期"))
    if day < task.plan.created_on:
        raise ValidationError({"on": _("完成日期不能早于方案制定日期")})
    task.done_on = day
    task.save(update_fields=["done_on"])
    return task


@transaction.atomic
def progress_report(*, plan: Plan, report, on, user=None) -> ProgressReport:
    check_sees(user, plan.screening)
    day = as_day(on, what=_("报告日期"))
    if day < plan.created_on:
        raise ValidationError({"on": _("报告日期不能早于方案制定日期")})
    return ProgressReport.objects.create(
        plan=plan,
        reported_on=day,
        text=text(report, what=_("进展情况"), limit=2000),
        reporter=user,
    )


@transaction.atomic
def plan_accept(*, plan: Plan, on, opinion, user=None) -> Plan:
    check_county(user, _county(plan))
    _open(plan)
    if plan.tasks.filter(done_on__isnull=True).exists():
        raise ValidationError(_("还有未完成的整顿任务，不能验收"))
    day = as_day(on, what=_("验收日期"))
    if day < plan.created_on:
        raise ValidationError({"on": _("验收日期不能早于方案制定日期")})
    plan.accepted_on = day
    plan.acceptance = text(opinion, what=_("验收意见"), limit=2000)
    plan.status = Plan.Status.ACCEPTED
    plan.save(update_fields=["accepted_on", "acceptance", "status"])
    return plan


@transaction.atomic
def plan_sign_off(*, plan: Plan, on, evidence, user=None) -> Plan:
    check_county(user, _county(plan))
    if plan.status != Plan.Status.ACCEPTED:
        raise ValidationError(_("验收合格后才能销号"))
    day = as_day(on, what=_("销号日期"))
    if day < plan.accepted_on:
        raise ValidationError({"on": _("销号日期不能早于验收日期")})
    plan.signed_off_on = day
    plan.sign_off_evidence = text(evidence, what=_("销号佐证"), limit=2000)
    plan.follow_up_until = day + datetime.timedelta(days=FOLLOW_UP_DAYS)
    plan.status = Plan.Status.SIGNED_OFF
    plan.save(update_fields=["signed_off_on", "sign_off_evidence", "follow_up_until", "status"])
    return plan


def _reopen(plan: Plan, day: datetime.date, reason: str) -> Plan:
    plan.status = Plan.Status.REOPENED
    plan.relapsed_on = day
    plan.relapse_reason = reason
    plan.save(update_fields=["status", "relapsed_on", "relapse_reason"])
    return plan


def _check_follow_up(plan: Plan, day: datetime.date) -> None:
    if plan.status != Plan.Status.SIGNED_OFF:
        raise ValidationError(_("只有已销号的方案才会反弹"))
    if not plan.signed_off_on <= day <= plan.follow_up_until:
        raise ValidationError({"on": _("反弹日期应在销号后一年的跟踪期内")})


@transaction.atomic
def plan_relapse(*, plan: Plan, on, reason, user=None) -> Plan:
    """A relapse recorded by hand during the follow-up year reopens the plan."""
    check_county(user, _county(plan))
    day = as_day(on, what=_("反弹日期"))
    _check_follow_up(plan, day)
    return _reopen(plan, day, text(reason, what=_("反弹原因")))


@transaction.atomic
def plan_recheck(*, plan: Plan, on, user=None) -> bool:
    """Evaluate the automatic criteria again during follow-up: one true again reopens the
    plan with the value that triggered it. True when it relapsed."""
    check_county(user, _county(plan))
    day = as_day(on, what=_("复查日期"))
    _check_follow_up(plan, day)
    s = plan.screening
    found = criteria.evaluate(s.organization, s.village, day)
    hits = [f"{c.label}：{value}" for c, (met, value) in found.items() if met]
    if not hits:
        return False
    _reopen(plan, day, "；".join(hits)[:200])
    return True


def sweep_overdue(now=None) -> dict:
    """The worker's job: mark the open tasks past their deadline (and unmark none)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    n = Task.objects.filter(done_on__isnull=True, overdue=False, due_on__lt=today).update(
        overdue=True
    )
    late = Plan.objects.filter(
        status__in=[Plan.Status.OPEN, Plan.Status.REOPENED], deadline__lt=today
    ).count()
    return {"tasks_marked_overdue": n, "plans_past_deadline": late}
