"""Figures of party coverage in non-public enterprises (两新组织) and the rider stations.

organization coverage = enterprises with a party organization (their own or a joint branch)
÷ enterprises; work coverage = enterprises with a party organization or an instructor ÷
enterprises. The seed's "党的组织覆盖率44%" is 34 of 76."""

from functools import partial

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes

from .models import Enterprise, InstructorVisit, PartyOrgFounding, RiderStation, StationVisit

NONE = Enterprise.PartyOrgStatus.NONE
_stock = partial(stock, group="enterprises", levels=codes.ALL_LEVELS)


def _enterprises(s, p):
    return Enterprise.objects.filter(grid__code__startswith=s.prefix)


def _with_party_org(s, p):
    return _enterprises(s, p).exclude(party_org_status=NONE)


def _work_covered(s, p):
    return _enterprises(s, p).filter(~Q(party_org_status=NONE) | Q(instructor__isnull=False))


FIGURES = (
    _stock(
        "non_public_enterprises",
        _("非公企业"),
        order=120,
        records=_enterprises,
    ),
    _stock(
        "enterprises_with_party_org",
        _("已建党组织企业"),
        order=130,
        records=_with_party_org,
    ),
    _stock(
        "party_building_instructors",
        _("党建指导员"),
        order=140,
        records=lambda s, p: _enterprises(s, p).filter(instructor__isnull=False),
        distinct="instructor_id",
    ),
    Figure(
        "org_coverage_rate",
        _("党的组织覆盖率"),
        FigureKind.RATE,
        levels=codes.ALL_LEVELS,
        group="enterprises",
        order=150,
        periodic=False,
        numerator=_with_party_org,
        denominator=_enterprises,
    ),
    Figure(
        "work_coverage_rate",
        _("党的工作覆盖率"),
        FigureKind.RATE,
        levels=codes.ALL_LEVELS,
        group="enterprises",
        order=160,
        periodic=False,
        numerator=_work_covered,
        denominator=_enterprises,
    ),
    _stock(
        "rider_stations",
        _("红蜂驿站"),
        order=170,
        records=lambda s, p: RiderStation.objects.filter(grid__code__startswith=s.prefix),
    ),
)


def _visits(s, p):
    return InstructorVisit.objects.filter(
        p.q("visited_on"), enterprise__grid__code__startswith=s.prefix
    )


def _foundings(s, p):
    return PartyOrgFounding.objects.filter(
        p.q("founded_on"), enterprise__grid__code__startswith=s.prefix
    )


def _station_days(s, p):
    return StationVisit.objects.filter(p.q("on"), station__grid__code__startswith=s.prefix)


def _riders_served(s, p) -> int:
    return _station_days(s, p).aggregate(n=Sum("riders"))["n"] or 0


_count = partial(Figure, kind=FigureKind.COUNT, levels=codes.ALL_LEVELS, group="enterprises")
WORK = (
    _count(
        key="instructor_visits",
        label=_("指导员走访企业次数"),
        order=175,
        records=_visits,
        help=_("当期党建指导员走访所联系企业的次数"),
    ),
    _count(
        key="enterprises_visited",
        label=_("指导员走访覆盖企业"),
        order=176,
        records=_visits,
        distinct="enterprise_id",
        help=_("当期至少走访一次的企业"),
    ),
    _count(
        key="party_orgs_founded",
        label=_("新建企业党组织"),
        order=177,
        records=_foundings,
        help=_("当期新建立党组织或加入联合党支部的企业"),
    ),
    Figure(
        "station_riders_served",
        _("驿站服务骑手人次"),
        FigureKind.AMOUNT,
        levels=codes.ALL_LEVELS,
        group="enterprises",
        order=178,
        records=_station_days,
        value=_riders_served,
        unit=_("人次"),
        help=_("当期红蜂驿站服务骑手的人次"),
    ),
)


def register() -> None:
    register_all(FIGURES)
    register_all(WORK)
