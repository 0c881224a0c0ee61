"""Figures of the four-level organization in a region: grid branches, building groups,
party member center households, party members."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import register_all, stock
from banshi.territory import codes

from .models import CenterHousehold, PartyMember, PartyOrganization

Org = PartyOrganization.Kind
_stock = partial(stock, group="organizations", levels=codes.ALL_LEVELS)


def _organizations(kind):
    return lambda s, p: PartyOrganization.objects.filter(
        kind=kind, territory_code__startswith=s.prefix
    )


FIGURES = (
    _stock(
        "grid_party_branches", _("网格党支部"), order=80, records=_organizations(Org.GRID_BRANCH)
    ),
    _stock(
        "building_party_groups",
        _("楼栋党小组"),
        order=90,
        records=_organizations(Org.BUILDING_GROUP),
    ),
    _stock(
        "party_member_center_households",
        _("党员中心户"),
        order=100,
        records=lambda s, p: CenterHousehold.objects.filter(
            household__grid__code__startswith=s.prefix
        ),
    ),
    _stock(
        "party_members",
        _("党员"),
        order=110,
        records=lambda s, p: PartyMember.objects.filter(
            organization__territory_code__startswith=s.prefix
        ),
    ),
)


def register() -> None:
    register_all(FIGURES)
