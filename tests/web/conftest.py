"""Fixtures for the page tests: logged-in clients, users bound to the world's nodes, and
the records behind the figures that the bare world lacks (organizations, enterprises…)."""

import datetime
import re

import pytest
from django.test import Client
from stdnum.cn import uscc

from banshi.enterprises.models import Enterprise, RiderStation
from banshi.organizations.services import (
    center_household_designate,
    member_admit,
    organization_create,
)
from banshi.people.models import ResidentTag
from banshi.people.services import place_role_assign, resident_create
from banshi.territory.models import CommercialOutlet
from tests.conftest import make_id_number

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def credit_code(seq: int) -> str:
    """A valid unified social credit code (the 9th organization-code digit is searched)."""
    for d in "0123456789":
        first = f"91150105{seq:08d}{d}"
        code = first + uscc.calc_check_digit(first)
        if uscc.is_valid(code):
            return code
    raise AssertionError(seq)


def inline_scripts(html: str) -> list[str]:
    """Script elements that carry code in the page (forbidden by the CSP)."""
    bad = []
    for attrs, body in SCRIPT.findall(html):
        if body.strip() or "src=" not in attrs:
            bad.append(f"<script{attrs}>{body[:60]}")
    return bad


@pytest.fixture
def login():
    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def street_user(world, make_user):
    return make_user("street", "street", region=world.street)


@pytest.fixture
def community_user(world, make_user):
    return make_user("community", "community", region=world.community)


@pytest.fixture
def grid_user(world, make_user):
    return make_user("gridworker", "grid_worker", grid=world.grid1)


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", password="Banshi-test-1")


class Civic:
    pass


@pytest.fixture
def civic(world):
    """Party organizations, members, a center household, enterprises, a rider station, an
    outlet, tags and a building head, spread over the world's grids."""
    c = Civic()
    joined = datetime.date(2010, 7, 1)
    c.top = organization_create(
        name="大学东路街道党工委", kind="working_committee", region=world.street
    )
    c.wulan = organization_create(
        name="乌兰社区党委", kind="party_committee", parent=c.top, region=world.community
    )
    c.neigong = organization_create(
        name="内工大社区党委", kind="party_committee", parent=c.top, region=world.community2
    )
    c.branch1 = organization_create(
        name="乌兰社区第一网格党支部", kind="grid_branch", parent=c.wulan, grid=world.grid1
    )
    h1 = world.households[world.grid1.code][0]
    c.group1 = organization_create(
        name="1号楼党小组", kind="building_group", parent=c.branch1, building=h1.building
    )
    r1 = world.residents[world.grid1.code][0]
    r3 = world.residents[world.grid3.code][0]
    c.member1 = member_admit(resident=r1, organization=c.group1, joined_on=joined)
    c.member3 = member_admit(resident=r3, organization=c.neigong, joined_on=joined)
    c.center = center_household_designate(household=h1, member=c.member1, group=c.group1)
    c.instructor = world.residents[world.grid2.code][1]
    c.ent_own = Enterprise.objects.create(
        name="青城科技有限公司",
        credit_code=credit_code(1),
        grid=world.grid1,
        party_org_status=Enterprise.PartyOrgStatus.OWN,
        party_organization=c.branch1,
    )
    c.ent_instructed = Enterprise.objects.create(
        name="敕勒川物流有限公司",
        credit_code=credit_code(2),
        grid=world.grid2,
        instructor=c.instructor,
    )
    c.ent_none = Enterprise.objects.create(
        name="塞外餐饮有限公司", credit_code=credit_code(3), grid=world.grid3
    )
    c.station = RiderStation.objects.create(
        name="乌兰红蜂驿站", grid=world.grid1, host="社区党群服务中心", offers=["饮水", "充电"]
    )
    c.outlet = CommercialOutlet.objects.create(name="惠民超市", kind="零售", grid=world.grid3)
    ResidentTag.objects.create(resident=r1, tag=ResidentTag.Tag.ELDERLY_ALONE)
    c.building_head = place_role_assign(
        resident=world.residents[world.grid1.code][1],
        role="building_head",
        building=h1.building,
        started_on=datetime.date(2020, 1, 1),
    )
    c.unit_head = place_role_assign(
        resident=world.residents[world.grid3.code][1],
        role="unit_head",
        unit=world.households[world.grid3.code][0].unit,
        started_on=datetime.date(2020, 1, 1),
    )
    return c


@pytest.fixture
def named_residents(world):
    """Residents with names whose pinyin and initials differ: 张三 (grid 1), 李四 (grid 3)."""
    zhang = resident_create(
        name="张三",
        id_number=make_id_number(901),
        phone="13904710901",
        household=world.households[world.grid1.code][0],
    )
    li = resident_create(
        name="李四",
        id_number=make_id_number(902),
        phone="13904710902",
        household=world.households[world.grid3.code][0],
    )
    return zhang, li
