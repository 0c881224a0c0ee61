"""A volunteer team carrier rolls up its team's registered volunteers and hours (the
volunteers app's records): on the carrier's page, the brand's page and in the command;
only a volunteer team carrier links a team."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from banshi.praise import services
from banshi.volunteers.models import ServiceRecord, Volunteer, VolunteerActivity, VolunteerTeam


def at(hour):
    return timezone.make_aware(datetime.datetime(2026, 3, 5, hour))


@pytest.fixture
def team(pw):
    team = VolunteerTeam.objects.create(
        name="公交雷锋志愿服务队", organization=pw.unit, region=pw.world.street
    )
    activity = VolunteerActivity.objects.create(
        team=team, title="学雷锋日", place="66路", starts_at=at(8), ends_at=at(12), capacity=10
    )
    for i, resident in enumerate(pw.world.residents[pw.world.grid1.code]):
        v = Volunteer.objects.create(
            team=team, resident=resident, joined_on=datetime.date(2026, 1, 1)
        )
        ServiceRecord.objects.create(
            volunteer=v,
            activity=activity,
            signed_in_at=at(8),
            signed_out_at=at(10 + i),
            source="code",
        )
    return team


def test_the_team_s_members_and_hours_roll_up(pw, team, login):
    carrier = services.carrier_create(
        brand=pw.brand, kind="volunteer_team", name="雷锋志愿服务队", team=team
    )
    page = login(pw.street).get(f"/praise/carriers/{carrier.pk}/").content.decode()
    assert "注册志愿者 2 人，服务时长 5.0 小时" in page
    brand = login(pw.street).get(f"/praise/brands/{pw.brand.pk}/").content.decode()
    assert "雷锋志愿服务队：注册志愿者 2 人，服务时长 5.0 小时" in brand
    out = StringIO()
    call_command("praise", unit=pw.unit.name, year=2026, as_json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["teams"] == [{"name": "雷锋志愿服务队", "members": 2, "hours": 5.0}]
    assert data["carriers"]["volunteer_team"] == 1


def test_only_a_team_carrier_links_a_team(pw, team):
    with pytest.raises(ValidationError, match="只有雷锋志愿服务队"):
        services.carrier_create(brand=pw.brand, kind="classroom", name="雷锋课堂", team=team)
