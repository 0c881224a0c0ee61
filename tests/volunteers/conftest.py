"""Fixtures for volunteering on the test world: 乌兰社区's team (owned by the community),
its managers (the community's staff and the street's), a volunteer who signs in on their
phone (a resident of 乌兰社区第一网格), an activity that started four hours ago and ends in
an hour, and outsiders (内工大社区's staff, 新城区's)."""

import datetime
import json
import uuid
from types import SimpleNamespace

import pytest
from django.utils import timezone

from banshi.volunteers import services
from banshi.volunteers.codes import checkin_code
from tests.web.conftest import login, superuser  # noqa: F401 (fixtures)


@pytest.fixture
def staff(world, make_user):
    return SimpleNamespace(
        community=make_user("wl", "community", region=world.community),
        street=make_user("dxdl", "street", region=world.street),
        other=make_user("ngd", "community", region=world.community2),
        elsewhere=make_user("xc", "district", region=world.other_district),
    )


@pytest.fixture
def team(world, staff):
    return services.team_create(
        name="乌兰社区志愿服务队", community=world.community, user=staff.community
    )


@pytest.fixture
def member(world, team, make_user, staff):
    resident = world.residents[world.grid1.code][0]
    user = make_user("vol", "resident", resident=resident)
    volunteer = services.volunteer_register(team=team, resident=resident, user=staff.community)
    return SimpleNamespace(user=user, resident=resident, volunteer=volunteer)


@pytest.fixture
def other_member(world, team, make_user, staff):
    resident = world.residents[world.grid1.code][1]
    user = make_user("vol2", "resident", resident=resident)
    volunteer = services.volunteer_register(team=team, resident=resident, user=user)
    return SimpleNamespace(user=user, resident=resident, volunteer=volunteer)


@pytest.fixture
def activity(team, staff):
    now = timezone.now().replace(second=0, microsecond=0)
    return services.activity_create(
        team=team,
        title="清理楼道小广告",
        place="乌兰社区1号楼",
        content="清理、宣传",
        starts_at=now - datetime.timedelta(hours=4),
        ends_at=now + datetime.timedelta(hours=1),
        capacity=20,
        user=staff.community,
    )


def sync(client, *, activity, at, kind="in", code=None, client_id=None):
    """What the phone's outbox posts."""
    body = {
        "client_id": str(client_id or uuid.uuid4()),
        "kind": kind,
        "code": code if code is not None else checkin_code(activity, at),
        "at": at.isoformat(),
    }
    response = client.post(
        "/volunteers/checkin/sync/", data=json.dumps(body), content_type="application/json"
    )
    return response, body
