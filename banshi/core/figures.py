"""The figure registry: every number Banshi reports, registered by the app whose records it
counts (in its `AppConfig.ready()`), and computed from those records.

A figure has a key, a label, a kind (count, rate, amount, duration), the territory levels it
exists at (1 city … 5 grid, as in `territory.codes`) and functions of a *subject* (a region
or a grid: anything with `prefix`, `level`, `code` and `name`) and a `Period`:

- a count is the number of its `records` (or of their distinct `distinct` values);
- a rate is the number of its `numerator` records over the number of its `denominator`
  records, a fraction rounded to 4 places (None when the denominator is empty);
- an amount or a duration has a `value` function and the `records` it is computed from.

The record functions return querysets *before* scoping: the value of a figure is the unit's
official figure, the same for whoever may see the unit; `restrict` limits which of the records
a viewer may open. (`compute` takes an optional `scope`, a function queryset → queryset, for
callers that want the part of a figure one viewer can see.)

`compute` costs a fixed number of queries per figure, whatever the subject. Figures that can
be read from one aggregate query name a shared `Batch`: `compute` runs each batch once for all
its figures. A batch must give the same values as counting the records; the registry walk
test (tests/dashboards/test_registry_walk.py) holds every figure to its records.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from .periods import Period

RATE_PLACES = 4


class FigureKind(StrEnum):
    COUNT = "count"
    RATE = "rate"
    AMOUNT = "amount"
    DURATION = "duration"


class Part(StrEnum):
    RECORDS = "records"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"


Records = Callable[[object, Period], QuerySet]
Scope = Callable[[QuerySet], QuerySet] | None


@dataclass(frozen=True)
class Batch:
    """One aggregate query that computes several figures: `run(subject, period, scope)`
    returns {figure key: value} for every figure that names this batch."""

    key: str
    run: Callable[[object, Period, Scope], dict]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # a lazy translation
    kind: FigureKind
    levels: frozenset[int]
    group: str  # the app that registered it (its label), for grouping on pages
    order: int  # where it stands among the figures (pages and `--json` keep this order)
    records: Records | None = None
    numerator: Records | None = None
    denominator: Records | None = None
    value: Callable[[object, Period], float | int | None] | None = None
    batch: Batch | None = None  # computed with others in one query (see Batch)
    distinct: str | None = None  # count distinct values of this field instead of rows
    periodic: bool = True  # False: a stock read now, the same whatever the period
    unit: str = ""  # what an amount is measured in ("公里", "次/周")
    detail: bool = False  # shown on its app's own page, not in a region's overview
    help: str = ""  # how it is computed, one sentence (a lazy translation)

    def __post_init__(self) -> None:
        if self.kind == FigureKind.RATE:
            if self.numerator is None or self.denominator is None:
                raise ValueError(f"rate {self.key} needs a numerator and a denominator")
        elif self.records is None:
            raise ValueError(f"figure {self.key} needs its records")
        if (
            self.kind in (FigureKind.AMOUNT, FigureKind.DURATION)
            and self.value is None
            and not self.batch
        ):
            raise ValueError(f"{self.kind} {self.key} needs a value function or a batch")

    @property
    def is_rate(self) -> bool:
        return self.kind == FigureKind.RATE

    @property
    def parts(self) -> tuple[Part, ...]:
        """The record lists that open from the figure."""
        if self.is_rate:
            return (Part.NUMERATOR, Part.DENOMINATOR)
        return (Part.RECORDS,)

    def exists_at(self, level: int) -> bool:
        return level in self.levels

    def part_records(self, subject, period: Period, part: Part | str = Part.RECORDS) -> QuerySet:
        """The records behind one part of the figure (unscoped). KeyError for a part the
        figure has not."""
        try:
            part = Part(part)
        except ValueError:
            raise KeyError(part) from None
        if part not in self.parts:
            raise KeyError(part)
        fn = {
            Part.RECORDS: self.records,
            Part.NUMERATOR: self.numerator,
            Part.DENOMINATOR: self.denominator,
        }[part]
        return fn(subject, period)

    def count(self, qs: QuerySet) -> int:
        if self.distinct:
            return qs.order_by().values(self.distinct).distinct().count()
        return qs.count()

    def compute(self, subject, period: Period, *, scope: Scope = None):
        """The figure's value for the subject and period (within `scope`, if given)."""
        if self.batch is not None:
            return self.batch.run(subject, period, scope)[self.key]
        if self.value is not None:
            return self.value(subject, period)
        if self.is_rate:
            den = self.count(_scoped(self.denominator(subject, period), scope))
            if not den:
                return None
            num = self.count(_scoped(self.numerator(subject, period), scope))
            return ratio(num, den)
        return self.count(_scoped(self.records(subject, period), scope))


def _scoped(qs: QuerySet, scope: Scope) -> QuerySet:
    return qs if scope is None else scope(qs)


def ratio(part: int, whole: int) -> float | None:
    """A rate as every figure gives it: a fraction with 4 decimals; None for nothing to count."""
    return round(part / whole, RATE_PLACES) if whole else None


@dataclass
class Registry:
    figures: dict[str, Figure] = field(default_factory=dict)

    def register(self, figure: Figure) -> Figure:
        known = self.figures.get(figure.key)
        if known is not None and known != figure:
            raise ValueError(f"figure {figure.key} is registered twice ({known.group})")
        self.figures[figure.key] = figure
        return figure

    def get(self, key: str) -> Figure:
        return self.figures[key]

    def all(self, *, level: int | None = None, groups: Iterable[str] | None = None):
        wanted = set(groups) if groups is not None else None
        found = [
            f
            for f in self.figures.values()
            if (level is None or f.exists_at(level)) and (wanted is None or f.group in wanted)
        ]
        return sorted(found, key=lambda f: (f.order, f.key))


registry = Registry()
register = registry.register
get = registry.get
all_figures = registry.all


def register_all(figures: Iterable[Figure]) -> None:
    for figure in figures:
        registry.register(figure)


def stock(key: str, label, *, group: str, order: int, levels, records, **kw) -> Figure:
    """A count read now, whatever the period: how many grids, residents, enterprises…"""
    return Figure(
        key,
        label,
        FigureKind.COUNT,
        levels=levels,
        group=group,
        order=order,
        periodic=False,
        records=records,
        **kw,
    )


class FigureValues(dict):
    """What `compute` returns: key → value in order, and `as_of`, when the oldest of the
    values read from a snapshot was counted (None: every value counted just now)."""

    as_of = None


_store = None  # the snapshot store (banshi.core.snapshots), set by core's AppConfig.ready


def set_store(store) -> None:
    global _store
    _store = store


def compute(
    subject,
    period: Period,
    *,
    keys: Iterable[str] | None = None,
    groups=None,
    scope: Scope = None,
    recount: bool = False,
) -> FigureValues:
    """Registered figures of the subject (every one at its level, or those named or of the
    groups named), key → value, in order. Each batch runs once. A large subject's official
    figures (no `scope`) are read from its fresh snapshot where there is one (unless
    `recount`), and what is counted is kept there (see banshi.core.snapshots)."""
    if keys is not None:
        chosen = [registry.get(k) for k in keys]
    else:
        chosen = registry.all(level=subject.level, groups=groups)
    chosen = [f for f in chosen if f.exists_at(subject.level)]
    stored = (
        _store is not None and scope is None and period.kind != "window" and _store.covers(subject)
    )
    kept = _store.read(subject, period, [f.key for f in chosen]) if stored and not recount else {}
    batches: dict[str, dict] = {}
    counted = {}
    for f in chosen:
        if f.key in kept:
            continue
        if f.batch is not None:
            if f.batch.key not in batches:
                batches[f.batch.key] = f.batch.run(subject, period, scope)
            counted[f.key] = batches[f.batch.key][f.key]
        else:
            counted[f.key] = f.compute(subject, period, scope=scope)
    if stored and counted:
        _store.write(subject, period, counted, at=timezone.now())
    values = FigureValues(
        (f.key, kept[f.key][0] if f.key in kept else counted[f.key]) for f in chosen
    )
    if kept:
        values.as_of = min(at for _value, at in kept.values())
    return values


@dataclass(frozen=True)
class FigureRow:
    """A figure's value as a page shows it, with the links that open its records."""

    figure: Figure
    value: object
    url: str  # the drill-down (a rate's numerator)
    part_urls: tuple[tuple[Part, str], ...] = ()  # a rate's numerator and denominator lists

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def label(self) -> str:
        return self.figure.label

    @property
    def text(self) -> str:
        return display(self.figure, self.value)


def drill_down_url(figure: Figure, code: str, period: Period, part: Part | None = None) -> str:
    """The one drill-down page every figure opens into (dashboards' `figure_detail`)."""
    url = reverse("figure_detail", args=[code, figure.key])
    query = {}
    if figure.periodic:
        query["period"] = period.key
    if part is not None and part != figure.parts[0]:
        query["part"] = str(part)
    return f"{url}?{urlencode(query)}" if query else url


def rows(values: dict, *, code: str, period: Period) -> list[FigureRow]:
    """Page rows for computed values (key → value) of the subject with `code`."""
    out = []
    for key, value in values.items():
        figure = registry.get(key)
        parts = ()
        if figure.is_rate:
            parts = tuple((p, drill_down_url(figure, code, period, p)) for p in figure.parts)
        out.append(FigureRow(figure, value, drill_down_url(figure, code, period), parts))
    return out


def display(figure: Figure, value) -> str:
    """The value as a page shows it: a count with thousands separators, a rate as a
    percentage with one decimal, an amount with one decimal; "—" for none."""
    if value is None:
        return "—"
    if figure.is_rate:
        return as_percent(value)
    if figure.kind == FigureKind.COUNT:
        return f"{value:,}"
    return as_number(value)


def as_number(value) -> str:
    """A number as a page shows it: thousands separators, one decimal for a fraction of a
    unit; "—" for none. Text that is not a number is left as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        try:
            value = float(value) if "." in value else int(value)
        except ValueError:
            return value
    if isinstance(value, int):
        return f"{value:,}"
    try:
        return f"{float(value):,.1f}"
    except (TypeError, ValueError):
        return str(value)


def as_percent(value) -> str:
    """A rate (a fraction) as a page shows it: a percentage with one decimal, "—" for none."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"
