"""Fixtures for villages: 清水河县 with its towns and townships; 城关镇 with two villages
(their branches, members and secretaries) and 宏河镇 with one; users of the county, a
township and a village secretary."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.test import Client

from banshi.organizations.models import Applicant, PartyOrganization
from banshi.organizations.services import committee_seat_fill, member_admit, organization_create
from banshi.people.services import resident_create
from banshi.territory.models import Region
from tests.conftest import make_id_number

TOWNSHIPS = [
    ("150124100000", "城关镇", "town"),
    ("150124101000", "宏河镇", "town"),
    ("150124102000", "喇嘛湾镇", "town"),
    ("150124200000", "窑沟乡", "township"),
    ("150124201000", "北堡乡", "township"),
    ("150124202000", "韭菜庄乡", "township"),
    ("150124203000", "五良太乡", "township"),
]


@pytest.fixture
def county(db):
    city = Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")
    county = Region.objects.create(code="150124000000", name="清水河县", kind="county", parent=city)
    for code, name, kind in TOWNSHIPS:
        Region.objects.create(code=code, name=name, kind=kind, parent=county)
    return county


_seq = itertools.cycle(range(100, 1000))


def person(name: str, birth: str = "19850301"):
    """A villager with a fresh ID number (152623 before 1995, 150124 since)."""
    place = "150124" if birth >= "1995" else "152623"
    return resident_create(
        name=name, id_number=make_id_number(next(_seq), place=place, birth=birth)
    )


def make_village(town: Region, no: int, name: str, members: int = 8) -> SimpleNamespace:
    village = Region.objects.create(
        code=f"{town.code[:9]}{no:03d}", name=name, kind="village", parent=town
    )
    committee = PartyOrganization.objects.filter(region=town).first() or organization_create(
        name=f"{town.name}党委", kind="party_committee", region=town, has_committee=True
    )
    branch = organization_create(
        name=f"{name}党支部", kind="branch", parent=committee, region=village
    )
    people = [person(f"{name[:2]}党员{i}") for i in range(members)]
    ms = [
        member_admit(resident=r, organization=branch, joined_on=datetime.date(2005, 7, 1))
        for r in people
    ]
    seat = committee_seat_fill(
        organization=branch, member=ms[0], post="secretary", started_on=datetime.date(2021, 3, 15)
    )
    # A candidate for membership named in 2025 (the screening's criterion is not met).
    Applicant.objects.create(
        organization=branch,
        resident=person(f"{name[:2]}发展对象"),
        applied_on=datetime.date(2023, 3, 1),
        activist_on=datetime.date(2023, 9, 1),
        candidate_on=datetime.date(2025, 5, 1),
    )
    return SimpleNamespace(region=village, branch=branch, members=ms, secretary=seat)


@pytest.fixture
def places(county):
    towns = {r.name: r for r in county.children.all()}
    return SimpleNamespace(
        county=county,
        town=towns["城关镇"],
        other_town=towns["宏河镇"],
        a=make_village(towns["城关镇"], 201, "王桂窑村"),
        b=make_village(towns["城关镇"], 202, "杨家窑村"),
        c=make_village(towns["宏河镇"], 201, "石板沟村"),
    )


@pytest.fixture
def users(places, make_user):
    return SimpleNamespace(
        county=make_user("v_county", "district", region=places.county),
        town=make_user("v_town", "street", region=places.town),
        other_town=make_user("v_other_town", "street", region=places.other_town),
        secretary=make_user("v_secretary", "party_secretary", party_organization=places.a.branch),
    )


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login
