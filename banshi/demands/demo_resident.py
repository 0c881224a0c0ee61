"""The demo resident's own demands (part of the demand build, `demo.py`), so the resident's
workbench has each state to show: one rated last month, one resolved and waiting for their
rating, one still being handled."""

import datetime

from banshi.access.models import RoleAssignment

from . import services
from .models import Category, Demand

S = Demand.State

RESIDENT_DEMANDS = [
    ("heating", "家里暖气不热，室温只有十五度", 40, "rated"),
    ("property", "单元门禁坏了一周，晚上进出不安全", 9, "resolved"),
    ("sanitation", "楼下垃圾桶满了没人清运，气味很大", 2, "in_progress"),
]


def demo_resident_demands(now) -> None:
    account = (
        RoleAssignment.objects.filter(role=RoleAssignment.Role.RESIDENT, resident__isnull=False)
        .select_related("resident__household", "user")
        .order_by("pk")
        .first()
    )
    if account is None or account.resident.household is None:
        return  # built without the demo accounts (the tests of the demand build)
    day = datetime.timedelta(days=1)
    hour = datetime.timedelta(hours=1)
    for code, text, days_ago, end in RESIDENT_DEMANDS:
        at = now - days_ago * day
        demand = services.demand_submit(
            category=Category.objects.get(code=code),
            description=text,
            channel=Demand.Channel.WEB,
            user=account.user,
            household=account.resident.household,
            received_at=at,
            now=at,
        ).demand
        if demand.state != S.DISPATCHED:
            continue  # waits at a desk: the street's demo account dispatches it
        services.demand_sign(demand=demand, user=None, now=at + hour)
        services.demand_start(demand=demand, user=None, now=at + 2 * hour)
        if end == "in_progress":
            continue
        services.demand_resolve(
            demand=demand, user=None, note="已联系相关单位处理完毕，现场已复查", now=at + 2 * day
        )
        if end == "rated":
            services.demand_rate(
                demand=demand,
                user=account.user,
                rating=Demand.Rating.SATISFIED,
                now=at + 3 * day,
            )
