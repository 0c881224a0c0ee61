"""Fixtures for lectures: a team in the test world's street, users at its levels."""

import datetime

import pytest
from django.test import Client

from banshi.lectures import services
from banshi.lectures.models import Lecture


@pytest.fixture
def team(world):
    return services.lecture_team_create(
        name="大学东路街道理论宣讲队", region=world.street, host_unit="大学东路街道新时代文明实践所"
    )


@pytest.fixture
def street_user(world, make_user):
    return make_user("street1", "street", region=world.street)


@pytest.fixture
def other_user(world, make_user):
    return make_user("other1", "district", region=world.other_district)


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login


def talk(region, *, team=None, day=datetime.date(2026, 4, 23), size=50, **kw):
    fields = {
        "topic": "乡村振兴政策解读",
        "speaker_name": "王建军",
        "venue_kind": Lecture.VenueKind.ORCHARD,
        "place": "杏园",
        "audience_kind": Lecture.AudienceKind.VILLAGERS,
    } | kw
    return services.lecture_record(
        region=region, team=team, held_on=day, audience_size=size, **fields
    )
