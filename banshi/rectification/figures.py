"""The registered figures of rectification for a county or a township, over the campaigns
of the period's year(s): organizations flagged by the screening, plans made, plans on
schedule (signed off by their deadline, or not yet due with no task late at the end of the
period), plans signed off by their deadline, and plans that relapsed."""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all
from banshi.territory import codes

from .models import Plan, Screening, Task

LEVELS = frozenset({codes.DISTRICT, codes.STREET})


def _years(p) -> Q:
    last = timezone.localtime(p.end - datetime.timedelta(microseconds=1)).year
    return Q(campaign__year__gte=timezone.localtime(p.start).year, campaign__year__lte=last)


def _flagged(s, p):
    return Screening.objects.filter(_years(p), flagged=True, village__code__startswith=s.prefix)


def _plans(s, p):
    screenings = Screening.objects.filter(_years(p), village__code__startswith=s.prefix)
    return Plan.objects.filter(screening__in=screenings).select_related(
        "screening__village", "screening__organization"
    )


def on_schedule_q(cut: datetime.date) -> Q:
    """Signed off by the deadline, or open with the deadline not passed at `cut` and no
    task overdue then."""
    late_task = Task.objects.filter(plan=OuterRef("pk"), due_on__lt=cut).filter(
        Q(done_on__isnull=True) | Q(done_on__gt=F("due_on"))
    )
    done = Q(signed_off_on__isnull=False, signed_off_on__lte=F("deadline"))
    running = Q(signed_off_on__isnull=True, deadline__gte=cut) & ~Exists(late_task)
    return done | running


def _on_schedule(s, p):
    return _plans(s, p).filter(on_schedule_q(timezone.localdate(p.as_of())))


def _signed_off(s, p):
    return _plans(s, p).filter(signed_off_on__isnull=False, signed_off_on__lte=F("deadline"))


def _relapsed(s, p):
    return _plans(s, p).filter(relapsed_on__isnull=False)


def _count(key, label, order, records, help_):
    return Figure(
        key,
        label,
        FigureKind.COUNT,
        levels=LEVELS,
        group="rectification",
        order=order,
        records=records,
        help=help_,
    )


FIGURES = (
    _count(
        "rectification_flagged",
        _("排查出的软弱涣散党组织"),
        960,
        _flagged,
        _("本年度排查中至少符合一项标准的村党组织"),
    ),
    _count("rectification_plans", _("整顿方案"), 961, _plans, _("已制定的一支部一对策方案")),
    _count(
        "rectification_on_schedule",
        _("按进度整顿"),
        962,
        _on_schedule,
        _("按期销号，或未到期且无超期任务的方案"),
    ),
    _count(
        "rectification_signed_off",
        _("按期销号"),
        963,
        _signed_off,
        _("在整顿期限内验收销号的方案"),
    ),
    _count(
        "rectification_relapsed",
        _("整顿后反弹"),
        964,
        _relapsed,
        _("销号后跟踪期内反弹、重新整顿的方案"),
    ),
)


def register() -> None:
    register_all(FIGURES)
