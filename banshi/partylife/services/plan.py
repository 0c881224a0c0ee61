"""Writes of annual plans: create a draft with its months, change the draft, publish it
(then read-only), amend a published plan (a new version with a reason; the old one is
superseded, its months kept for the activities planned against them)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.organizations.models import PartyOrganization

from ..models import AnnualPlan, PlanMonth
from ._common import check_manager, choice, items, saved, text


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("年度无效")) from None
    if not 2000 <= year <= 2100:
        raise ValidationError(_("年度应在2000至2100之间"))
    return year


def _minutes(value) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("活动时长无效")) from None
    if not 15 <= minutes <= 600:
        raise ValidationError(_("每次时长应在15至600分钟之间"))
    return minutes


def _months(value) -> dict[int, dict]:
    """{month: fields} from a list of dicts with month, theme and the item lists."""
    if not isinstance(value, list | tuple):
        raise ValidationError(_("月度主题格式无效"))
    out: dict[int, dict] = {}
    for row in value:
        if not isinstance(row, dict):
            raise ValidationError(_("月度主题格式无效"))
        try:
            month = int(row.get("month"))
        except (TypeError, ValueError):
            raise ValidationError(_("月份无效")) from None
        if not 1 <= month <= 12:
            raise ValidationError(_("月份应在1至12之间"))
        if month in out:
            raise ValidationError(_("%(m)d月重复") % {"m": month})
        theme = text(row.get("theme"), what=_("%(m)d月主题") % {"m": month}, limit=200)
        out[month] = {
            "theme": theme,
            "required_items": items(row.get("required_items"), what=_("规定动作")),
            "optional_items": items(row.get("optional_items"), what=_("自选动作")),
            "formats": items(row.get("formats"), what=_("活动形式")),
            "note": text(row.get("note"), what=_("说明")),
        }
    return out


def _write_months(plan: AnnualPlan, months: dict[int, dict]) -> None:
    for month, fields in months.items():
        row = plan.months.filter(month=month).first() or PlanMonth(plan=plan, month=month)
        for name, value in fields.items():
            setattr(row, name, value)
        if not row.theme:
            if row.pk:
                row.delete()
            continue
        saved(row)


@transaction.atomic
def plan_create(
    *,
    organization: PartyOrganization,
    year,
    fixed_day: str = AnnualPlan.FixedDay.FIRST_FRIDAY,
    min_minutes=60,
    title: str = "",
    principles: str = "",
    months=(),
    user=None,
) -> AnnualPlan:
    check_manager(user, organization)
    year = _year(year)
    version = (
        AnnualPlan.objects.filter(organization=organization, year=year)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    if version is not None:
        raise ValidationError(_("该党组织%(y)d年度已有计划，请修改或修订原计划") % {"y": year})
    plan = saved(
        AnnualPlan(
            organization=organization,
            year=year,
            fixed_day=choice(fixed_day, AnnualPlan.FixedDay, what=_("固定党日")),
            min_minutes=_minutes(min_minutes),
            title=text(title, what=_("标题"), limit=200),
            principles=text(principles, what=_("原则要求")),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    )
    _write_months(plan, _months(list(months)))
    return plan


def _locked(plan: AnnualPlan) -> AnnualPlan:
    return AnnualPlan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_update(
    *,
    plan: AnnualPlan,
    fixed_day: str | None = None,
    min_minutes=None,
    title: str | None = None,
    principles: str | None = None,
    months=None,
    user=None,
) -> AnnualPlan:
    """Change a draft; a published plan is read-only (amend it instead)."""
    plan = _locked(plan)
    check_manager(user, plan.organization)
    if not plan.is_editable:
        raise ValidationError(_("已发布的计划不能修改，请提出修订并说明理由"))
    if fixed_day is not None:
        plan.fixed_day = choice(fixed_day, AnnualPlan.FixedDay, what=_("固定党日"))
    if min_minutes is not None:
        plan.min_minutes = _minutes(min_minutes)
    if title is not None:
        plan.title = text(title, what=_("标题"), limit=200)
    if principles is not None:
        plan.principles = text(principles, what=_("原则要求"))
    saved(plan)
    if months is not None:
        _write_months(plan, _months(list(months)))
    return plan


def _check_complete(plan: AnnualPlan) -> None:
    have = set(plan.months.values_list("month", flat=True))
    missing = [m for m in range(1, 13) if m not in have]
    if missing:
        raise ValidationError(
            _("还有月份没有主题：%(m)s") % {"m": "、".join(f"{m}月" for m in missing)}
        )


@transaction.atomic
def plan_publish(*, plan: AnnualPlan, user=None, at=None) -> AnnualPlan:
    plan = _locked(plan)
    check_manager(user, plan.organization)
    if not plan.can_become(AnnualPlan.Status.PUBLISHED):
        raise ValidationError(_("该计划已发布或已被修订"))
    _check_complete(plan)
    if AnnualPlan.objects.filter(
        organization=plan.organization_id, year=plan.year, status=AnnualPlan.Status.PUBLISHED
    ).exists():
        raise ValidationError(_("该年度已有发布的计划，请修订原计划"))
    plan.status = AnnualPlan.Status.PUBLISHED
    plan.published_at = at or timezone.now()
    plan.save(update_fields=["status", "published_at"])
    return plan


@transaction.atomic
def plan_amend(
    *,
    plan: AnnualPlan,
    reason: str,
    months=None,
    fixed_day: str | None = None,
    min_minutes=None,
    principles: str | None = None,
    user=None,
    at=None,
) -> AnnualPlan:
    """A new published version of `plan` with the changes and the reason; the old one is
    superseded. Months not named in `months` are copied as they were."""
    old = _locked(plan)
    check_manager(user, old.organization)
    if not old.can_become(AnnualPlan.Status.SUPERSEDED):
        raise ValidationError(_("只有已发布的计划才能修订"))
    reason = text(reason, what=_("修订理由"), required=True)
    changes = _months(list(months)) if months is not None else {}
    old.status = AnnualPlan.Status.SUPERSEDED
    old.save(update_fields=["status"])
    new = saved(
        AnnualPlan(
            organization=old.organization,
            year=old.year,
            version=old.version + 1,
            status=AnnualPlan.Status.PUBLISHED,
            title=old.title,
            fixed_day=(
                choice(fixed_day, AnnualPlan.FixedDay, what=_("固定党日"))
                if fixed_day is not None
                else old.fixed_day
            ),
            min_minutes=_minutes(min_minutes) if min_minutes is not None else old.min_minutes,
            principles=(
                text(principles, what=_("原则要求")) if principles is not None else old.principles
            ),
            amend_reason=reason,
            supersedes=old,
            published_at=at or timezone.now(),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    )
    PlanMonth.objects.bulk_create(
        PlanMonth(
            plan=new,
            month=m.month,
            theme=m.theme,
            required_items=m.required_items,
            optional_items=m.optional_items,
            formats=m.formats,
            note=m.note,
        )
        for m in old.months.all()
    )
    _write_months(new, changes)
    _check_complete(new)
    return new
