"""Figures of the four-level organization in a region: grid branches, building groups,
party member center households, party members."""

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind
from banshi.core.figures import register as register_figure
from banshi.territory import codes

from .models import CenterHousehold, PartyMember, PartyOrganization

Org = PartyOrganization.Kind


def _organizations(kind):
    return lambda s, p: PartyOrganization.objects.filter(
        kind=kind, territory_code__startswith=s.prefix
    )


FIGURES = (
    Figure(
        "grid_party_branches",
        _("网格党支部"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="organizations",
        order=80,
        periodic=False,
        records=_organizations(Org.GRID_BRANCH),
    ),
    Figure(
        "building_party_groups",
        _("楼栋党小组"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="organizations",
        order=90,
        periodic=False,
        records=_organizations(Org.BUILDING_GROUP),
    ),
    Figure(
        "party_member_center_households",
        _("党员中心户"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="organizations",
        order=100,
        periodic=False,
        records=lambda s, p: CenterHousehold.objects.filter(
            household__grid__code__startswith=s.prefix
        ),
    ),
    Figure(
        "party_members",
        _("党员"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="organizations",
        order=110,
        periodic=False,
        records=lambda s, p: PartyMember.objects.filter(
            organization__territory_code__startswith=s.prefix
        ),
    ),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
