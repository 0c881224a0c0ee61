"""The hardship class at its boundaries (line 1,000 a head a month, two members: 24,000 a
year is exactly at the line, 48,000 exactly twice it), accident costs at exactly 80% and
just over; re-certification dates and the run of months above the line."""

import datetime
from decimal import Decimal as D

import pytest

from banshi.unions import hardship

LINE = D(1000)


def klass(income, costs=0, members=2, line=LINE):
    return hardship.classify(income=D(income), members=members, costs=D(costs), line=line)


@pytest.mark.parametrize(
    "income, costs, expected",
    [
        ("0", "0", hardship.DEEP),
        ("23999.99", "0", hardship.DEEP),  # a fen below the line
        ("24000", "0", hardship.RELATIVE),  # exactly at the line: not deep
        ("47999.99", "0", hardship.RELATIVE),
        ("48000", "0", hardship.NONE),  # exactly twice the line: not relative
        ("50000", "40000", hardship.NONE),  # costs exactly 80%: not accident
        ("50000", "40000.01", hardship.ACCIDENT),  # just over 80%
        ("20000", "90000", hardship.DEEP),  # deep wins over accident
        ("30000", "90000", hardship.RELATIVE),  # relative wins over accident
    ],
)
def test_the_classes_at_their_boundaries(income, costs, expected):
    assert klass(income, costs) == expected


def test_per_head_is_income_over_members_over_twelve():
    assert hardship.per_head_month(D(36000), 3) == D("1000.00")
    assert klass(36000, members=3) == hardship.RELATIVE  # 1,000 a head: at the line
    assert klass("35999.99", members=3) == hardship.DEEP
    assert hardship.per_head_month(D(10000), 3) == D("277.78")


def test_a_household_has_members():
    with pytest.raises(ValueError):
        klass(1000, members=0)


def test_above_the_line_includes_exactly_at_it():
    assert hardship.above_line(income=D(24000), members=2, line=LINE)
    assert not hardship.above_line(income=D("23999.99"), members=2, line=LINE)


def test_recertification_is_due_twelve_months_after_the_last():
    d = datetime.date
    assert hardship.recertification_due(certified_on=d(2025, 3, 2)) == d(2026, 3, 2)
    assert hardship.recertification_due(
        certified_on=d(2024, 3, 2), last_recertified_on=d(2025, 7, 31)
    ) == d(2026, 7, 31)
    assert hardship.recertification_due(certified_on=d(2024, 2, 29)) == d(2025, 2, 28)


def test_the_run_of_months_above_the_line():
    d = datetime.date
    months = {d(2026, m, 1): True for m in range(1, 7)}
    assert hardship.months_above_in_a_row(months) == 6
    assert hardship.months_above_in_a_row({**months, d(2026, 3, 1): False}) == 3
    del months[d(2026, 4, 1)]  # a month not reviewed breaks the run
    assert hardship.months_above_in_a_row(months) == 2
    assert hardship.months_above_in_a_row({}) == 0
    across = {d(2025, 11, 1): True, d(2025, 12, 1): True, d(2026, 1, 1): True}
    assert hardship.months_above_in_a_row(across) == 3
