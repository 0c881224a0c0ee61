"""The volunteering demo on the test world: 市公交公司's 雷锋志愿服务队 under the bus company's
party committee with 1,000+ registered volunteers, activities from 2022, regulars past 100
hours (stars), certificates; its residents live in no grid, so 大学东路街道's figures do not
move; built again, it changes nothing."""

import datetime
import time

from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.organizations.demo_units import BUS_COMPANY
from banshi.people.models import Resident
from banshi.volunteers.demo import build_demo_volunteers
from banshi.volunteers.models import ServiceRecord, Volunteer, VolunteerTeam

NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 12, 0))


def test_the_demo_team(world):
    street_before = figures.compute(world.street, Period.month(2026, 11))
    residents_before = Resident.objects.count()
    started = time.monotonic()
    out = build_demo_volunteers(seed=7, now=NOW)
    elapsed = time.monotonic() - started
    team = VolunteerTeam.objects.get(pk=out["team"])
    assert team.name == "雷锋志愿服务队" and team.organization.name == BUS_COMPANY
    assert team.region == world.city
    assert out["volunteers"] >= 1000
    assert Volunteer.objects.filter(team=team, active=True).count() == out["volunteers"]
    new = Resident.objects.count() - residents_before
    assert (
        new >= 1000
        and not Resident.objects.filter(grid__isnull=True).exclude(volunteering__team=team).exists()
    )
    records = ServiceRecord.objects.filter(activity__team=team)
    years = {d.year for d in records.dates("signed_in_at", "year")}
    assert years == {2022, 2023, 2024, 2025, 2026}
    assert not records.filter(signed_in_at__gt=NOW).exists()
    assert all(r.hours <= r.activity.length_hours for r in records.select_related("activity")[:500])
    assert out["starred"] >= 10 and out["certificates"] >= 1
    assert elapsed < 15, elapsed  # about 1.5 s on an idle machine; the CPUs are shared
    # 大学东路街道's figures as they were (but the volunteer ones of its own teams: none).
    assert figures.compute(world.street, Period.month(2026, 11)) == street_before
    city = figures.get("volunteers_registered").compute(world.city, Period.month(2026, 11))
    assert city == out["volunteers"]
    again = build_demo_volunteers(seed=7, now=NOW)
    assert again == out and Resident.objects.count() - residents_before == new
