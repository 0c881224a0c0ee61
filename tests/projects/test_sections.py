"""The projects' section of `banshi services`: each project of the region touching the year
with its deliverables' targets and measured values and its overall progress."""

import datetime

from banshi.core.periods import Period
from banshi.projects.sections import SECTION
from tests.projects.busy import add_projects


def test_the_section_lists_the_region_s_projects(world):
    add_projects(world, at=datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC))
    rows = SECTION.rows(world.street, Period.year(2026))
    assert [r["project"] for r in rows] == ["加装电梯", "拆墙并院"]
    assert all(r["deliverables"][0]["target"] == 68 for r in rows)
    first = rows[0]
    assert 0 <= first["progress"] <= 1
    assert {"name", "unit", "target", "measured"} <= set(first["deliverables"][0])
    assert SECTION.rows(world.other_district, Period.year(2026)) == []
