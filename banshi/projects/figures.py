"""The registered figures of practical-matter projects for a city, a district, a street or
a community (a project belongs to a community): the projects running now (a stock), those
finished in the period, and residents' feedback given in the period with its satisfaction
rate (满意 or 基本满意 ÷ every rating, as the demands' satisfaction rate counts)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes

from .models import Project, ProjectFeedback

LEVELS = frozenset({codes.CITY, codes.DISTRICT, codes.STREET, codes.COMMUNITY})
GROUP = "projects"
_count = partial(Figure, kind=FigureKind.COUNT, levels=LEVELS, group=GROUP)


def _projects(s):
    return Project.objects.filter(region__code__startswith=s.prefix)


def _running(s, p):
    return _projects(s).filter(status=Project.Status.RUNNING)


def _finished(s, p):
    return _projects(s).filter(
        status=Project.Status.FINISHED,
        finished_on__gte=p.start.date(),
        finished_on__lt=p.end.date(),
    )


def _feedback(s, p):
    return ProjectFeedback.objects.filter(
        project__region__code__startswith=s.prefix, at__gte=p.start, at__lt=p.end
    )


def _satisfied(s, p):
    return _feedback(s, p).filter(rating__in=ProjectFeedback.GOOD)


FIGURES = (
    stock(
        "projects_running",
        _("实施中的实事项目"),
        group=GROUP,
        order=940,
        levels=LEVELS,
        records=_running,
        help=_("当前状态为实施中的实事项目"),
    ),
    _count(
        key="projects_finished",
        label=_("完成的实事项目"),
        order=941,
        records=_finished,
        help=_("本期完成的实事项目"),
    ),
    _count(
        key="project_feedback",
        label=_("实事项目居民评价"),
        order=942,
        records=_feedback,
        help=_("本期居民对实事项目的评价（每户一条，再次评价替换前一次）"),
    ),
    Figure(
        key="project_satisfaction",
        label=_("实事项目满意率"),
        kind=FigureKind.RATE,
        levels=LEVELS,
        group=GROUP,
        order=943,
        numerator=_satisfied,
        denominator=_feedback,
        help=_("本期评价为满意或基本满意的户数 ÷ 评价户数"),
    ),
)


def register() -> None:
    register_all(FIGURES)
