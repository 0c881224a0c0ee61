"""Figures of party coverage in non-public enterprises (两新组织) and the rider stations.

organization coverage = enterprises with a party organization (their own or a joint branch)
÷ enterprises; work coverage = enterprises with a party organization or an instructor ÷
enterprises. The seed's "党的组织覆盖率44%" is 34 of 76."""

from functools import partial

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind, register_all, stock
from banshi.territory import codes

from .models import Enterprise, RiderStation

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


def register() -> None:
    register_all(FIGURES)
