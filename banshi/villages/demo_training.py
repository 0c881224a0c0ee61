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


# 拉练观摩: after the summer sessions the secretaries go to see two villages of other
# counties that the seed names (大旗村's lectures in its apricot orchard, 台格斗村's red site).
TOUR_STOPS = [
    ("大旗村", "毕克齐镇", (9, 16), "杏园里的理论宣讲、村集体经济合作社"),
    ("台格斗村", "盛乐镇", (9, 17), "抗日遗址红色教育基地、人居环境整治"),
]
TOUR_SIZE = 16


def build_tour(rng: random.Random, county: Region, villages, today, vacant):
    """The year's observation tour of the county's village secretaries (none when its days
    are still to come, or when the villages it visits are not in the database)."""
    year = today.year
    start, end = datetime.date(year, 9, 16), datetime.date(year, 9, 17)
    found = [
        (Region.objects.filter(name=name, parent__name=town).first(), (m, d), seen)
        for name, town, (m, d), seen in TOUR_STOPS
    ]
    if end >= today or not all(v for v, _d, _s in found):
        return None
    tour = services.tour_create(
        county=county,
        title=f"{year}年村党组织书记赴土左旗、和林格尔县拉练观摩",
        starts_on=start,
        ends_on=end,
    )
    for village, (m, d), seen in found:
        services.tour_stop_add(
            tour=tour, village=village, visited_on=datetime.date(year, m, d), seen=seen
        )
    chosen = rng.sample([i for i in range(len(villages)) if i not in vacant], TOUR_SIZE)
    for n in sorted(chosen):
        services.tour_participant_add(tour=tour, member=villages[n].secretary)
    return services.tour_summarize(
        tour=tour,
        summary="看大旗村把宣讲搬进杏园、把合作社办成村集体增收的抓手；看台格斗村用好红色资源。"
        "回村后各书记结合本村实际，拿出一项可学可做的举措，年底前在支部党员大会上通报。",
    )
