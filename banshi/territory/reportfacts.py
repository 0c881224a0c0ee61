"""The standard a work report may set for a region's grids, for the work-report checker
(`banshi.core.reportfacts`): households per grid ("按照每网格300-500户划分标准"), checked
over every grid of the region with its household count. The report's words are matched
here, so they are written as reports write them."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from banshi.core.reportfacts import Member, Standard

from .models import Grid


def grid_households(region) -> list[Member]:
    """Every grid of the region with its households, in one query (unscoped: the region's
    own standard)."""
    grids = (
        Grid.objects.filter(code__startswith=region.prefix)
        .annotate(n=Count("households"))
        .order_by("code")
        .values_list("name", "code", "n")
    )
    return [
        Member(name=name, code=code, value=n, url=reverse("grid_detail", args=[code]))
        for name, code, n in grids
    ]


def grids_url(region) -> str:
    """The region's grids, each opening its households (the figure `grids`' records)."""
    return reverse("figure_detail", args=[region.code, "grids"])


HOUSEHOLDS_PER_GRID = Standard(
    key="territory.households_per_grid",
    label=_("每网格户数"),
    subjects=frozenset({"户", "住户", "居民户"}),
    per=frozenset({"网格"}),
    members=grid_households,
    url=grids_url,
)
