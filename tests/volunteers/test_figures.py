"""The volunteers' figures recounted from their records at every level, and their
drill-downs: registered volunteers (a stock by the team's region), the active ones (distinct
volunteers with a record in the period) and the hours (records plus approved corrections);
a team elsewhere counts for its own region only."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.organizations.services import organization_create
from banshi.volunteers import services

from .busy import add_volunteers

NOV = timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0))
PERIOD = Period.month(2026, 11)
TOTAL = re.compile(r"共 (\d+) 条记录")


def _listed(client, key, code) -> int:
    url = figures.drill_down_url(figures.get(key), code, PERIOD, "records")
    response = client.get(url)
    assert response.status_code == 200, (key, code)
    return int(TOTAL.search(response.content.decode()).group(1))


def test_figures_recount_their_records(world, login, superuser):
    add_volunteers(world, at=NOV)
    # A city-level team (the bus company's), active in October only.
    org = organization_create(name="公交党委", kind="party_committee", region=world.city)
    team = services.team_create(name="雷锋志愿服务队", organization=org)
    resident = world.residents[world.grid3.code][0]
    volunteer = services.volunteer_register(team=team, resident=resident)
    october = NOV - datetime.timedelta(days=20)
    activity = services.activity_create(
        team=team,
        title="雷锋车厢",
        place="66路",
        starts_at=october,
        ends_at=october + datetime.timedelta(hours=8),
        capacity=5,
    )
    early = october - datetime.timedelta(minutes=20)
    services.organiser_sign_in(activity=activity, volunteer=volunteer, at=early)
    services.organiser_sign_out(
        activity=activity, volunteer=volunteer, at=october + datetime.timedelta(hours=8, minutes=20)
    )
    client = login(superuser)
    expected = {
        world.city: (3, 2, 4.5),
        world.district: (2, 2, 4.5),
        world.street: (2, 2, 4.5),
        world.community: (2, 2, 4.5),
        world.community2: (0, 0, 0.0),
    }
    for subject, (registered, active, hours) in expected.items():
        values = {
            key: figures.get(key).compute(subject, PERIOD)
            for key in ("volunteers_registered", "volunteers_active", "volunteer_hours")
        }
        assert values == {
            "volunteers_registered": registered,
            "volunteers_active": active,
            "volunteer_hours": hours,
        }, subject.name
        assert _listed(client, "volunteers_registered", subject.code) == registered
        assert _listed(client, "volunteers_active", subject.code) == active
    october_period = Period.month(2026, 10)
    hours = figures.get("volunteer_hours").compute(world.city, october_period)
    assert Decimal(str(hours)) == Decimal(8)  # capped at the activity's length
