"""Setting a contest up: the contest with its score items (weights summing to 100), its
stages, each stage's heats, the entrants and the judges. Only the organization department
of the contest's county (the district role over its region) or the system administrator
manages a contest; `user=None` is the demo builder and the tests' setup."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment as RA
from banshi.access.scope import scope_for, visible

from ..models import WEIGHT_TOTAL, Contest, ContestStage, Entry, Heat, JudgeAssignment, ScoreItem

MAX_ITEMS = 20


def can_manage(user, contest: Contest) -> bool:
    if user is None:
        return True
    scope = scope_for(user)
    if scope.everything:
        return True
    return RA.Role.DISTRICT in scope.roles and scope.covers_code(contest.region.code)


def check_manager(user, contest: Contest) -> None:
    if not can_manage(user, contest):
        raise PermissionDenied(_("只有主办的组织部门可以管理本竞赛"))


def _text(value, *, what: str, limit: int) -> str:
    value = str(value or "").strip()
    if "\x00" in value:
        raise ValidationError(_("%(what)s包含无效字符") % {"what": what})
    if not value:
        raise ValidationError(_("请填写%(what)s") % {"what": what})
    if len(value) > limit:
        raise ValidationError(_("%(what)s不能超过%(n)d个字") % {"what": what, "n": limit})
    return value


def _items(items) -> list[tuple[str, Decimal, int]]:
    if not items:
        raise ValidationError({"items": _("请至少设置一个评分项")})
    if len(items) > MAX_ITEMS:
        raise ValidationError({"items": _("评分项不能超过%(n)d项") % {"n": MAX_ITEMS}})
    out = []
    for name, weight, max_points in items:
        name = _text(name, what=_("评分项名称"), limit=100)
        try:
            weight = Decimal(str(weight))
            max_points = int(max_points)
        except (InvalidOperation, ValueError, TypeError):
            raise ValidationError(
                {"items": _("评分项“%(n)s”的权重或满分无效") % {"n": name}}
            ) from None
        if (
            not weight.is_finite()
            or not (0 < weight <= WEIGHT_TOTAL)
            or not (0 < max_points <= 1000)
        ):
            raise ValidationError({"items": _("评分项“%(n)s”的权重或满分无效") % {"n": name}})
        out.append((name, weight, max_points))
    if len({n for n, _w, _m in out}) != len(out):
        raise ValidationError({"items": _("评分项名称不能重复")})
    if sum(w for _n, w, _m in out) != WEIGHT_TOTAL:
        raise ValidationError({"items": _("各评分项权重之和须为100")})
    return out


@transaction.atomic
def contest_create(
    *,
    title: str,
    year: int,
    region,
    items,
    organizer=None,
    organizer_name: str = "",
    user=None,
) -> Contest:
    """`items` is a list of (name, weight, max points)."""
    title = _text(title, what=_("竞赛名称"), limit=200)
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度须在2000至2100之间")})
    if region is None:
        raise ValidationError({"region": _("请选择区划")})
    if organizer is not None and user is not None and not visible(organizer, user):
        raise ValidationError({"organizer": _("党组织不存在")})
    organizer_name = (organizer_name or "").strip() or (organizer.name if organizer else "")
    organizer_name = _text(organizer_name, what=_("主办单位"), limit=100)
    rows = _items(items)
    contest = Contest(
        title=title, year=year, region=region, organizer=organizer, organizer_name=organizer_name
    )
    if user is not None and not scope_for(user).covers_code(region.code):
        raise ValidationError({"region": _("区划不存在")})
    check_manager(user, contest)
    contest.full_clean()
    contest.save()
    for i, (name, weight, max_points) in enumerate(rows, start=1):
        item = ScoreItem(contest=contest, order=i, name=name, weight=weight, max_points=max_points)
        item.full_clean()
        item.save()
    return contest


@transaction.atomic
def contest_update(
    *, contest: Contest, title: str, year: int, organizer_name: str, items, user=None
) -> Contest:
    """Change a contest still in preparation: its name, year, organizer's name and score
    items (replaced as a whole). Once it has begun the judges score against the items, so
    nothing of it changes."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    check_manager(user, contest)
    if contest.status != Contest.Status.DRAFT:
        raise ValidationError(_("竞赛已经开始，不能再修改"))
    contest.title = _text(title, what=_("竞赛名称"), limit=200)
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度须在2000至2100之间")})
    contest.year = year
    contest.organizer_name = _text(organizer_name, what=_("主办单位"), limit=100)
    rows = _items(items)
    contest.full_clean()
    contest.save(update_fields=["title", "year", "organizer_name"])
    contest.items.all().delete()
    for i, (name, weight, max_points) in enumerate(rows, start=1):
        item = ScoreItem(contest=contest, order=i, name=name, weight=weight, max_points=max_points)
        item.full_clean()
        item.save()
    return contest


@transaction.atomic
def contest_open(*, contest: Contest, user=None) -> Contest:
    check_manager(user, contest)
    if contest.status != Contest.Status.DRAFT:
        raise ValidationError(_("竞赛已经开始"))
    contest.status = Contest.Status.OPEN
    contest.save(update_fields=["status"])
    return contest


def _count(value, *, what: str, limit: int = 100) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        raise ValidationError(_("%(what)s须为0到%(n)d之间的整数") % {"what": what, "n": limit})
    return value


@transaction.atomic
def stage_add(
    *,
    contest: Contest,
    name: str,
    level: str,
    quota: int = 0,
    rule: str = ContestStage.Rule.TRIMMED,
    min_judges: int = 3,
    prizes: tuple[int, int, int] = (0, 0, 0),
    excellence_for_rest: bool = False,
    user=None,
) -> ContestStage:
    check_manager(user, contest)
    if contest.status == Contest.Status.PUBLISHED:
        raise ValidationError(_("竞赛结果已公布，不能再修改"))
    if level not in ContestStage.Level.values:
        raise ValidationError({"level": _("级别无效")})
    if rule not in ContestStage.Rule.values:
        raise ValidationError({"rule": _("计分规则无效")})
    quota = _count(quota, what=_("晋级名额"))
    min_judges = _count(min_judges, what=_("去高去低的最少评委数"), limit=50)
    first, second, third = (_count(p, what=_("获奖名额")) for p in prizes)
    order = 1 + (contest.stages.order_by("-order").values_list("order", flat=True).first() or 0)
    stage = ContestStage(
        contest=contest,
        order=order,
        name=_text(name, what=_("赛程名称"), limit=100),
        level=level,
        quota=quota,
        rule=rule,
        min_judges=min_judges,
        first_prizes=first,
        second_prizes=second,
        third_prizes=third,
        excellence_for_rest=bool(excellence_for_rest),
    )
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def heat_add(
    *, stage: ContestStage, name: str, region, scheduled_at: datetime.datetime, user=None
) -> Heat:
    """A heat lies in the contest's region, or above it (a city final)."""
    contest = stage.contest
    check_manager(user, contest)
    if region is None:
        raise ValidationError({"region": _("请选择区划")})
    inside = region.code.startswith(contest.region.prefix)
    above = contest.region.code.startswith(region.prefix)
    if not (inside or above):
        raise ValidationError({"region": _("赛组须在本竞赛的区划内")})
    if not isinstance(scheduled_at, datetime.datetime):
        raise ValidationError({"scheduled_at": _("请填写比赛时间")})
    heat = Heat(
        stage=stage,
        name=_text(name, what=_("赛组名称"), limit=100),
        region=region,
        scheduled_at=scheduled_at,
    )
    heat.full_clean()
    heat.save()
    return heat


def _open_heat(heat: Heat) -> None:
    if heat.status != Heat.Status.OPEN:
        raise ValidationError(_("该赛组已结束评分"))


@transaction.atomic
def entry_add(*, heat: Heat, member, user=None, came_from: Entry | None = None) -> Entry:
    check_manager(user, heat.stage.contest)
    _open_heat(heat)
    if member is None or (user is not None and not visible(member, user)):
        raise ValidationError({"member": _("党员不存在")})
    if heat.entries.filter(member=member).exists():
        raise ValidationError({"member": _("%(name)s已在本赛组") % {"name": member}})
    judges = RA.objects.filter(user__contest_judging__heat=heat, role=RA.Role.RESIDENT)
    if judges.filter(resident_id=member.resident_id).exists():
        raise ValidationError({"member": _("本赛组的评委不能同时参赛")})
    order = 1 + (heat.entries.order_by("-order").values_list("order", flat=True).first() or 0)
    entry = Entry(
        heat=heat,
        member=member,
        organization=member.organization,
        order=order,
        came_from=came_from,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def judge_assign(*, heat: Heat, judge, name: str = "", user=None) -> JudgeAssignment:
    check_manager(user, heat.stage.contest)
    _open_heat(heat)
    if judge is None or not judge.is_active:
        raise ValidationError({"judge": _("评委账号不存在")})
    if heat.judges.filter(user=judge).exists():
        raise ValidationError({"judge": _("该评委已在本赛组")})
    # Nobody scores themselves: an entrant of the heat is not its judge.
    own = RA.objects.filter(user=judge, role=RA.Role.RESIDENT).values("resident_id")
    if heat.entries.filter(member__resident_id__in=own).exists():
        raise ValidationError({"judge": _("参赛人不能担任本赛组的评委")})
    name = (name or "").strip() or judge.get_full_name() or judge.get_username()
    assignment = JudgeAssignment(heat=heat, user=judge, name=name[:64])
    assignment.full_clean()
    assignment.save()
    return assignment
