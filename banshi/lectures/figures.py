"""The registered figures of lectures for a region and a period: the talks held in it (by
the region where each was held) and their audience (the sum of the reported sizes). One
batch reads both."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Batch, Figure, FigureKind, register_all
from banshi.territory import codes

from .models import Lecture


def _lectures(s, p):
    return Lecture.objects.filter(p.q("held_on"), region__code__startswith=s.prefix)


def _counts(s, p, scope):
    qs = _lectures(s, p)
    if scope is not None:
        qs = scope(qs)
    row = qs.order_by().aggregate(n=Count("id"), audience=Sum("audience_size"))
    return {"lectures_held": row["n"], "lecture_audience": row["audience"] or 0}


LECTURES = Batch("lectures.counts", _counts)


def _audience(s, p):
    return _counts(s, p, None)["lecture_audience"]


FIGURES = (
    Figure(
        "lectures_held",
        _("理论宣讲场次"),
        FigureKind.COUNT,
        levels=codes.REGION_LEVELS,
        group="lectures",
        order=700,
        records=_lectures,
        batch=LECTURES,
        help=_("在本区划内举办的宣讲场次（按举办地统计）"),
    ),
    Figure(
        "lecture_audience",
        _("理论宣讲听众人次"),
        FigureKind.AMOUNT,
        levels=codes.REGION_LEVELS,
        group="lectures",
        order=701,
        records=_lectures,
        value=_audience,
        batch=LECTURES,
        unit=_("人次"),
        help=_("各场宣讲登记的听众人数之和"),
    ),
)


def register() -> None:
    register_all(FIGURES)
