"""The standard a work report may set for a region's villages, for the work-report checker
(`banshi.core.reportfacts`): reserve candidates per village ("确保每村都有3-5名可进班子的
后备人选"), checked over every village of the region with the candidates in its pool,
counted as the figures `villages_reserve_short` and `villages_reserve_full` count them.
The report's words are matched here, so they are written as reports write them."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from banshi.core.reportfacts import Member, Standard

from .models import ReserveCadre
from .selectors import villages_under


def village_pools(region) -> list[Member]:
    """Every village of the region with its candidates in the pool, in one query
    (unscoped: the region's own standard)."""
    in_pool = Q(reserve_cadres__status=ReserveCadre.Status.IN_POOL)
    villages = (
        villages_under(region.prefix)
        .annotate(pool=Count("reserve_cadres", filter=in_pool))
        .order_by("code")
        .values_list("name", "code", "pool")
    )
    return [
        Member(name=name, code=code, value=pool, url=reverse("villages:village", args=[code]))
        for name, code, pool in villages
    ]


def pools_url(region) -> str:
    """The region's reserve gap: every village's pool, those short or over marked."""
    return reverse("villages:region", args=[region.code]) + "#gap"


RESERVE_PER_VILLAGE = Standard(
    key="villages.reserve_per_village",
    label=_("每村后备人选"),
    subjects=frozenset({"后备人选", "后备力量", "后备干部", "村级后备力量", "村“两委”后备人选"}),
    per=frozenset({"村", "行政村"}),
    members=village_pools,
    url=pools_url,
)
