"""Figures of the people in a region: residents, and the building and unit heads (people
counted once however many buildings or units they head)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import register_all, stock
from banshi.territory import codes

from .models import PlaceRole, Resident
from .selectors import active_roles

_stock = partial(stock, group="people", levels=codes.ALL_LEVELS)


def _roles(role):
    return lambda s, p: PlaceRole.objects.filter(
        active_roles(), role=role, grid__code__startswith=s.prefix
    )


FIGURES = (
    _stock(
        "residents",
        _("居民"),
        order=40,
        records=lambda s, p: Resident.objects.filter(grid__code__startswith=s.prefix),
    ),
    _stock(
        "building_heads",
        _("楼栋长"),
        order=60,
        records=_roles(PlaceRole.Role.BUILDING_HEAD),
        distinct="resident_id",
    ),
    _stock(
        "unit_heads",
        _("单元长"),
        order=70,
        records=_roles(PlaceRole.Role.UNIT_HEAD),
        distinct="resident_id",
    ),
)


def register() -> None:
    register_all(FIGURES)
