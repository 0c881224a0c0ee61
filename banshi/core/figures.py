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
a viewer may open. `compute` costs a fixed number of queries per figure, whatever the subject.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import QuerySet

from .periods import Period

RATE_PLACES = 4


class Kind(StrEnum):
    COUNT = "count"
    RATE = "rate"
    AMOUNT = "amount"
    DURATION = "duration"


class Part(StrEnum):
    RECORDS = "records"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"


Records = Callable[[object, Period], QuerySet]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # a lazy translation
    kind: Kind
    levels: frozenset[int]
    group: str  # the app that registered it (its label), for grouping on pages
    order: int  # where it stands among the figures (pages and `--json` keep this order)
    records: Records | None = None
    numerator: Records | None = None
    denominator: Records | None = None
    value: Callable[[object, Period], float | int | None] | None = None
    distinct: str | None = None  # count distinct values of this field instead of rows
    periodic: bool = True  # False: a stock read now, the same whatever the period
    unit: str = ""  # what an amount is measured in ("公里", "次/周")
    help: str = ""  # how it is computed, one sentence (a lazy translation)

    def __post_init__(self) -> None:
        if self.kind == Kind.RATE:
            if self.numerator is None or self.denominator is None:
                raise ValueError(f"rate {self.key} needs a numerator and a denominator")
        elif self.records is None:
            raise ValueError(f"figure {self.key} needs its records")
        if self.kind in (Kind.AMOUNT, Kind.DURATION) and self.value is None:
            raise ValueError(f"{self.kind} {self.key} needs a value function")

    @property
    def is_rate(self) -> bool:
        return self.kind == Kind.RATE

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

    def compute(self, subject, period: Period):
        """The figure's value for the subject and period."""
        if self.value is not None:
            return self.value(subject, period)
        if self.is_rate:
            den = self.count(self.denominator(subject, period))
            if not den:
                return None
            return round(self.count(self.numerator(subject, period)) / den, RATE_PLACES)
        return self.count(self.records(subject, period))


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


def compute(subject, period: Period, *, keys: Iterable[str] | None = None, groups=None) -> dict:
    """Every registered figure of the subject (or those named), key → value, in order."""
    if keys is not None:
        chosen = [registry.get(k) for k in keys]
    else:
        chosen = registry.all(level=subject.level, groups=groups)
    return {f.key: f.compute(subject, period) for f in chosen if f.exists_at(subject.level)}


def as_percent(value) -> str:
    """A rate (a fraction) as a page shows it: a percentage with one decimal, "—" for none."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"
