"""Fixtures for rectification: the villages' world (清水河县, 城关镇 with two villages, 宏河镇
with one, their branches and secretaries; users of the county, townships and a village
secretary) and a 2026 campaign."""

import datetime

import pytest

from banshi.rectification import services
from tests.villages.conftest import county, login, person, places, users  # noqa: F401

__all__ = ["county", "login", "person", "places", "users"]


@pytest.fixture
def campaign(places):
    return services.campaign_open(
        county=places.county,
        year=2026,
        screening_deadline=datetime.date(2026, 4, 30),
        rectification_deadline=datetime.date(2026, 6, 30),
    )
