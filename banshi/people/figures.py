"""Figures of the people in a region: residents, and the building and unit heads (people
counted once however many buildings or units they head)."""

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind
from banshi.core.figures import register as register_figure
from banshi.territory import codes

from .models import PlaceRole, Resident
from .selectors import active_roles


def _roles(role):
    return lambda s, p: PlaceRole.objects.filter(
        active_roles(), role=role, grid__code__startswith=s.prefix
    )


FIGURES = (
    Figure(
        "residents",
        _("居民"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="people",
        order=40,
        periodic=False,
        records=lambda s, p: Resident.objects.filter(grid__code__startswith=s.prefix),
    ),
    Figure(
        "building_heads",
        _("楼栋长"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="people",
        order=60,
        periodic=False,
        records=_roles(PlaceRole.Role.BUILDING_HEAD),
        distinct="resident_id",
    ),
    Figure(
        "unit_heads",
        _("单元长"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="people",
        order=70,
        periodic=False,
        records=_roles(PlaceRole.Role.UNIT_HEAD),
        distinct="resident_id",
    ),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
