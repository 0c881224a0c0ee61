"""The riders' 骑手随手拍 for the demo: an account for one of 美团青城骑手流动党员党支部's
riders who live in 大学东路街道 (demo_rider), and what the riders reported over the last two
months — loose manhole covers, blocked fire lanes, broken street lights — each submitted
through the riders' channel and routed like any demand to the grid it was seen in. No
resident or household is added, so the street's seed figures stay."""

import datetime
import random

from django.utils import timezone
from shapely.geometry import shape

from banshi.access.models import RoleAssignment
from banshi.demands import services
from banshi.demands.models import Category, Demand
from banshi.organizations.models import PartyMember
from banshi.partylife.demo.orgs import Accounts
from banshi.territory.models import Grid

STREET_PREFIX = "150105001"
REPORTS = (
    ("municipal", "送餐路过，路口井盖松动，电动车经过很危险"),
    ("municipal", "小区门口路灯坏了好几天，晚上送单看不清路"),
    ("parking", "小区消防通道被私家车堵住，救护车进不来"),
    ("sanitation", "楼下垃圾桶满溢，一直没人清运"),
    ("public_order", "学校门口接送时段违停严重，骑手无法通行"),
    ("municipal", "人行道地砖破损翘起，容易绊倒行人"),
)


def build_demo_riders(*, seed: int, now: datetime.datetime) -> dict:
    riders = list(
        PartyMember.objects.filter(
            is_mobile=True, resident__grid__code__startswith=STREET_PREFIX
        ).select_related("resident")[:8]
    )
    if not riders:
        return {}
    accounts = Accounts()
    user = accounts.make("demo_rider", RoleAssignment.Role.RESIDENT, resident=riders[0].resident)
    categories = {c.code: c for c in Category.objects.filter(active=True)}
    grids = list(Grid.objects.filter(code__startswith=STREET_PREFIX).order_by("code"))
    rng = random.Random(seed + 15)
    made = 0
    for n in range(18):
        code, text = REPORTS[n % len(REPORTS)]
        category = categories.get(code) or next(iter(categories.values()))
        point = shape(rng.choice(grids).boundary).representative_point()
        at = now - datetime.timedelta(days=60 - n * 3, hours=rng.randint(0, 10))
        services.demand_submit(
            category=category,
            description=text,
            channel=Demand.Channel.RIDER,
            user=user,
            lat=point.y,
            lng=point.x,
            now=min(at, timezone.now()),
        )
        made += 1
    return {"rider_demands": made, "accounts": accounts.names}
