"""Grid boundaries (GeoJSON polygons, WGS84) and the point → grid index.

The index is a shapely STRtree over every grid's polygon, with each grid (its community and
street loaded, its boundary deferred) kept beside it. It is rebuilt lazily when the grids'
signature (count and latest update) changes. A save or delete in this process clears it at once
(territory.signals); a change made in another process is seen within SIGNATURE_SECONDS, the
longest the signature check is skipped.
"""

import copy
import math
import threading
import time

from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

# Overlaps smaller than this (in squared degrees, about 1 m²) are rounding, not overlap.
_OVERLAP_TOLERANCE = 1e-10
# The signature query runs at most this often per process (and index).
SIGNATURE_SECONDS = 1.0

_EARTH_M = 6_371_000.0


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def polygon_from_geojson(geojson):
    if not isinstance(geojson, dict) or geojson.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ValidationError(_("边界必须是 GeoJSON Polygon 或 MultiPolygon"))
    rings = geojson.get("coordinates") or []
    if geojson["type"] == "Polygon":
        rings = [rings]
    for polygon in rings:
        for ring in polygon:
            if len(ring) < 4 or list(ring[0]) != list(ring[-1]):
                raise ValidationError(_("边界的环没有闭合（首尾坐标必须相同，至少4个点）"))
            for lng, lat, *_rest in ring:
                if not (-180 <= lng <= 180 and -90 <= lat <= 90):
                    raise ValidationError(
                        _("坐标超出 WGS84 范围：%(lng)s, %(lat)s") % {"lng": lng, "lat": lat}
                    )
    try:
        geom = shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed input
        raise ValidationError(_("边界无法解析：%(err)s") % {"err": exc}) from exc
    if not geom.is_valid:
        raise ValidationError(_("边界自相交或无效：%(why)s") % {"why": explain_validity(geom)})
    return geom


def validate_grid_boundary(geojson, *, community, exclude_pk=None) -> None:
    from .models import Grid

    geom = polygon_from_geojson(geojson)
    others = Grid.objects.filter(community=community).exclude(pk=exclude_pk).exclude(boundary=None)
    for other in others.only("name", "boundary"):
        overlap = geom.intersection(shape(other.boundary)).area
        if overlap > _OVERLAP_TOLERANCE:
            raise ValidationError(_("边界与同社区网格“%(name)s”重叠") % {"name": other.name})


class GridIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signature = None
        self._checked = 0.0  # time.monotonic() of the last signature check
        self._tree = None
        self._ids: list[int] = []
        self._grids: dict = {}

    def _current_signature(self):
        from .models import Grid

        agg = Grid.objects.exclude(boundary=None).aggregate(n=Count("id"), t=Max("updated_at"))
        return (agg["n"], agg["t"])

    def invalidate(self) -> None:
        with self._lock:
            self._signature = None
            self._checked = 0.0

    def _ensure(self) -> None:
        from .models import Grid

        now = time.monotonic()
        if (
            self._tree is not None
            and self._signature is not None
            and now - self._checked < SIGNATURE_SECONDS
        ):
            return
        signature = self._current_signature()
        if signature == self._signature and self._tree is not None:
            self._checked = now
            return
        with self._lock:
            rows = list(Grid.objects.exclude(boundary=None).values_list("id", "boundary"))
            grids = Grid.objects.exclude(boundary=None).defer("boundary")
            self._grids = {g.pk: g for g in grids.select_related("community__parent")}
            self._ids = [pk for pk, _b in rows]
            self._tree = STRtree([shape(b) for _pk, b in rows])
            self._geoms = self._tree.geometries
            self._signature = signature
            self._checked = now

    def grid_id_at(self, lat: float, lng: float) -> int | None:
        self._ensure()
        if not self._ids:
            return None
        point = Point(lng, lat)
        for i in self._tree.query(point, predicate="intersects"):
            return self._ids[int(i)]
        return None

    def grid(self, pk: int):
        """A copy of the grid loaded with the index (community and street loaded, boundary
        deferred), or None."""
        found = self._grids.get(pk)
        return copy.copy(found) if found is not None else None


grid_index = GridIndex()


def _region_changed(**kwargs) -> None:
    # The index keeps each grid's community and street: a region saved here clears it too.
    grid_index.invalidate()


post_save.connect(_region_changed, sender="territory.Region", dispatch_uid="grid_index_region")
post_delete.connect(_region_changed, sender="territory.Region", dispatch_uid="grid_index_region")


def grid_at(lat: float, lng: float):
    """The grid containing the point (its community and street loaded, its boundary deferred),
    or None."""
    from .models import Grid

    pk = grid_index.grid_id_at(lat, lng)
    if not pk:
        return None
    grid = grid_index.grid(pk)
    if grid is None:  # rebuilt in between by another thread: fetch it
        grid = Grid.objects.select_related("community__parent").get(pk=pk)
    return grid
