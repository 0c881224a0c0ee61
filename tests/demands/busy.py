"""A rider's demand for a test world that must give every registered figure something to
count (the dashboards' `busy` fixture calls `add_rider_demand`): a resident of 乌兰社区第一
网格 who is a mobile party member (a delivery rider) reports through 骑手随手拍."""

import datetime

from django.contrib.auth import get_user_model

from banshi.access.models import RoleAssignment
from banshi.demands import services
from banshi.demands.models import Category, Demand
from banshi.organizations.models import PartyMember
from banshi.organizations.services import member_admit, organization_create
from banshi.people.services import resident_create
from tests.conftest import make_id_number
from tests.demands.conftest import inside


def make_rider(world, username: str = "rider"):
    """A user whose resident (the first of the world's residents not yet a party member, or
    a new one in grid 1) is a mobile party member of a riders' branch."""
    members = set(PartyMember.objects.values_list("resident_id", flat=True))
    grids = (world.grid1, world.grid2, world.grid3)
    everyone = [r for grid in grids for r in world.residents[grid.code]]
    resident = next((r for r in everyone if r.pk not in members), None)
    if resident is None:  # every resident is a member already: a new one in grid 1
        resident = resident_create(
            name="骑手张",
            id_number=make_id_number(901),
            household=world.households[world.grid1.code][0],
        )
    org = organization_create(
        name="骑手流动党员党支部", kind="branch", region=world.city, is_mobile=True
    )
    member_admit(
        resident=resident,
        organization=org,
        joined_on=datetime.date(2021, 7, 1),
        is_mobile=True,
        occupation="外卖骑手",
    )
    user = get_user_model().objects.create_user(username=username, password="Banshi-test-1")
    RoleAssignment.objects.create(user=user, role="resident", resident=resident)
    return user


def add_rider_demand(world, *, at) -> Demand:
    lat, lng = inside(0)
    return services.demand_submit(
        category=Category.objects.get(code="sanitation"),
        description="送餐路过，小区门口的井盖松动，电动车经过容易出事",
        channel=Demand.Channel.RIDER,
        user=make_rider(world),
        lat=lat,
        lng=lng,
        now=at,
    ).demand
