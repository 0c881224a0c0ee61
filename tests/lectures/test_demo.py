"""The lectures demo: the 毕克齐镇 team's year of talks with the 23 April one in 大旗村's
apricot orchard, and 托克托县人武部's lecture at the second middle school; deterministic
and quick."""

import datetime

import pytest
from django.utils import timezone

from banshi.lectures.demo import TEAM_NAME, build_demo_lectures
from banshi.lectures.models import Lecture
from banshi.territory.models import Region

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1))


@pytest.fixture
def counties(db):
    city = Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")
    left = Region.objects.create(code="150121000000", name="土默特左旗", kind="banner", parent=city)
    Region.objects.create(code="150121101000", name="毕克齐镇", kind="town", parent=left)
    tok = Region.objects.create(code="150122000000", name="托克托县", kind="county", parent=city)
    Region.objects.create(code="150122100000", name="双河镇", kind="town", parent=tok)


def _rows():
    return list(
        Lecture.objects.order_by("held_on", "id").values_list(
            "held_on", "region__name", "venue_kind", "audience_size", "speaker_name"
        )
    )


def test_the_demo_lectures(counties):
    out = build_demo_lectures(seed=7, now=NOW)
    assert out["team"].name == TEAM_NAME
    assert Lecture.objects.count() == out["lectures"] >= 20
    orchard = Lecture.objects.get(held_on=datetime.date(2026, 4, 23))
    assert orchard.region.name == "大旗村" and orchard.region.parent.name == "毕克齐镇"
    assert orchard.venue_kind == Lecture.VenueKind.ORCHARD and orchard.team == out["team"]
    school = Lecture.objects.get(host_unit="托克托县人武部")
    assert school.team is None and school.place == "托克托县第二中学"
    assert school.venue_kind == Lecture.VenueKind.SCHOOL
    assert school.audience_kind == Lecture.AudienceKind.STUDENTS
    assert all(d <= NOW.date() for d in Lecture.objects.values_list("held_on", flat=True))
    months = {d.replace(day=1) for d in Lecture.objects.values_list("held_on", flat=True)}
    assert len(months) >= 12


def test_the_demo_is_deterministic(counties):
    build_demo_lectures(seed=7, now=NOW)
    first = _rows()
    Lecture.objects.all().delete()
    build_demo_lectures(seed=7, now=NOW)  # the village exists now: it is reused
    assert _rows() == first
    assert Region.objects.filter(name="大旗村").count() == 1
