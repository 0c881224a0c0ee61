"""Progress arithmetic: a deliverable's progress is its measured value over its target,
capped at 1 (more than planned is done, not more than done); a project's is the weighted
mean of its deliverables'. Fractions with 4 places, as every rate in Banshi."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.0001")
ONE = Decimal(1)
ZERO = Decimal(0)


def share(measured, target) -> Decimal:
    measured, target = Decimal(measured or 0), Decimal(target or 0)
    if target <= 0 or measured <= 0:
        return ZERO
    return min(measured / target, ONE).quantize(PLACES, rounding=ROUND_HALF_UP)


def overall(parts: Iterable[tuple[Decimal, int]]) -> Decimal:
    """`parts`: (progress, weight) per deliverable; 0 for a project without any."""
    total = weights = ZERO
    for value, weight in parts:
        total += Decimal(value) * weight
        weights += weight
    if not weights:
        return ZERO
    return (total / weights).quantize(PLACES, rounding=ROUND_HALF_UP)


def percent(value: Decimal) -> int:
    """A progress as a whole percentage for a progress bar (rounded down: 99.99% is not
    done)."""
    return int(Decimal(value) * 100)
