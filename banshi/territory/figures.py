"""The territory's figures: how many communities, grids, households and commercial outlets a
region holds (stocks, read now whatever the period)."""

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import Figure, FigureKind
from banshi.core.figures import register as register_figure

from . import codes
from .models import CommercialOutlet, Grid, Household, Region

FIGURES = (
    Figure(
        "communities",
        _("社区/村"),
        FigureKind.COUNT,
        levels=codes.REGION_LEVELS,
        group="territory",
        order=10,
        periodic=False,
        records=lambda s, p: Region.objects.filter(
            code__startswith=s.prefix, level=codes.COMMUNITY
        ),
    ),
    Figure(
        "grids",
        _("网格"),
        FigureKind.COUNT,
        levels=codes.REGION_LEVELS,
        group="territory",
        order=20,
        periodic=False,
        records=lambda s, p: Grid.objects.filter(code__startswith=s.prefix),
    ),
    Figure(
        "households",
        _("户"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="territory",
        order=30,
        periodic=False,
        records=lambda s, p: Household.objects.filter(grid__code__startswith=s.prefix),
    ),
    Figure(
        "commercial_outlets",
        _("商业网点"),
        FigureKind.COUNT,
        levels=codes.ALL_LEVELS,
        group="territory",
        order=35,
        periodic=False,
        records=lambda s, p: CommercialOutlet.objects.filter(grid__code__startswith=s.prefix),
    ),
)


def register() -> None:
    for figure in FIGURES:
        register_figure(figure)
