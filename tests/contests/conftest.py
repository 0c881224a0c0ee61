"""Fixtures for contests: the contest world (see cworld.py) and users at its levels."""

import pytest
from django.test import Client

from .cworld import contest_world


@pytest.fixture
def cw(world):
    return contest_world(world)


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login


@pytest.fixture
def county_user(world, make_user):
    return make_user("county1", "district", region=world.district)


@pytest.fixture
def other_user(world, make_user):
    return make_user("other1", "district", region=world.other_district)


@pytest.fixture
def street_user(world, make_user):
    return make_user("street1", "street", region=world.street)
