"""Party work in 大学东路街道's enterprises and among its riders for the demo: each of the 13
instructors visits the enterprises they are sent to about once a month over the year before
`now` (some visits leave a follow-up, most closed), and the 4 红蜂驿站 record their days of
service over the last 90 days. Only records beside the street's seeded ones: no enterprise,
station or resident is added, so every seed figure stays. Deterministic; bulk writes."""

import datetime
import random

from django.utils import timezone

from .models import Enterprise, InstructorVisit, RiderStation, StationVisit
from .services import STATION_SERVICES

STREET_PREFIX = "150105001"  # 大学东路街道
NOTES = (
    "走访了解企业生产经营和职工思想动态",
    "指导企业开展“三会一课”和主题党日",
    "宣讲党的路线方针政策，发放学习材料",
    "了解职工中的入党积极分子情况",
    "协调解决企业用工和职工子女入学问题",
    "指导企业工会、共青团组织开展活动",
)
FOLLOW_UPS = ("推荐一名入党积极分子", "协调办理职工技能培训", "联系街道解决停车难问题")


def build_demo_enterprise_work(*, seed: int, now: datetime.datetime) -> dict:
    rng = random.Random(seed + 14)
    today = timezone.localtime(now).date()
    enterprises = list(
        Enterprise.objects.filter(
            grid__code__startswith=STREET_PREFIX, instructor__isnull=False
        ).order_by("pk")
    )
    visits = []
    for e in enterprises:
        day = today - datetime.timedelta(days=365 - rng.randint(0, 20))
        while day < today:
            follow_up = rng.random() < 0.2
            due = day + datetime.timedelta(days=30)
            visits.append(
                InstructorVisit(
                    enterprise=e,
                    instructor_id=e.instructor_id,
                    visited_on=day,
                    notes=rng.choice(NOTES),
                    follow_up=rng.choice(FOLLOW_UPS) if follow_up else "",
                    follow_up_due=due if follow_up else None,
                    follow_up_done_on=(
                        day + datetime.timedelta(days=rng.randint(5, 25))
                        if follow_up and due < today and rng.random() < 0.85
                        else None
                    ),
                )
            )
            day += datetime.timedelta(days=rng.randint(24, 40))
    InstructorVisit.objects.bulk_create(visits)
    days = []
    for station in RiderStation.objects.filter(grid__code__startswith=STREET_PREFIX):
        for back in range(90, 0, -1):
            on = today - datetime.timedelta(days=back)
            days.append(
                StationVisit(
                    station=station,
                    on=on,
                    riders=rng.randint(8, 40) + (10 if on.weekday() >= 5 else 0),
                    services=rng.sample(STATION_SERVICES[:5], k=rng.randint(1, 3)),
                )
            )
    StationVisit.objects.bulk_create(days)
    return {"visits": len(visits), "station_days": len(days)}
