"""Periods that figures are computed over: a month ("2026-11"), a year ("2026"), or a window
of days ending now (field work's "last 91 days"). A period is [start, end) in local time;
`as_of` is the moment a stock (a coverage, say) is read at: the end, or now if sooner."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WINDOW = re.compile(r"^(\d{1,4})d$")
MAX_WINDOW_DAYS = 3660


class PeriodError(ValueError):
    """A period that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Period:
    start: datetime.datetime
    end: datetime.datetime
    key: str  # "2026-11", "2026" or "91d"
    kind: str  # "month", "year" or "window"

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        # 9999-12 would end in the year 10000, which datetime cannot hold.
        if not (1 <= month <= 12 and 1900 <= year <= 9999) or (year, month) == (9999, 12):
            raise PeriodError(
                _("月份无效：%(y)04d-%(m)02d（期间格式应为 YYYY-MM，例如 2026-11）")
                % {"y": year, "m": month}
            )
        start = timezone.make_aware(datetime.datetime(year, month, 1))
        end = timezone.make_aware(datetime.datetime(year + (month == 12), month % 12 + 1, 1))
        return cls(start, end, f"{year:04d}-{month:02d}", "month")

    @classmethod
    def year(cls, year: int) -> "Period":
        if not 1900 <= year <= 9998:
            raise PeriodError(_("年份无效：%(y)s") % {"y": year})
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
        end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
        return cls(start, end, f"{year:04d}", "year")

    @classmethod
    def parse(cls, text: str, *, allow_year: bool = True) -> "Period":
        """A month "YYYY-MM", or (with `allow_year`) a year "YYYY" or the last N days "Nd";
        PeriodError otherwise."""
        value = (text or "").strip()
        m = _MONTH.match(value)
        if m:
            return cls.month(int(m[1]), int(m[2]))
        y = _YEAR.match(value)
        if y and allow_year:
            return cls.year(int(y[1]))
        w = _WINDOW.match(value)
        if w and allow_year and 1 <= int(w[1]) <= MAX_WINDOW_DAYS:
            return cls.window(int(w[1]))
        if allow_year:
            raise PeriodError(_("期间格式应为 YYYY-MM 或 YYYY，例如 2026-11：%(p)s") % {"p": text})
        raise PeriodError(_("期间格式应为 YYYY-MM，例如 2026-11：%(p)s") % {"p": text})

    @classmethod
    def current_month(cls, now: datetime.datetime | None = None) -> "Period":
        local = timezone.localtime(now or timezone.now())
        return cls.month(local.year, local.month)

    @classmethod
    def last_complete_month(cls, now: datetime.datetime | None = None) -> "Period":
        return cls.current_month(now).previous()

    @classmethod
    def window(cls, days: int, now: datetime.datetime | None = None) -> "Period":
        """The `days` days up to now."""
        end = now or timezone.now()
        return cls(end - datetime.timedelta(days=days), end, f"{days}d", "window")

    def previous(self) -> "Period":
        local = timezone.localtime(self.start)
        if self.kind == "month":
            return Period.month(local.year - (local.month == 1), (local.month - 2) % 12 + 1)
        if self.kind == "year":
            return Period.year(local.year - 1)
        return Period(self.start - (self.end - self.start), self.start, self.key, self.kind)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        return self.start, self.end

    def q(self, column: str) -> Q:
        """`column` within the period: [start, end), and a window up to now includes now."""
        end = f"{column}__lte" if self.kind == "window" else f"{column}__lt"
        return Q(**{f"{column}__gte": self.start, end: self.end})

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400

    def as_of(self, now: datetime.datetime | None = None) -> datetime.datetime:
        """When a stock is read for this period: its end, or now if that comes first."""
        return min(self.end, now or timezone.now())

    def __str__(self) -> str:
        return self.key
