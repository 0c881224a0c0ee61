"""Star ratings by cumulative approved hours (1★ 100 h … 5★ 1,500 h by default; the
setting BANSHI_VOLUNTEER_STARS, the five thresholds in hours, overrides them)."""

from decimal import Decimal

from django.conf import settings

DEFAULT_STARS = (100, 300, 600, 1000, 1500)


def thresholds() -> tuple[Decimal, ...]:
    values = getattr(settings, "BANSHI_VOLUNTEER_STARS", DEFAULT_STARS)
    return tuple(sorted(Decimal(str(v)) for v in values))


def stars_for(hours) -> int:
    hours = Decimal(str(hours or 0))
    return sum(1 for t in thresholds() if hours >= t)


def next_star(hours) -> Decimal | None:
    """The hours of the next star (None past the last)."""
    hours = Decimal(str(hours or 0))
    return next((t for t in thresholds() if hours < t), None)
