"""Likely duplicates: the same category, within 100 m and 7 days, and similar text (the
better of difflib's ratio and the Jaccard index of character bigrams, at least 0.5).

The pool is read on the index made for it (demand_near_idx: category, then latitude, then
longitude, migration 0008): the 200 m band of latitude of one category holds a few rows
where a week of the category holds thousands."""

import datetime
import difflib
import math
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet

from banshi.territory.geometry import distance_m

from .models import Demand

RADIUS_M = 100.0
WINDOW = datetime.timedelta(days=7)
THRESHOLD = 0.5
MAX_POOL = 500
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Candidate:
    pk: int
    distance_m: float
    similarity: float
    # The demand, read when first asked for (intake needs only the ids: no query for it).
    _loaded: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def demand(self) -> Demand:
        if "demand" not in self._loaded:
            self._loaded["demand"] = Demand.objects.select_related("category").get(pk=self.pk)
        return self._loaded["demand"]


def normalize(text: str) -> str:
    return _NOISE.sub("", (text or "").lower())


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


def similarity(a: str, b: str) -> float:
    a, b = normalize(a), normalize(b)
    if not a or not b:
        return 0.0
    ba, bb = bigrams(a), bigrams(b)
    jaccard = len(ba & bb) / len(ba | bb)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return max(jaccard, ratio)


def duplicate_candidates(
    *,
    category_id: int,
    lat: float | None,
    lng: float | None,
    description: str,
    at: datetime.datetime,
    exclude_pk: int | None = None,
    queryset: QuerySet | None = None,
    load: bool = True,
) -> list[Candidate]:
    """Demands that are likely the same matter, most similar first. `queryset` limits the
    pool (a scoped selector passes the user's demands); `load=False` leaves each
    candidate's demand to be read when asked for."""
    if lat is None or lng is None:
        return []
    dlat = RADIUS_M / 111_320.0
    dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
    low, high = at - WINDOW, at + WINDOW
    if queryset is None:
        rows = _pool_rows(category_id, low, high, lat, dlat, lng, dlng, exclude_pk)
    else:
        pool = queryset.filter(
            category_id=category_id,
            received_at__gte=low,
            received_at__lte=high,
            lat__range=(lat - dlat, lat + dlat),
            lng__range=(lng - dlng, lng + dlng),
        ).exclude(state=Demand.State.MERGED)
        if exclude_pk is not None:
            pool = pool.exclude(pk=exclude_pk)
        rows = pool.order_by("-received_at", "-id").values_list("pk", "lat", "lng", "description")[
            :MAX_POOL
        ]
    scored = {}
    for pk, other_lat, other_lng, other_description in rows:
        d = distance_m(lat, lng, other_lat, other_lng)
        if d > RADIUS_M:
            continue
        s = similarity(description, other_description)
        if s >= THRESHOLD:
            scored[pk] = (round(d, 1), round(s, 3))
    found = [Candidate(pk, *scored[pk]) for pk in scored]
    if load and found:
        demands = Demand.objects.select_related("category").in_bulk(list(scored))
        found = [c for c in found if c.pk in demands]
        for c in found:
            c._loaded["demand"] = demands[c.pk]
    found.sort(key=lambda c: (-c.similarity, c.distance_m))
    return found


_POOL_SQL: dict[str, str] = {}


def _pool_rows(category_id, low, high, lat, dlat, lng, dlng, exclude_pk) -> list[tuple]:
    """The unscoped pool (intake: every demand counts), as one indexed query (demand_near_idx:
    category, lat, lng) whose SQL is built once per database vendor — intake runs it for
    every demand, and compiling the ORM query cost more than running it. Same rows, same
    order as the scoped ORM path above."""
    sql = _POOL_SQL.get(connection.vendor)
    if sql is None:
        q = connection.ops.quote_name
        c = {
            name: q(Demand._meta.get_field(name).column)
            for name in ("id", "lat", "lng", "description", "category", "received_at", "state")
        }
        sql = (
            f"SELECT {c['id']}, {c['lat']}, {c['lng']}, {c['description']} "
            f"FROM {q(Demand._meta.db_table)} "
            f"WHERE {c['category']} = %s AND {c['received_at']} >= %s "
            f"AND {c['received_at']} <= %s AND {c['lat']} BETWEEN %s AND %s "
            f"AND {c['lng']} BETWEEN %s AND %s AND {c['state']} <> %s AND {c['id']} <> %s "
            f"ORDER BY {c['received_at']} DESC, {c['id']} DESC LIMIT {MAX_POOL}"
        )
        _POOL_SQL[connection.vendor] = sql
    when = Demand._meta.get_field("received_at")
    params = [
        category_id,
        when.get_db_prep_value(low, connection),
        when.get_db_prep_value(high, connection),
        lat - dlat,
        lat + dlat,
        lng - dlng,
        lng + dlng,
        Demand.State.MERGED.value,
        exclude_pk if exclude_pk is not None else -1,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def candidates_for(
    demand: Demand, *, queryset: QuerySet | None = None, load: bool = True
) -> list[Candidate]:
    return duplicate_candidates(
        category_id=demand.category_id,
        lat=demand.lat,
        lng=demand.lng,
        description=demand.description,
        at=demand.received_at,
        exclude_pk=demand.pk,
        queryset=queryset,
        load=load,
    )
