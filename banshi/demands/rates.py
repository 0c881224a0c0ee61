"""The three rates (响应率 / 解决率 / 满意率) and the ranking of units.

For a unit and a month:
- response rate = demands dispatched to it in the month that it signed by their signing
  deadline ÷ demands dispatched to it in the month (`dispatched_at` is the latest dispatch
  to the unit now handling the demand);
- resolution rate = demands whose resolution deadline falls in the month that are resolved
  ÷ demands whose resolution deadline falls in the month;
- satisfaction rate = demands rated in the month "satisfied" or "basically satisfied" ÷
  demands rated in the month (the latest rating counts).
Merged duplicates count nowhere. A territorial unit answers for its whole subtree (a
community for its grids too), so the unit of a demand at a level is a prefix of its
`assigned_code`; a department answers for what is dispatched to it.

Each rate is one aggregate query (period range on an indexed column, GROUP BY the unit,
conditional COUNTs): three queries for a whole ranking, whatever the number of demands. The
same definitions are the registered figures `response_rate`, `resolution_rate` and
`satisfaction_rate` of a region or grid (demands/figures.py): a ranking row and the unit's
figure are one number. Rates are fractions; pages show percentages with one decimal.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banshi.access.models import Department
from banshi.access.scope import restrict
from banshi.core.figures import ratio
from banshi.core.periods import Period, PeriodError
from banshi.territory import codes
from banshi.territory.models import Grid, Region

from . import rollup
from .models import Demand, Level
from .units import PREFIX_LEN, HandlingUnit, UnitError

S = Demand.State
GOOD = (Demand.Rating.SATISFIED, Demand.Rating.BASIC)
LEVELS = (Level.GRID, Level.COMMUNITY, Level.STREET, Level.DISTRICT, Level.DEPARTMENT)
RATE_NAMES = ("response", "resolution", "satisfaction")
# rate → (numerator figure, denominator figure)
RATES = {
    "response_rate": ("responded_in_time", "dispatched"),
    "resolution_rate": ("resolved", "due"),
    "satisfaction_rate": ("satisfied", "rated"),
}

# figure → (the period column, the condition beyond the period)
FIGURES = {
    "dispatched": ("dispatched_at", Q()),
    "responded_in_time": (
        "dispatched_at",
        Q(signed_at__isnull=False, signed_at__lte=F("sign_due")),
    ),
    "due": ("resolve_due", Q()),
    "resolved": ("resolve_due", Q(resolved_at__isnull=False)),
    "rated": ("rated_at", ~Q(rating="")),
    "satisfied": ("rated_at", Q(rating__in=GOOD)),
}
FIGURE_LABELS = {
    "dispatched": gettext_lazy("派单数"),
    "responded_in_time": gettext_lazy("按时签收"),
    "due": gettext_lazy("应办结"),
    "resolved": gettext_lazy("已办结"),
    "rated": gettext_lazy("已评价"),
    "satisfied": gettext_lazy("满意（含基本满意）"),
}
# Which figures each query counts: (period column, [(figure, condition)]).
_QUERIES = [
    ("dispatched_at", ["dispatched", "responded_in_time"]),
    ("resolve_due", ["due", "resolved"]),
    ("rated_at", ["rated", "satisfied"]),
]


def month(period: str) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a month "YYYY-MM" in local time."""
    try:
        return Period.parse(period, allow_year=False).bounds
    except PeriodError as exc:
        raise UnitError(str(exc)) from None


def previous_period(period: str) -> str:
    return Period.parse(period, allow_year=False).previous().key


def current_period() -> str:
    return Period.current_month().key


def figure_q(figure: str, bounds: tuple[datetime.datetime, datetime.datetime]) -> Q:
    try:
        column, condition = FIGURES[figure]
    except KeyError:
        raise UnitError(_("未知的指标：%(f)s") % {"f": figure}) from None
    start, end = bounds
    return Q(**{f"{column}__gte": start, f"{column}__lt": end}) & condition & ~Q(state=S.MERGED)


def unit_q(unit: HandlingUnit) -> Q:
    """The demands a unit answers for."""
    if unit.is_department:
        return Q(assigned_department_id=unit.department_id)
    return Q(assigned_code__startswith=unit.code)


def _weights() -> dict[str, float]:
    """The weights of the composite score, from settings.BANSHI_RATE_WEIGHTS (a dict, or
    three numbers in the order response, resolution, satisfaction)."""
    raw = settings.BANSHI_RATE_WEIGHTS
    if isinstance(raw, list | tuple):
        raw = dict(zip(RATE_NAMES, raw, strict=True))
    return {k: float(raw[k]) for k in RATE_NAMES}


@dataclass
class UnitRates:
    unit: HandlingUnit
    name: str = ""
    dispatched: int = 0
    responded_in_time: int = 0
    due: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    rank: int | None = None

    @staticmethod
    def _ratio(n: int, d: int) -> float | None:
        return n / d if d else None  # exact: the score is computed from it

    @property
    def response_rate(self) -> float | None:
        return self._ratio(self.responded_in_time, self.dispatched)

    @property
    def resolution_rate(self) -> float | None:
        return self._ratio(self.resolved, self.due)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._ratio(self.satisfied, self.rated)

    @property
    def score(self) -> float | None:
        """Weighted mean of the rates it has (0–100); a rate with nothing to count is left
        out and the weights of the others are scaled up."""
        w = _weights()
        parts = [
            (w["response"], self.response_rate),
            (w["resolution"], self.resolution_rate),
            (w["satisfaction"], self.satisfaction_rate),
        ]
        parts = [(weight, r) for weight, r in parts if r is not None and weight > 0]
        total = sum(weight for weight, _r in parts)
        return 100 * sum(weight * r for weight, r in parts) / total if total else None

    def as_dict(self) -> dict:
        """The row as JSON gives it: rates as fractions (4 decimals), the score 0–100."""
        return {
            "rank": self.rank,
            "unit": self.unit.key,
            "name": self.name,
            "dispatched": self.dispatched,
            "responded_in_time": self.responded_in_time,
            "due": self.due,
            "resolved": self.resolved,
            "rated": self.rated,
            "satisfied": self.satisfied,
            "response_rate": ratio(self.responded_in_time, self.dispatched),
            "resolution_rate": ratio(self.resolved, self.due),
            "satisfaction_rate": ratio(self.satisfied, self.rated),
            "score": None if self.score is None else round(self.score, 2),
        }


def _grouped(qs: QuerySet, level: str) -> QuerySet:
    if level == Level.DEPARTMENT:
        return qs.filter(assigned_department__isnull=False).annotate(
            unit=F("assigned_department_id")
        )
    n = PREFIX_LEN[level]
    levels = [lv for lv, length in PREFIX_LEN.items() if length >= n]
    return qs.filter(assigned_level__in=levels).annotate(unit=Substr("assigned_code", 1, n))


def unit_rates(
    *,
    level: str,
    period: str,
    user=None,
    region: Region | None = None,
    queryset: QuerySet | None = None,
    peers: list[HandlingUnit] = (),
) -> list[UnitRates]:
    """Every unit at `level` with a figure in the month, and every one of `peers` (listed
    with nothing to count if it has none), ranked by composite score: equal scores share a
    rank (1, 2, 2, 4), a unit with nothing to count has none. With a user, only the demands
    in their scope count (the official figures take none); with a region, only its
    subtree."""
    if level not in LEVELS:
        raise UnitError(
            _("层级应为 %(levels)s 之一：%(l)s") % {"levels": "、".join(LEVELS), "l": level}
        )
    bounds = month(period)
    official = user is None and queryset is None
    in_months = rollup.months(*bounds) if official and rollup.enabled() else None
    if in_months is not None and not (region is not None and level == Level.DEPARTMENT):
        found = rollup.unit_counts(
            level=level, months=in_months, prefix=region.prefix if region is not None else ""
        )
    else:
        found = _counted(level, bounds, user=user, region=region, queryset=queryset)
    for unit in peers:
        found.setdefault(unit.department_id if unit.is_department else unit.code, {})
    result = []
    for key, counts in found.items():
        unit = (
            HandlingUnit.of_department(key)
            if level == Level.DEPARTMENT
            else HandlingUnit(level, code=key)
        )
        result.append(UnitRates(unit=unit, **counts))
    _name(result, level)
    return assign_ranks(result)


def _counted(level: str, bounds, *, user, region, queryset) -> dict:
    """unit key → counts, counted from the demands (three aggregate queries)."""
    base = queryset if queryset is not None else Demand.objects.all()
    if user is not None:
        base = restrict(base, user)
    if region is not None:
        if level == Level.DEPARTMENT:
            base = base.filter(territory_code__startswith=region.prefix)
        else:
            base = base.filter(assigned_code__startswith=region.prefix)
    base = base.exclude(state=S.MERGED)
    found: dict = {}
    for column, figures in _QUERIES:
        start, end = bounds
        qs = _grouped(base.filter(**{f"{column}__gte": start, f"{column}__lt": end}), level)
        counts = {f: Count("pk", filter=FIGURES[f][1]) for f in figures}
        for row in qs.order_by().values("unit").annotate(**counts):
            entry = found.setdefault(row["unit"], {})
            for f in figures:
                entry[f] = row[f]
    return found


def assign_ranks(rows: list[UnitRates]) -> list[UnitRates]:
    """`rows` sorted by score and ranked: equal scores (as the page shows them, to two
    decimals) share a rank (1, 2, 2, 4); a row with nothing to count has none."""
    rows.sort(key=lambda r: (-(r.score if r.score is not None else -1), r.name, r.unit.key))
    previous = None
    for i, r in enumerate(rows, start=1):
        if r.score is None:
            r.rank = None
            continue
        shown = round(r.score, 2)
        if shown != previous:
            r.rank, previous = i, shown
        else:
            r.rank = rows[i - 2].rank
    return rows


def _name(rows: list[UnitRates], level: str) -> None:
    if level == Level.DEPARTMENT:
        names = dict(
            Department.objects.filter(pk__in=[r.unit.department_id for r in rows]).values_list(
                "pk", "name"
            )
        )
        for r in rows:
            r.name = names.get(r.unit.department_id, r.unit.key)
        return
    if level == Level.GRID:
        names = dict(
            Grid.objects.filter(code__in=[r.unit.code for r in rows]).values_list("code", "name")
        )
    else:
        padded = {codes.padded(r.unit.code): r.unit.code for r in rows}
        names = {
            padded[c]: n
            for c, n in Region.objects.filter(code__in=list(padded)).values_list("code", "name")
        }
    for r in rows:
        r.name = names.get(r.unit.code, r.unit.key)


def unit_figures(*, unit: HandlingUnit, period: str, user=None) -> UnitRates:
    """The figures of one unit (its page, tests)."""
    bounds = month(period)
    in_months = rollup.months(*bounds) if user is None and rollup.enabled() else None
    if in_months is not None:
        if unit.is_department:
            counts = rollup.department_counts(department_id=unit.department_id, months=in_months)
        else:
            counts = rollup.code_counts(prefix=unit.code, months=in_months)
        return UnitRates(unit=unit, name=unit.name, **counts)
    base = Demand.objects.filter(unit_q(unit))
    if user is not None:
        base = restrict(base, user)
    counts = base.aggregate(**{f: Count("pk", filter=figure_q(f, bounds)) for f in FIGURES})
    return UnitRates(unit=unit, name=unit.name, **counts)
