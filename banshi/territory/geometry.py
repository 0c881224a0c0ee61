"""Plane geometry of the territory, free of the database: GeoJSON polygons (WGS84) parsed
and validated with shapely, overlap between boundaries, great-circle distance. The point →
grid index, which reads the grids, is `grid_index.py`."""

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.validation import explain_validity

# Overlaps smaller than this (in squared degrees, about 1 m²) are rounding, not overlap.
_OVERLAP_TOLERANCE = 1e-10

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


def first_overlap(geom, others) -> str | None:
    """The name of the first of `others` ((name, GeoJSON) pairs) that overlaps `geom` by more
    than rounding, or None."""
    for name, boundary in others:
        if geom.intersection(shape(boundary)).area > _OVERLAP_TOLERANCE:
            return name
    return None
