"""Training: a course, sessions with hours, and attendance; the village's secretary that
day counts as a trained secretary, and hours add up per person."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banshi.organizations.services import committee_seat_vacate
from banshi.villages import selectors, services
from tests.villages.conftest import person


@pytest.fixture
def course(places):
    return services.course_create(
        region=places.county,
        name="2026年头雁领航专题培训班",
        organizer="中共清水河县委组织部",
        year=2026,
    )


def test_sessions_and_hours(places, users, course):
    one = services.session_add(
        course=course, held_on="2026-03-18", hours="4", topic="党的二十大精神"
    )
    two = services.session_add(course=course, held_on="2026-05-22", hours=3.5, topic="乡村振兴")
    with pytest.raises(ValidationError, match="须在培训班年度内"):
        services.session_add(course=course, held_on="2025-05-22", hours=3, topic="x")
    with pytest.raises(ValidationError, match="学时须大于0"):
        services.session_add(course=course, held_on="2026-05-22", hours=0, topic="x")
    with pytest.raises(ValidationError, match="学时须为数字"):
        services.session_add(course=course, held_on="2026-05-22", hours="四", topic="x")
    with pytest.raises(PermissionDenied):
        services.session_add(
            course=course, held_on="2026-05-22", hours=3, topic="x", user=users.town
        )
    a, b = places.a, places.b
    secretary = a.secretary.member.resident
    services.attendance_record(session=one, village=a.region, resident=secretary)
    # B's secretary left before the second session: attending it, he is no longer one.
    committee_seat_vacate(seat=b.secretary, ended_on="2026-04-01", note="调任")
    services.attendance_record_many(
        session=two,
        rows=[
            (a.region, secretary),
            (b.region, b.secretary.member.resident),
            (a.region, person("后备")),
        ],
    )
    with pytest.raises(ValidationError, match="已登记参训"):
        services.attendance_record(session=one, village=a.region, resident=secretary)
    rows = selectors.training_hours(user=users.town, village=a.region)
    assert [(r["resident__name"], r["hours"], r["sessions"], r["secretary"]) for r in rows] == [
        (secretary.name, Decimal("7.5"), 2, 2),
        ("后备", Decimal("3.5"), 1, 0),
    ]
    hours = selectors.secretary_hours(user=users.county, region=places.county, year=2026)
    assert [(h["village__name"], h["hours"]) for h in hours] == [("王桂窑村", Decimal("7.5"))]
    assert selectors.secretary_hours(user=users.other_town, region=places.county, year=2026) == []
