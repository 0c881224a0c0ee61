"""The verdict on one figure of a report against the records' value: pure arithmetic, no
database. A count matches when equal; a "余" figure is approximate when the records meet it
and stay below it plus one unit of its last non-zero digit (1000余 → 1,000–1,999, 68231余 →
68,231); a percentage matches the record's as Banshi shows it (`as_percent`, one decimal),
and is a rounding when it is the record's rounded or truncated to the report's decimals (34
of 76 is 44.7%: "44%" is truncated); a range matches a value inside it."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from banshi.core.figures import as_percent

from .models import Verdict


@dataclass(frozen=True)
class Said:
    """What the report says."""

    value: Decimal
    text: str = ""  # the number as written, for its decimals: "44.7%"
    approximate: bool = False
    percent: bool = False
    low: Decimal | None = None
    high: Decimal | None = None


@dataclass(frozen=True)
class Judged:
    verdict: Verdict
    detail: str = ""


def decimals_of(said: Said) -> int:
    """How many decimals the report wrote (the value itself when the text is not given)."""
    exponent = said.value.normalize().as_tuple().exponent
    written = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    digits = "".join(c for c in said.text if c.isdigit() or c == ".")
    if "." in digits:
        written = max(written, len(digits.split(".", 1)[1]))
    return written


def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def approximate_span(value: Decimal) -> Decimal:
    """One unit of the last non-zero digit: 1000 → 1000, 68231 → 1, 68000 → 1000, 6.5 → 0.1."""
    value = value.normalize()
    if value == 0:
        return Decimal(1)
    return Decimal(1).scaleb(value.as_tuple().exponent)


def judge(said: Said, record) -> Judged:
    """The verdict for a count, an amount or a rate (`record` a fraction when `said.percent`)."""
    if record is None:
        return Judged(Verdict.NO_DATA, _("记录中没有这个数"))
    record = Decimal(str(record))
    if said.percent:
        return _judge_percent(said, record * 100)
    if said.low is not None and said.high is not None:
        if said.low <= record <= said.high:
            return Judged(Verdict.MATCH, _("记录值在所报范围内"))
        return Judged(Verdict.MISMATCH)
    if said.approximate:
        span = approximate_span(said.value)
        if said.value <= record < said.value + span:
            return Judged(Verdict.APPROXIMATE, _("“余”数：记录值在所报数与其加一个末位单位之间"))
        return Judged(Verdict.MISMATCH)
    if record == said.value:
        return Judged(Verdict.MATCH)
    # A count written in 万 or 亿 ("6.8万") is rounded to its last digit; one written out in
    # full ("10个") is not: 14 records are a mismatch, not a rounding.
    if any(c in said.text for c in "万亿"):
        quantum = approximate_span(said.value)
    elif decimals_of(said):
        quantum = _quantum(decimals_of(said))
    else:
        return Judged(Verdict.MISMATCH)
    return _judge_rounding(said.value, record, quantum) or Judged(Verdict.MISMATCH)


def _judge_percent(said: Said, percent: Decimal) -> Judged:
    # As the pages print it (`as_percent`: the float's one-decimal format), so that the
    # figure a page or the monthly report shows is a match: 0.9355 is shown as 93.5%.
    shown = Decimal(as_percent(float(percent) / 100).rstrip("%"))
    if said.value in (percent, shown):
        return Judged(Verdict.MATCH)
    quantum = _quantum(decimals_of(said))
    return _judge_rounding(said.value, percent, quantum) or Judged(Verdict.MISMATCH)


def _judge_rounding(value: Decimal, record: Decimal, quantum: Decimal) -> Judged | None:
    """A rounding when the record rounded (or truncated) to the quantum gives the value."""
    rounded = record.quantize(quantum, rounding=ROUND_HALF_UP)
    truncated = record.quantize(quantum, rounding=ROUND_DOWN)
    shown = f"{record.normalize():f}"
    if value == rounded:
        return Judged(Verdict.ROUNDING, _("记录值%(r)s四舍五入") % {"r": shown})
    if value == truncated:
        return Judged(Verdict.ROUNDING, _("记录值%(r)s截断（未四舍五入）") % {"r": shown})
    return None


def judge_standard(low: Decimal, high: Decimal, values) -> list:
    """The members whose value falls outside [low, high]: `values` is (member, value) pairs."""
    return [m for m, v in values if not (low <= Decimal(v) <= high)]
