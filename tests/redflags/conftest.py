"""Fixtures for red-flag villages: the villages' world (清水河县, two villages of 城关镇
and one of 宏河镇, with branches and secretaries), a 2026 scheme with every flag's five
indicators, and users of the county, the townships, a village secretary and a village's
staff."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from banshi.redflags import services
from banshi.redflags.models import Flag
from tests.villages import conftest as villages_world

# The villages' world, reused as fixtures of this package.
county = villages_world.county
places = villages_world.places

DAY = datetime.date(2026, 3, 2)  # a Monday

ITEMS = [
    ("党组织书记履职", 30, "书记任职满一年且考核称职得满分"),
    ("三会一课", 20, "按月召开支部党员大会得满分"),
    ("发展党员", 20, "两年内发展党员一名以上得满分"),
    ("村务公开", 15, "每季度公开一次得满分"),
    ("群众满意度", 15, "满意率90%以上得满分"),
]


@pytest.fixture
def scheme(places):
    s = services.scheme_create(county=places.county, year=2026, pass_mark=80)
    for flag in Flag.values:
        services.indicators_set(scheme=s, flag=flag, items=ITEMS)
    return s


@pytest.fixture
def users(places, make_user):
    return SimpleNamespace(
        county=make_user("r_county", "district", region=places.county),
        town=make_user("r_town", "street", region=places.town),
        other_town=make_user("r_other_town", "street", region=places.other_town),
        secretary=make_user("r_secretary", "party_secretary", party_organization=places.a.branch),
        staff=make_user("r_staff", "community", region=places.b.region),
    )


def evidence_for(scheme, flag=Flag.PARTY, score=18):
    return {
        i.pk: {"text": f"{i.name}佐证", "score": min(score, i.weight)}
        for i in scheme.indicators.filter(flag=flag)
    }


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login
