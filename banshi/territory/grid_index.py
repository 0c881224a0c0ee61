"""The point → grid index: a shapely STRtree over every grid's polygon, with each grid (its
community and street loaded, its boundary deferred) kept beside it. It is rebuilt lazily when
the grids' signature (count and latest update) changes. A save or delete in this process
clears it at once (territory.signals); a change made in another process is seen within
SIGNATURE_SECONDS, the longest the signature check is skipped.
"""

import copy
import threading
import time

from django.db.models import Count, Max
from shapely import STRtree
from shapely.geometry import Point, shape

from .models import Grid

# The signature query runs at most this often per process (and index).
SIGNATURE_SECONDS = 1.0


class GridIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signature = None
        self._checked = 0.0  # time.monotonic() of the last signature check
        self._tree = None
        self._ids: list[int] = []
        self._grids: dict = {}

    def _current_signature(self):

        agg = Grid.objects.exclude(boundary=None).aggregate(n=Count("id"), t=Max("updated_at"))
        return (agg["n"], agg["t"])

    def invalidate(self) -> None:
        with self._lock:
            self._signature = None
            self._checked = 0.0

    def _ensure(self) -> None:

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


def grid_at(lat: float, lng: float):
    """The grid containing the point (its community and street loaded, its boundary deferred),
    or None."""

    pk = grid_index.grid_id_at(lat, lng)
    if not pk:
        return None
    grid = grid_index.grid(pk)
    if grid is None:  # rebuilt in between by another thread: fetch it
        grid = Grid.objects.select_related("community__parent").get(pk=pk)
    return grid
