"""The praise app's section of `banshi services`: each unit of the region with a brand or
praise in the year, with its praise by kind and its carriers by kind; none elsewhere."""

import datetime

from banshi.core.periods import Period
from banshi.praise.sections import SECTION
from tests.praise.busy import add_praise

NOV = datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)


def test_the_section_lists_the_units(world):
    add_praise(world, at=NOV)
    rows = SECTION.rows(world.street, Period.year(2026))
    assert [r["unit"]["name"] for r in rows] == ["大学东路公交车队党支部"]
    row = rows[0]
    assert row["praise"]["hotline"] == 1 and row["praise_total"] == 3
    assert row["carriers"]["route"] == 1 and row["carriers"]["post_model"] == 1
    assert SECTION.rows(world.street, Period.year(2025))[0]["praise_total"] == 0
    assert SECTION.rows(world.other_district, Period.year(2026)) == []
