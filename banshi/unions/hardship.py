"""The hardship class of a needy-worker file (困难职工档案), a pure function of the household's
figures and the city's minimum-living line (低保标准, yuan per person per month).

Income per head per month = annual household income ÷ household members ÷ 12. The classes,
in this order (the first that applies wins):

- DEEP (深度困难): income per head strictly below the line. Exactly AT the line is not deep.
- RELATIVE (相对困难): income per head strictly below twice the line. Exactly at twice the
  line is not relative.
- ACCIDENT (意外致困): annual accident/illness costs strictly more than 80% of the annual
  household income. Costs of exactly 80% are not accident-caused hardship.
- NONE: none of the above.

The comparisons are made on exact decimals without dividing (income < line × members × 12),
so no rounding moves a household across a line. Recertification and exit dates are here too,
as pure functions of dates.
"""

import datetime
from decimal import Decimal

DEEP = "deep"
RELATIVE = "relative"
ACCIDENT = "accident"
NONE = "none"

MONTHS = 12
RELATIVE_MULTIPLE = Decimal(2)
ACCIDENT_SHARE = Decimal("0.8")
RECERTIFY_MONTHS = 12  # annual re-certification
EXIT_MONTHS = 6  # consecutive months above the line before the file is exited
# "Above the line" for the exit: income per head at or above EXIT_LINE_MULTIPLE × the line
# (1: the minimum-living line itself; 2 would wait until the household is out of relative
# hardship too).
EXIT_LINE_MULTIPLE = Decimal(1)


def per_head_month(income: Decimal, members: int) -> Decimal:
    """Income per head per month, to the fen (for display; the classes compare exactly)."""
    return (Decimal(income) / members / MONTHS).quantize(Decimal("0.01"))


def classify(*, income: Decimal, members: int, costs: Decimal, line: Decimal) -> str:
    """The hardship class (DEEP, RELATIVE, ACCIDENT or NONE) of a household with annual
    `income` (yuan), `members` people and annual accident/illness `costs` (yuan), against
    the minimum-living `line` (yuan per person per month). See the module docstring."""
    if members < 1:
        raise ValueError("a household has at least one member")
    income, costs, line = Decimal(income), Decimal(costs), Decimal(line)
    threshold = line * members * MONTHS  # the annual household income at the line
    if income < threshold:
        return DEEP
    if income < threshold * RELATIVE_MULTIPLE:
        return RELATIVE
    if costs > income * ACCIDENT_SHARE:
        return ACCIDENT
    return NONE


def above_line(*, income: Decimal, members: int, line: Decimal) -> bool:
    """Whether a month counts towards the exit: income per head at or above
    EXIT_LINE_MULTIPLE × the line (the complement of "below", so exactly at the line counts)."""
    return Decimal(income) >= Decimal(line) * EXIT_LINE_MULTIPLE * members * MONTHS


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day (29 Feb
    + 12 months = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def recertification_due(*, certified_on: datetime.date, last_recertified_on=None):
    """Re-certification falls due 12 months after the last one (or the certification)."""
    return add_months(last_recertified_on or certified_on, RECERTIFY_MONTHS)


def months_above_in_a_row(months_above: dict) -> int:
    """The run of consecutive calendar months above the line ending at the latest month
    reviewed. `months_above`: first day of a month → above the line (bool). A month not
    reviewed breaks the run, as does one below the line."""
    if not months_above:
        return 0
    month = max(months_above)
    run = 0
    while months_above.get(month):
        run += 1
        month = add_months(month, -1)
    return run
