"""The coloured maps: a region's (or grid's) grids coloured by a figure the viewer picks, with
the communities' and streets' outlines and the period's demands as points, and the grids
around a user for the demand form's pin.

The values are the official figures (computed per grid from the registry, the same for
whoever looks); the demand points are the viewer's (through `demand_list`). Value, class and
colour are decided here, so the page only draws what it is given. An ended period's values
are cached per (subject, figure, period): they no longer change.
"""

import math
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from banshi.access.scope import scope_for
from banshi.core import figures
from banshi.core.figures import Figure, FigureKind
from banshi.core.periods import Period, PeriodError
from banshi.demands.models import Demand
from banshi.demands.selectors import demand_list
from banshi.territory import codes
from banshi.territory.models import Grid, Region
from banshi.territory.selectors import grid_list, household_list

from .selectors import requested_period, subject_get

DEFAULT_FIGURE = "visit_coverage_rate"
CACHE_SECONDS = 6 * 3600
# Sequential scale, light to dark; labels sit on their own white box, so any fill is legible.
COLOURS = ("#fff3c4", "#fdd17a", "#f79a4b", "#dd5a2b", "#a3241b")
NO_DATA = "#d6d6d6"
RATE_BREAKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
MAX_POINTS = 2000  # demand points drawn at most (newest first)

_OVERDUE = Q(dispatch_overdue=True) | Q(sign_overdue=True) | Q(resolve_overdue=True)


def _overdue_records(subject, period):
    return Demand.objects.filter(
        _OVERDUE, period.q("received_at"), territory_code__startswith=subject.prefix
    )


# Overdue demands: not (yet) a registered figure, so the map defines it from the records
# (the demands received in the period, in the grid, that ran past any stage's deadline).
OVERDUE = Figure(
    "overdue_demands",
    gettext_lazy("超时诉求"),
    FigureKind.COUNT,
    levels=codes.ALL_LEVELS,
    group="demands",
    order=205,
    records=_overdue_records,
    help=gettext_lazy("当期受理、任一环节超过时限的诉求"),
)
PER_1000 = "demands_per_1000_residents"


@dataclass(frozen=True)
class Measure:
    """What the map can be coloured by: a registered figure, or one derived from records."""

    key: str
    label: str
    kind: str  # a FigureKind
    records_key: str  # the registered figure whose records a grid's popup opens

    def value(self, grid, period: Period):
        if self.key == PER_1000:
            got = figures.compute(grid, period, keys=["demands_received", "residents"])
            if not got["residents"]:
                return None
            return round(got["demands_received"] * 1000 / got["residents"], 1)
        if self.key == OVERDUE.key and not _registered(OVERDUE.key):
            return OVERDUE.compute(grid, period)
        return figures.compute(grid, period, keys=[self.key])[self.key]

    def text(self, value) -> str:
        if value is None:
            return "—"
        if self.kind == FigureKind.RATE:
            return figures.as_percent(value)
        if isinstance(value, float):
            return f"{value:,.1f}"
        return f"{value:,}"


def _registered(key: str) -> bool:
    try:
        figures.get(key)
    except KeyError:
        return False
    return True


def measures() -> dict[str, Measure]:
    """Every registered figure a grid has (those of a region's overview), then the derived."""
    found = {
        f.key: Measure(f.key, str(f.label), str(f.kind), f.key)
        for f in figures.all_figures(level=codes.GRID)
        if not f.detail
    }
    if OVERDUE.key not in found:
        found[OVERDUE.key] = Measure(
            OVERDUE.key, str(OVERDUE.label), str(OVERDUE.kind), "demands_received"
        )
    found[PER_1000] = Measure(
        PER_1000, _("每千名居民诉求数"), str(FigureKind.AMOUNT), "demands_received"
    )
    return found


# --- classes -------------------------------------------------------------------------------


def _nice_step(top: float, classes: int) -> float:
    raw = top / classes
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def breaks_for(measure: Measure, values: list) -> tuple[float, ...]:
    """Class boundaries: fixed fifths for a rate; otherwise equal, round steps from 0 to the
    largest value (whole numbers for a count), at most five classes."""
    if measure.kind == FigureKind.RATE:
        return RATE_BREAKS
    top = max((v for v in values if v is not None), default=0) or 0
    if top <= 0:
        return (0, 1)
    classes = len(COLOURS)
    if measure.kind == FigureKind.COUNT and top < classes:
        return tuple(range(0, int(top) + 2))
    step = _nice_step(top, classes)
    if measure.kind == FigureKind.COUNT:
        step = max(1, math.ceil(step))
    # The last class is closed above, so the largest value may sit on the last boundary.
    n = max(1, math.ceil(top / step - 1e-9))
    return tuple(round(i * step, 6) for i in range(n + 1))


def class_of(value, breaks) -> int | None:
    """The class index of a value: [b_i, b_i+1), the last class closed above; None for none."""
    if value is None:
        return None
    last = len(breaks) - 2
    for i in range(last + 1):
        if value < breaks[i + 1]:
            return i
    return last


def _colours(n: int) -> tuple[str, ...]:
    if n >= len(COLOURS):
        return COLOURS[:n]
    # Spread fewer classes over the whole scale, keeping its ends.
    if n == 1:  # one class (every value the same, or none): the lightest
        return (COLOURS[0],)
    return tuple(COLOURS[round(i * (len(COLOURS) - 1) / (n - 1))] for i in range(n))


def legend(measure: Measure, breaks) -> list[dict]:
    colours = _colours(len(breaks) - 1)
    rows = []
    for i, colour in enumerate(colours):
        low, high = breaks[i], breaks[i + 1]
        if measure.kind == FigureKind.COUNT and high - low == 1:
            text = f"{low:,}"
        else:
            text = f"{measure.text(low)} – {measure.text(high)}"
        rows.append({"class": i, "colour": colour, "from": low, "to": high, "label": text})
    rows.append({"class": None, "colour": NO_DATA, "from": None, "to": None, "label": _("无数据")})
    return rows


# --- values --------------------------------------------------------------------------------


def _ended(period: Period) -> bool:
    return period.end <= timezone.now()


def grid_values(subject, grids, measure: Measure, period: Period) -> dict[str, object]:
    """grid code → value (the official figure of each grid), cached once the period ended."""
    name = f"banshi:map:{subject.code}:{measure.key}:{period.key}:{len(grids)}"
    ended = _ended(period)
    if ended:
        found = cache.get(name)
        if found is not None and set(found) == {g.code for g in grids}:
            return found
    found = {g.code: measure.value(g, period) for g in grids}
    if ended:
        cache.set(name, found, CACHE_SECONDS)
    return found


def _outlines(grids, kind: str, key) -> list[dict]:
    """The union of the grids' polygons per community (or street), as outline features."""
    groups: dict[str, list] = {}
    names: dict[str, str] = {}
    for g in grids:
        region = key(g)
        if region is None:
            continue
        groups.setdefault(region.code, []).append(shape(g.boundary))
        names[region.code] = region.name
    return [
        {
            "type": "Feature",
            "geometry": mapping(unary_union(polygons)),
            "properties": {"kind": kind, "code": code, "name": names[code]},
        }
        for code, polygons in groups.items()
    ]


def _grid_feature(grid, value, index, colours, measure, records_url) -> dict:
    return {
        "type": "Feature",
        "geometry": grid.boundary,
        "properties": {
            "kind": "grid",
            "code": grid.code,
            "name": grid.name,
            # On the map the community's outline already names it: "第一网格" suffices.
            "label": grid.name.removeprefix(grid.community.name) or grid.name,
            "value": value,
            "text": measure.text(value),
            "class": index,
            "colour": NO_DATA if index is None else colours[index],
            "url": reverse("grid_detail", args=[grid.code]),
            "records": records_url,
        },
    }


def _demand_points(user, subject, period: Period) -> list[dict]:
    qs = (
        demand_list(user=user)
        .filter(
            period.q("received_at"),
            territory_code__startswith=subject.prefix,
            lat__isnull=False,
            lng__isnull=False,
        )
        .order_by("-received_at")
        .values("pk", "lat", "lng", "tracking_code", "state", "category__name")[:MAX_POINTS]
    )
    states = dict(Demand.State.choices)
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [d["lng"], d["lat"]]},
            "properties": {
                "kind": "demand",
                "pk": d["pk"],
                "name": _(d["category__name"]) if d["category__name"] else d["tracking_code"],
                "state": str(states.get(d["state"], d["state"])),
                "url": reverse("demands:detail", args=[d["pk"]]),
            },
        }
        for d in qs
    ]


def region_map(*, user, subject, measure: Measure, period: Period) -> dict:
    """The map of a region or grid: its grids coloured by `measure`, the outlines of the
    communities (and, above a street, the streets) and the period's demands the user may see."""
    region = subject if isinstance(subject, Region) else None
    grids_qs = (
        grid_list(user=user, region=region).select_related("community__parent")
        if region is not None
        else grid_list(user=user).filter(pk=subject.pk).select_related("community__parent")
    )
    grids = list(grids_qs.filter(boundary__isnull=False).order_by("code"))
    values = grid_values(subject, grids, measure, period)
    breaks = breaks_for(measure, list(values.values()))
    colours = _colours(len(breaks) - 1)
    records = figures.get(measure.records_key)
    features = [
        _grid_feature(
            g,
            values[g.code],
            class_of(values[g.code], breaks),
            colours,
            measure,
            figures.drill_down_url(records, g.code, period),
        )
        for g in grids
    ]
    if region is not None and region.level < codes.COMMUNITY:
        features += _outlines(grids, "community", lambda g: g.community)
    if region is not None and region.level < codes.STREET:
        features += _outlines(grids, "street", lambda g: g.community.parent)
    features += _demand_points(user, subject, period)
    return {
        "type": "FeatureCollection",
        "features": features,
        "figure": {
            "key": measure.key,
            "label": measure.label,
            "kind": measure.kind,
            # what a grid's popup opens: the records of this registered figure
            "records_label": str(records.label),
        },
        "period": period.key,
        "legend": legend(measure, breaks),
        "figures": [{"key": m.key, "label": m.label} for m in measures().values()],
    }


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _geojson(data: dict) -> JsonResponse:
    return JsonResponse(
        data, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False}
    )


@login_required
@require_GET
def region_map_geojson(request, code):
    """`?figure=<key>&period=YYYY-MM`: the coloured map of a region or grid."""
    try:
        subject = subject_get(user=request.user, code=code)
    except LookupError:
        return _error(_("没有找到该区划或网格"), 404)
    key = (request.GET.get("figure") or DEFAULT_FIGURE).strip()
    measure = measures().get(key)
    if measure is None:
        return _error(_("未知的指标：%(key)s") % {"key": key[:40]})
    try:
        period = requested_period(request.GET.get("period"))
    except PeriodError as exc:
        return _error(str(exc))
    return _geojson(region_map(user=request.user, subject=subject, measure=measure, period=period))


# --- the demand form's background ------------------------------------------------------------


def area_grids(*, user):
    """The grids drawn under the demand form's pin: those of the user's territory; for a
    resident, the grids of the street around their home; for anyone else, every grid.

    A resident's scope holds no grid, so the street's grids are read unscoped here: only
    their boundaries and names leave, the same places the public intake routes every point
    by (`grid_index`), nothing recorded about anyone."""
    scope = scope_for(user)
    if scope.prefixes and not scope.everything:
        return grid_list(user=user)
    homes = {
        h.grid.code[: codes.PREFIX_LEN[codes.STREET]]
        for h in household_list(user=user).filter(pk__in=scope.household_ids)
    }
    qs = Grid.objects.all()
    if homes:
        q = Q()
        for prefix in homes:
            q |= Q(code__startswith=prefix)
        qs = qs.filter(q)
    return qs


@login_required
@require_GET
def area_geojson(request):
    """The polygons of the grids around the user (for the demand form's map)."""
    grids = area_grids(user=request.user).filter(boundary__isnull=False).order_by("code")
    return _geojson(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": g["boundary"],
                    "properties": {"kind": "grid", "code": g["code"], "name": g["name"]},
                }
                for g in grids.values("code", "name", "boundary")
            ],
        }
    )
