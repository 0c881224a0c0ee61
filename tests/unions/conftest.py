"""Fixtures for union aid: 大学东路街道's federation (a listed enterprise of the street on
its roll), the city's 2026 line of 1,000 yuan, and the staff: the street's, the district's,
a community's (who sees none of it) and another district's."""

import datetime
from types import SimpleNamespace

import pytest

from banshi.enterprises.models import Enterprise
from banshi.unions.services import aid, federations, workers
from tests.web.conftest import login  # noqa: F401 (fixture)

LINE = 1000
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def staff(world, make_user):
    return SimpleNamespace(
        street=make_user("jd", "street", region=world.street),
        district=make_user("qu", "district", region=world.district),
        community=make_user("sq", "community", region=world.community),
        elsewhere=make_user("xc", "district", region=world.other_district),
    )


@pytest.fixture
def fed(world, staff):
    listed = Enterprise.objects.create(
        name="大学东路科技公司", credit_code="91150105MA0000000X", grid=world.grid1
    )
    workers.poverty_line_set(region=world.city, year=2026, amount=LINE)
    f = federations.federation_create(
        region=world.street, name="大学东路街道工会联合会", user=staff.street
    )
    f.listed = listed
    f.shop = federations.union_record(
        federation=f,
        enterprise_name="振华广场",
        founded_on="2019-05-01",
        members=186,
        user=staff.street,
    )
    return f


@pytest.fixture
def file(fed, staff):
    """Two members, 30,000 a year: 1,250 a head a month, relative hardship."""
    return workers.needy_file_create(
        federation=fed,
        worker_name="王建国",
        household_members=2,
        household_income=30000,
        certified_on=DAY,
        union=fed.shop,
        user=staff.street,
    )


@pytest.fixture
def campaign(fed, staff):
    return aid.campaign_create(
        federation=fed,
        year=2026,
        season="winter",
        title="冬送温暖",
        starts_on="2026-01-10",
        ends_on="2026-12-31",
        user=staff.street,
    )
