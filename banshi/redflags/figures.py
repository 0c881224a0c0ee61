"""The registered figures of five-red-flag villages for a county, a township or a
village: the flags held now, the flags awarded and revoked in the period, and the lagging
villages (后进村: villages holding no flag)."""

from functools import partial

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes
from banshi.territory.models import Region

from .models import Declaration

LEVELS = frozenset({codes.DISTRICT, codes.STREET, codes.COMMUNITY})
ABOVE_VILLAGE = frozenset({codes.DISTRICT, codes.STREET})
_stock = partial(stock, group="redflags")
S = Declaration.Status


def held(prefix: str):
    return Declaration.objects.filter(status=S.AWARDED, village__code__startswith=prefix)


def lagging(prefix: str):
    """Villages of the region holding no flag (后进村)."""
    holds = Declaration.objects.filter(status=S.AWARDED, village=OuterRef("pk"))
    return Region.objects.filter(kind=Region.Kind.VILLAGE, code__startswith=prefix).exclude(
        Exists(holds)
    )


def _held(s, p):
    return held(s.prefix)


def _awarded(s, p):
    return Declaration.objects.filter(p.q("awarded_on"), village__code__startswith=s.prefix)


def _revoked(s, p):
    return Declaration.objects.filter(
        p.q("revoked_on"), status=S.REVOKED, village__code__startswith=s.prefix
    )


def _lagging(s, p):
    return lagging(s.prefix)


FIGURES = (
    _stock(
        "redflags_held",
        _("红旗村所获红旗"),
        order=920,
        levels=LEVELS,
        records=_held,
        help=_("已授旗且未摘牌的“五面红旗”数"),
    ),
    Figure(
        "redflags_awarded",
        _("授旗数"),
        FigureKind.COUNT,
        levels=LEVELS,
        group="redflags",
        order=921,
        records=_awarded,
        help=_("本期授予的红旗（含此后摘牌的）"),
    ),
    Figure(
        "redflags_revoked",
        _("摘牌数"),
        FigureKind.COUNT,
        levels=LEVELS,
        group="redflags",
        order=922,
        records=_revoked,
        help=_("本期复核未达标而摘牌的红旗"),
    ),
    _stock(
        "redflags_lagging_villages",
        _("后进村"),
        order=923,
        levels=ABOVE_VILLAGE,
        records=_lagging,
        help=_("未持有任何一面红旗的村"),
    ),
)


def register() -> None:
    register_all(FIGURES)
