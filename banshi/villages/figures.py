"""The registered figures of villages for a county, a township or a village: the reserve
cadres in the pools, the villages whose pool is short (under 3) or full (3–5), the share
of villages whose party secretary attended training in the period, and the villagers'
committee posts left vacant (a seat ended, none replaces it and no new committee has been
elected since)."""

from functools import partial

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes

from .models import POOL_MAX, POOL_MIN, CourseAttendance, ReserveCadre, VillagerCommitteeSeat
from .selectors import villages_under

# The groups the village apps register their figures under (committees and pools, red
# flags, rectification, contests, cadre assessment): the command and the tile show them
# together. A group no app registers gives nothing.
VILLAGE_GROUPS = ["villages", "redflags", "rectification", "contests", "assessment"]
LEVELS = frozenset({codes.DISTRICT, codes.STREET, codes.COMMUNITY})
ABOVE_VILLAGE = frozenset({codes.DISTRICT, codes.STREET})
_stock = partial(stock, group="villages")


def _reserve(s, p):
    return ReserveCadre.objects.filter(
        status=ReserveCadre.Status.IN_POOL, village__code__startswith=s.prefix
    )


def _pools(s):
    return villages_under(s.prefix).annotate(
        pool=Count("reserve_cadres", filter=Q(reserve_cadres__status=ReserveCadre.Status.IN_POOL))
    )


def _short(s, p):
    return _pools(s).filter(pool__lt=POOL_MIN)


def _full(s, p):
    return _pools(s).filter(pool__gte=POOL_MIN, pool__lte=POOL_MAX)


def _villages(s, p):
    return villages_under(s.prefix)


def _trained(s, p):
    attended = CourseAttendance.objects.filter(
        p.q("session__held_on"), village=OuterRef("pk"), as_secretary=True
    )
    return villages_under(s.prefix).filter(Exists(attended))


def _vacant(s, p):
    return VillagerCommitteeSeat.objects.filter(
        village__code__startswith=s.prefix,
        ended_on__isnull=False,
        successor__isnull=True,
        closed_on__isnull=True,
    )


FIGURES = (
    _stock(
        "reserve_cadres",
        _("村后备人选"),
        order=900,
        levels=LEVELS,
        records=_reserve,
        help=_("在库的村“两委”后备人选"),
    ),
    _stock(
        "villages_reserve_short",
        _("后备人选不足3名的村"),
        order=901,
        levels=ABOVE_VILLAGE,
        records=_short,
        help=_("在库后备人选少于3名的村"),
    ),
    _stock(
        "villages_reserve_full",
        _("后备人选3至5名的村"),
        order=902,
        levels=ABOVE_VILLAGE,
        records=_full,
        help=_("在库后备人选为3至5名的村"),
    ),
    Figure(
        "village_secretaries_trained",
        _("村党组织书记参训率"),
        FigureKind.RATE,
        levels=ABOVE_VILLAGE,
        group="villages",
        order=903,
        numerator=_trained,
        denominator=_villages,
        help=_("本期书记以书记身份参加至少一次培训的村 ÷ 村数"),
    ),
    _stock(
        "villager_seats_vacant",
        _("村民委员会空缺职位"),
        order=904,
        levels=LEVELS,
        records=_vacant,
        help=_("已离任且尚无人接替的村民委员会职位"),
    ),
)


def register() -> None:
    register_all(FIGURES)
