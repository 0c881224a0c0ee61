"""Grid polygons for the demo (GeoJSON, WGS84, [lng, lat]).

大学东路街道 is a rectangle around 大学东路 cut into one vertical strip per community (width
in proportion to its grids), each strip cut into two columns of cells with jittered row
lines. Neighbouring cells share their edges exactly (coordinates are rounded once and
reused), so the cells tile the street without overlap."""

import math
import random
from dataclasses import dataclass

STREET_BOX = (111.690, 40.800, 111.740, 40.830)  # lng0, lat0, lng1, lat1
# 清水河县城关镇 lies around the county seat, south of the Yellow River bend.
TOWN_BOX = (111.600, 39.880, 111.750, 39.930)


@dataclass(frozen=True)
class Cell:
    lng0: float
    lat0: float
    lng1: float
    lat1: float

    def geojson(self) -> dict:
        ring = [
            [self.lng0, self.lat0],
            [self.lng1, self.lat0],
            [self.lng1, self.lat1],
            [self.lng0, self.lat1],
            [self.lng0, self.lat0],
        ]
        return {"type": "Polygon", "coordinates": [ring]}

    def point(self, rng: random.Random, margin: float = 0.12) -> tuple[float, float]:
        """A (lat, lng) point well inside the cell."""
        w, h = self.lng1 - self.lng0, self.lat1 - self.lat0
        lng = self.lng0 + w * (margin + (1 - 2 * margin) * rng.random())
        lat = self.lat0 + h * (margin + (1 - 2 * margin) * rng.random())
        return round(lat, 6), round(lng, 6)


def _r(x: float) -> float:
    return round(x, 6)


def _cuts(rng: random.Random, lo: float, hi: float, parts: int, jitter: float) -> list[float]:
    step = (hi - lo) / parts
    inner = [lo + step * k + step * jitter * (2 * rng.random() - 1) for k in range(1, parts)]
    return [_r(lo)] + [_r(x) for x in inner] + [_r(hi)]


def strip_cells(rng: random.Random, box, n: int) -> list[Cell]:
    """`n` cells filling `box`: two columns, rows from south to north; with an odd `n` the
    northernmost row is one cell across both columns."""
    lng0, lat0, lng1, lat1 = box
    rows = math.ceil(n / 2)
    ys = _cuts(rng, lat0, lat1, rows, 0.2)
    xs = _cuts(rng, lng0, lng1, 2, 0.15)
    cells = []
    for row in range(rows):
        if row == rows - 1 and n % 2:
            cells.append(Cell(xs[0], ys[row], xs[2], ys[row + 1]))
        else:
            cells.append(Cell(xs[0], ys[row], xs[1], ys[row + 1]))
            cells.append(Cell(xs[1], ys[row], xs[2], ys[row + 1]))
    return cells


def street_cells(rng: random.Random, grid_counts: list[int]) -> list[list[Cell]]:
    """Cells of each community, strips from west to east."""
    lng0, lat0, lng1, lat1 = STREET_BOX
    total = sum(grid_counts)
    edges = [lng0]
    for n in grid_counts[:-1]:
        edges.append(edges[-1] + (lng1 - lng0) * n / total)
    edges.append(lng1)
    edges = [_r(x) for x in edges]
    return [
        strip_cells(rng, (edges[i], lat0, edges[i + 1], lat1), n) for i, n in enumerate(grid_counts)
    ]


def town_cells(n: int) -> list[Cell]:
    """One cell per village, in a 5-column block around the county seat."""
    lng0, lat0, lng1, lat1 = TOWN_BOX
    cols = 5
    rows = math.ceil(n / cols)
    w, h = (lng1 - lng0) / cols, (lat1 - lat0) / rows
    return [
        Cell(
            _r(lng0 + (i % cols) * w),
            _r(lat0 + (i // cols) * h),
            _r(lng0 + (i % cols + 1) * w),
            _r(lat0 + (i // cols + 1) * h),
        )
        for i in range(n)
    ]
