"""Reads of residents and roles, always through the user's scope."""

import datetime
import re

from django.db.models import Q, QuerySet

from banshi.access.scope import restrict

from .identity import name_pinyin
from .models import Resident

_LATIN = re.compile(r"^[a-zA-Z]+$")


def resident_list(*, user, search: str = "", region=None, grid=None) -> QuerySet[Resident]:
    qs = restrict(Resident.objects.select_related("grid", "household"), user)
    if region is not None:
        qs = qs.filter(grid__code__startswith=region.prefix)
    if grid is not None:
        qs = qs.filter(grid=grid)
    search = (search or "").strip()
    if search:
        qs = qs.filter(resident_search_q(search))
    return qs


def resident_search_q(term: str) -> Q:
    """Name in characters, full pinyin (prefix), or pinyin initials (prefix)."""
    if _LATIN.match(term):
        t = term.lower()
        return Q(name_pinyin__startswith=t) | Q(name_initials__startswith=t)
    full, _initials = name_pinyin(term)
    q = Q(name__startswith=term)
    if full and not any("\u4e00" <= c <= "\u9fff" for c in term):
        q |= Q(name_pinyin__startswith=full)
    return q


def resident_get(*, user, pk: int) -> Resident:
    """The resident if in the user's scope; Resident.DoesNotExist otherwise (→ 404)."""
    return resident_list(user=user).get(pk=pk)


def active_roles(*, on: datetime.date | None = None) -> Q:
    on = on or datetime.date.today()
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))
