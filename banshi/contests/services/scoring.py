"""Scoring a heat: a judge's score sheet per entrant (offline phones send it again: the
same `client_id` is the same sheet), closing the heat into its ranking, and publishing it,
which advances the top of the heat into the next stage.

A judge scores an entrant once. A second sheet with another `client_id` for the same judge
and entrant is refused, not taken as an amendment: what a judge hands in at the contest is
final, as on the paper sheet; a mistake is for the organizers to hear before closing (they
may remove the sheet in the admin, which is audited)."""

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import aggregation
from ..models import Contest, ContestStage, Entry, Heat, JudgeAssignment, Result, ScoreSheet
from .setup import check_manager, entry_add

# A phone's clock may run a little fast; a sheet dated beyond this is refused.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise ValidationError(_("评分表编号无效")) from None


def _points(raw, item) -> Decimal:
    if isinstance(raw, bool) or raw is None or raw == "":
        raise ValidationError(_("请填写“%(item)s”的得分") % {"item": item.name})
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("“%(item)s”的得分须为数字") % {"item": item.name}) from None
    # The range first: quantizing 1e100 would raise rather than refuse.
    if not value.is_finite() or not 0 <= value <= item.max_points:
        raise ValidationError(
            _("“%(item)s”的得分须在0到%(max)d分之间") % {"item": item.name, "max": item.max_points}
        )
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(_("“%(item)s”的得分最多保留一位小数") % {"item": item.name})
    return value


def sheet_scores(contest: Contest, scores) -> tuple[dict, Decimal]:
    """The sheet's points as stored ({item id: "points"}) and its total out of 100."""
    return _sheet_points(list(contest.items.all()), scores)


def _sheet_points(items, scores) -> tuple[dict, Decimal]:
    if not isinstance(scores, dict):
        raise ValidationError(_("评分数据格式无效"))
    known = {str(i.pk) for i in items}
    unknown = [k for k in scores if str(k) not in known]
    if unknown:
        raise ValidationError(_("评分表含有本竞赛没有的评分项"))
    given = {str(k): v for k, v in scores.items()}
    stored, total = {}, Decimal(0)
    for item in items:
        points = _points(given.get(str(item.pk)), item)
        stored[str(item.pk)] = str(points)
        total += points * item.weight / item.max_points
    return stored, aggregation.cents(total)


def _stored(cid, judge, entry) -> ScoreSheet | None:
    """The sheet stored under the phone's `cid`, if it is this judge's of this entrant; one
    stored for anyone or anything else is refused."""
    done = ScoreSheet.objects.filter(client_id=cid).select_related("judge").first()
    if done is not None and (done.judge.user_id != judge.pk or done.entry_id != entry.pk):
        raise ValidationError(_("评分表编号无效"))
    return done


@transaction.atomic
def sheet_submit(
    *, judge, entry: Entry, scores, client_id, at: datetime.datetime | None = None
) -> tuple[ScoreSheet, bool]:
    """(the sheet, whether it is new). `judge` is the signed-in user."""
    cid = _uuid(client_id)
    done = _stored(cid, judge, entry)
    if done is not None:
        return done, False  # sent again from the outbox: already stored
    assignment = JudgeAssignment.objects.filter(heat_id=entry.heat_id, user=judge).first()
    if assignment is None:
        raise PermissionDenied(_("您不是本赛组的评委"))
    heat = Heat.objects.select_for_update().select_related("stage__contest").get(pk=entry.heat_id)
    # The same sheet sent twice at once (two tabs, two flushes) waited here for the first.
    done = _stored(cid, judge, entry)
    if done is not None:
        return done, False
    if heat.stage.contest.status != Contest.Status.OPEN:
        raise ValidationError(_("竞赛尚未开始或已结束"))
    if heat.status != Heat.Status.OPEN:
        raise ValidationError(_("该赛组已结束评分，不能再提交评分"))
    if ScoreSheet.objects.filter(judge=assignment, entry=entry).exists():
        raise ValidationError(
            _("您已提交过对%(name)s的评分，评分提交后不能更改") % {"name": entry.member}
        )
    now = timezone.now()
    at = at or now
    if at > now + CLOCK_SKEW:
        raise ValidationError(_("评分时间不能晚于现在"))
    stored, total = sheet_scores(heat.stage.contest, scores)
    sheet = ScoreSheet(
        judge=assignment, entry=entry, scores=stored, total=total, client_id=cid, submitted_at=at
    )
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError:
        raise ValidationError(_("评分表已提交")) from None
    return sheet, True


@transaction.atomic
def heat_sheets_enter(*, heat: Heat, sheets, at: datetime.datetime, user=None) -> list[ScoreSheet]:
    """The organizers enter a heat's paper sheets at once: `sheets` is a list of
    (judge user, entry, scores, client_id). Each obeys the rules of `sheet_submit` (an
    assigned judge, every item within its points, once per judge and entrant)."""
    heat = Heat.objects.select_for_update().select_related("stage__contest").get(pk=heat.pk)
    check_manager(user, heat.stage.contest)
    if heat.stage.contest.status != Contest.Status.OPEN:
        raise ValidationError(_("竞赛尚未开始或已结束"))
    if heat.status != Heat.Status.OPEN:
        raise ValidationError(_("该赛组已结束评分，不能再提交评分"))
    if at > timezone.now() + CLOCK_SKEW:
        raise ValidationError(_("评分时间不能晚于现在"))
    judges = {a.user_id: a for a in heat.judges.all()}
    entries = set(heat.entries.values_list("pk", flat=True))
    done = set(ScoreSheet.objects.filter(entry__heat=heat).values_list("judge_id", "entry_id"))
    items = list(heat.stage.contest.items.all())
    out = []
    for judge, entry, scores, client_id in sheets:
        assignment = judges.get(judge.pk)
        if assignment is None:
            raise ValidationError(_("%(name)s不是本赛组的评委") % {"name": judge.get_username()})
        if entry.pk not in entries:
            raise ValidationError(_("%(name)s不在本赛组") % {"name": entry.member})
        if (assignment.pk, entry.pk) in done:
            raise ValidationError(
                _("%(j)s对%(name)s的评分已提交") % {"j": assignment.name, "name": entry.member}
            )
        stored, total = _sheet_points(items, scores)
        sheet = ScoreSheet(
            judge=assignment,
            entry=entry,
            scores=stored,
            total=total,
            client_id=_uuid(client_id),
            submitted_at=at,
        )
        sheet.save()
        done.add((assignment.pk, entry.pk))
        out.append(sheet)
    return out


def heat_ranking(heat: Heat) -> list[aggregation.Ranked]:
    """The heat's ranking from its sheets, as the stage's rule computes it."""
    stage = heat.stage
    entries = list(heat.entries.select_related("member__resident"))
    sheets = {e.pk: {} for e in entries}
    for s in ScoreSheet.objects.filter(entry__heat=heat).order_by("judge_id"):
        sheets[s.entry_id][s.judge_id] = s.total
    return aggregation.rank_heat(
        sheets,
        labels={e.pk: str(e.member) for e in entries},
        rule=stage.rule,
        min_judges=stage.min_judges,
        quota=stage.quota if _next_stage(stage) is not None else 0,
        prizes=(stage.first_prizes, stage.second_prizes, stage.third_prizes),
        excellence_for_rest=stage.excellence_for_rest,
    )


def _next_stage(stage: ContestStage) -> ContestStage | None:
    return stage.contest.stages.filter(order__gt=stage.order).order_by("order").first()


@transaction.atomic
def heat_close(*, heat: Heat, user=None, at: datetime.datetime | None = None) -> list[Result]:
    """Scoring ends once every judge has scored every entrant; the results are computed."""
    heat = Heat.objects.select_for_update().select_related("stage__contest").get(pk=heat.pk)
    check_manager(user, heat.stage.contest)
    if heat.status != Heat.Status.OPEN:
        raise ValidationError(_("该赛组已结束评分"))
    entries, judges = heat.entries.count(), heat.judges.count()
    if not entries or not judges:
        raise ValidationError(_("赛组还没有参赛人或评委"))
    missing = entries * judges - ScoreSheet.objects.filter(entry__heat=heat).count()
    if missing:
        raise ValidationError(_("还有%(n)d份评分表未提交，不能结束评分") % {"n": missing})
    pending = [h.name for h in _feeding_heats(heat) if h.status != Heat.Status.PUBLISHED]
    if pending:
        raise ValidationError(
            _("上一轮赛组“%(names)s”尚未公布结果，晋级人员未全部进入本赛组，不能结束评分")
            % {"names": "、".join(pending)}
        )
    results = []
    for row in heat_ranking(heat):
        results.append(
            Result.objects.create(
                entry_id=row.key,
                rank=row.rank,
                score=row.score,
                mean_all=row.mean_all,
                firsts=row.firsts,
                dropped=[str(d) for d in row.dropped],
                advanced=row.advanced,
                reward=row.reward,
                explanation=row.explanation[:300],
            )
        )
    heat.status = Heat.Status.CLOSED
    heat.closed_at = at or timezone.now()
    heat.save(update_fields=["status", "closed_at"])
    return results


def _feeding_heats(heat: Heat) -> list[Heat]:
    """The previous stage's heats whose advancers enter `heat`."""
    previous = (
        heat.stage.contest.stages.filter(order__lt=heat.stage.order).order_by("-order").first()
    )
    if previous is None:
        return []
    feeding = []
    for h in previous.heats.select_related("region"):
        try:
            if _target_heat(h, heat.stage).pk == heat.pk:
                feeding.append(h)
        except ValidationError:
            continue  # a heat no heat of this stage covers feeds none
    return feeding


def _target_heat(heat: Heat, stage: ContestStage) -> Heat:
    """The next stage's heat that covers this heat's region (the most local one)."""
    heats = [
        h
        for h in stage.heats.select_related("region")
        if heat.region.code.startswith(h.region.prefix)
    ]
    if not heats and stage.heats.count() == 1:
        heats = list(stage.heats.all())
    if not heats:
        raise ValidationError(_("下一轮“%(s)s”没有对应本赛组的赛组") % {"s": stage.name})
    return max(heats, key=lambda h: len(h.region.prefix))


@transaction.atomic
def heat_publish(*, heat: Heat, user=None, at: datetime.datetime | None = None) -> Heat:
    """The results become public, and those who advanced enter the next stage's heat."""
    heat = (
        Heat.objects.select_for_update().select_related("stage__contest", "region").get(pk=heat.pk)
    )
    contest = heat.stage.contest
    check_manager(user, contest)
    if heat.status != Heat.Status.CLOSED:
        raise ValidationError(_("请先结束评分再公布结果"))
    following = _next_stage(heat.stage)
    advanced = Result.objects.filter(entry__heat=heat, advanced=True).select_related(
        "entry__member"
    )
    if following is not None and advanced:
        target = _target_heat(heat, following)
        if target.status != Heat.Status.OPEN:
            raise ValidationError(_("下一轮赛组已结束评分"))
        for result in advanced.order_by("rank", "entry__order"):
            entry_add(heat=target, member=result.entry.member, came_from=result.entry)
    heat.status = Heat.Status.PUBLISHED
    heat.published_at = at or timezone.now()
    heat.save(update_fields=["status", "published_at"])
    # The contest is over when every stage has its heats and all of them are published (a
    # final not yet added is still to come).
    stages = contest.stages.all()
    every_stage_held = not stages.exclude(heats__isnull=False).exists()
    heats = Heat.objects.filter(stage__contest=contest)
    if every_stage_held and not heats.exclude(status=Heat.Status.PUBLISHED).exists():
        Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.PUBLISHED)
    return heat
