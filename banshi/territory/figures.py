"""The territory's figures: how many communities, grids, households and commercial outlets a
region holds (stocks, read now whatever the period)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from banshi.core.figures import register_all, stock

from . import codes
from .models import CommercialOutlet, Grid, Household, Region

_stock = partial(stock, group="territory", levels=codes.ALL_LEVELS)

FIGURES = (
    _stock(
        "communities",
        _("社区/村"),
        order=10,
        levels=codes.REGION_LEVELS,
        records=lambda s, p: Region.objects.filter(
            code__startswith=s.prefix, level=codes.COMMUNITY
        ),
    ),
    _stock(
        "grids",
        _("网格"),
        order=20,
        levels=codes.REGION_LEVELS,
        records=lambda s, p: Grid.objects.filter(code__startswith=s.prefix),
    ),
    _stock(
        "households",
        _("户"),
        order=30,
        records=lambda s, p: Household.objects.filter(grid__code__startswith=s.prefix),
    ),
    _stock(
        "commercial_outlets",
        _("商业网点"),
        order=35,
        records=lambda s, p: CommercialOutlet.objects.filter(grid__code__startswith=s.prefix),
    ),
)


def register() -> None:
    register_all(FIGURES)
