"""Fixtures for the cadre assessment: the villages' 清水河县 (城关镇 with two villages,
宏河镇 with one), a 2025 scheme with five items and three cases, the county's and the
townships' assessors."""

import datetime
from types import SimpleNamespace

import pytest

from banshi.assessment import services
from banshi.territory.models import Region
from tests.villages.conftest import county, login, places  # noqa: F401 (fixtures)

ITEMS = [
    ("抓党建", 25, "党建工作"),
    ("促发展", 25, ""),
    ("惠民生", 20, ""),
    ("保稳定", 15, ""),
    ("强作风", 15, ""),
]
CASES = [
    ("bonus", "获市级以上表彰", "3"),
    ("deduction", "被通报批评", "5"),
    ("veto", "发生严重违纪违法", "0"),
]


@pytest.fixture
def staff(places, make_user):  # noqa: F811 (fixture imported above)
    elsewhere = Region.objects.create(
        code="150102000000", name="新城区", kind="district", parent=places.county.parent
    )
    return SimpleNamespace(
        county=make_user("qsh", "district", region=places.county),
        town=make_user("cg", "street", region=places.town),
        other_town=make_user("hh", "street", region=places.other_town),
        elsewhere=make_user("xc", "district", region=elsewhere),
        secretary=make_user("wgy", "party_secretary", party_organization=places.a.branch),
    )


@pytest.fixture
def scheme(places, staff):  # noqa: F811 (fixture imported above)
    s = services.scheme_create(
        county=places.county,
        year=2025,
        assessed_on=datetime.date(2025, 12, 20),
        items=ITEMS,
        cases=CASES,
        user=staff.county,
    )
    s.item = {i.name: i for i in s.items.all()}
    s.case = {c.kind: c for c in s.cases.all()}
    return s


def full_scores(scheme, *points):
    """item pk → points, in the items' order."""
    return {i.pk: p for i, p in zip(scheme.items.all(), points, strict=True)}
