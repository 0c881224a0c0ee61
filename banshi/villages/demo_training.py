"""The 头雁领航 training in the villages demo: the county's course for the year, its
sessions held so far, most secretaries at most sessions (a few at none), and some reserve
cadres at the session on industry."""

import datetime
import random
from decimal import Decimal

from banshi.territory.models import Region

from . import services
from .models import Course, ReserveCadre

SESSIONS = [
    ((3, 18), "学习贯彻党的二十大精神", "4"),
    ((5, 22), "乡村振兴与特色产业发展", "4"),
    ((7, 16), "基层治理与矛盾纠纷调解", "3.5"),
    ((9, 10), "村级财务与“三资”管理", "3"),
    ((11, 5), "比武争星：村党组织书记述职演练", "4"),
]
ABSENT = 6  # secretaries who attended no session


def build_training(rng: random.Random, county: Region, villages, today, vacant) -> Course:
    year = today.year
    course = services.course_create(
        region=county,
        name=f"{year}年头雁领航专题培训班",
        organizer="中共清水河县委组织部",
        year=year,
    )
    sessions = [
        services.session_add(
            course=course,
            held_on=datetime.date(year, m, d),
            hours=Decimal(hours),
            topic=topic,
            place="清水河县委党校",
        )
        for (m, d), topic, hours in SESSIONS
        if datetime.date(year, m, d) < today
    ]
    absent = set(rng.sample([i for i in range(len(villages)) if i not in vacant], ABSENT))
    pools = {}
    cadres = ReserveCadre.objects.filter(village__in=[v.region for v in villages])
    for c in cadres.select_related("resident").order_by("pk"):
        pools.setdefault(c.village_id, []).append(c.resident)
    sheets: list[list] = [[] for _ in sessions]
    for n, v in enumerate(villages):
        if n in absent:
            continue
        for i in range(len(sessions)):
            if i == 0 or rng.random() >= 0.15:
                sheets[i].append((v.region, v.secretary.resident))
        if len(sessions) > 1 and pools.get(v.region.pk) and rng.random() < 0.3:
            sheets[1].append((v.region, pools[v.region.pk][0]))
    for session, rows in zip(sessions, sheets, strict=True):
        services.attendance_record_many(session=session, rows=rows)
    return course
