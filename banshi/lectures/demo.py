"""Demo lectures from the seed page: 毕克齐镇新时代文明实践所's lecture team with a year of
talks in its villages (道德讲堂, 毕川讲堂, 田间地头, 葡萄架下), among them the one in
大旗村's apricot orchard on 23 April, and 托克托县人武部's national-defence lecture at
托克托县第二中学. Every talk goes through `lecture_record`; deterministic for a seed and a
`now`. The county regions come from `banshi/demo/regions.py`; the village 大旗村 is created
under 毕克齐镇 through the territory services if the tree has no such village yet."""

import datetime
import random

from django.db import transaction

from banshi.territory.models import Region
from banshi.territory.services import region_create

from . import services
from .models import Lecture

TUMOTE_LEFT = "150121000000"
TOGTOH = "150122000000"
TEAM_NAME = "毕克齐镇新时代文明实践所理论政策宣讲小分队"
ORCHARD_TOPIC = "学习贯彻党的二十大精神 助力乡村振兴"
MEMBERS = [
    ("王建军", "队长"),
    ("李秀梅", "宣讲员"),
    ("张志强", "宣讲员"),
    ("刘海燕", "宣讲员"),
    ("赵永平", "宣讲员"),
]
TOPICS = [
    "学习贯彻党的二十大精神",
    "铸牢中华民族共同体意识",
    "乡村振兴政策解读",
    "惠农补贴政策宣讲",
    "移风易俗 文明乡风",
    "农村人居环境整治",
    "防范电信网络诈骗",
    "民法典与农村生活",
]
# (venue kind, place pattern) for the team's usual venues.
VENUES = [
    (Lecture.VenueKind.MORAL_HALL, "{village}道德讲堂"),
    (Lecture.VenueKind.HALL, "毕川讲堂"),
    (Lecture.VenueKind.FIELD, "{village}田间地头"),
    (Lecture.VenueKind.ORCHARD, "{village}葡萄架下"),
]
VILLAGES = ["大旗村", "毕克齐村", "腮忽洞村", "东营村"]
VILLAGE_FIRST_NO = 201  # 村委会 codes run 200–399 within a township


def _region(name: str, parent_code: str) -> Region:
    return Region.objects.get(name=name, parent__code=parent_code)


def _village(town: Region, name: str) -> Region:
    found = Region.objects.filter(parent=town, name=name).first()
    if found is not None:
        return found
    taken = set(Region.objects.filter(parent=town).values_list("code", flat=True))
    no = VILLAGE_FIRST_NO
    while f"{town.code[:9]}{no:03d}" in taken:
        no += 1
    return region_create(code=f"{town.code[:9]}{no:03d}", name=name, kind="village", parent=town)


def _last(month: int, day: int, now: datetime.date) -> datetime.date:
    """The latest `month`-`day` not after `now`."""
    this_year = datetime.date(now.year, month, day)
    return this_year if this_year <= now else datetime.date(now.year - 1, month, day)


@transaction.atomic
def build_demo_lectures(*, seed: int = 0, now: datetime.datetime) -> dict:
    rng = random.Random(f"lectures-{seed}")
    today = now.date() if isinstance(now, datetime.datetime) else now
    bikeqi = _region("毕克齐镇", TUMOTE_LEFT)
    villages = {name: _village(bikeqi, name) for name in VILLAGES}
    team = services.lecture_team_create(
        name=TEAM_NAME, region=bikeqi, host_unit="毕克齐镇新时代文明实践所"
    )
    for name, role in MEMBERS:
        services.lecture_team_member_add(team=team, name=name, role=role)
    orchard_day = _last(4, 23, today)
    services.lecture_record(
        team=team,
        region=villages["大旗村"],
        held_on=orchard_day,
        topic=ORCHARD_TOPIC,
        speaker_name=MEMBERS[0][0],
        venue_kind=Lecture.VenueKind.ORCHARD,
        place="大旗村杏园",
        audience_size=65,
        audience_kind=Lecture.AudienceKind.VILLAGERS,
    )
    talks = 1
    # A year of talks up to today: two or three a month at the team's usual venues.
    for back in range(13):
        index = today.year * 12 + today.month - 1 - back
        first = datetime.date(index // 12, index % 12 + 1, 1)
        for _ in range(rng.randint(2, 3)):
            day = first + datetime.timedelta(days=rng.randrange(28))
            if day >= today or day == orchard_day:
                continue
            village = rng.choice(VILLAGES)
            kind, place = rng.choice(VENUES)
            services.lecture_record(
                team=team,
                region=villages[village],
                held_on=day,
                topic=rng.choice(TOPICS),
                speaker_name=rng.choice(MEMBERS)[0],
                venue_kind=kind,
                place=place.format(village=village),
                audience_size=rng.randint(20, 90),
                audience_kind=Lecture.AudienceKind.VILLAGERS,
            )
            talks += 1
    shuanghe = _region("双河镇", TOGTOH)
    services.lecture_record(
        team=None,
        host_unit="托克托县人武部",
        region=shuanghe,
        held_on=_last(9, 18, today),
        topic="国防教育进校园：强国必须强军",
        speaker_name="托克托县人武部政委",
        venue_kind=Lecture.VenueKind.SCHOOL,
        place="托克托县第二中学",
        audience_size=420,
        audience_kind=Lecture.AudienceKind.STUDENTS,
    )
    return {"team": team, "lectures": talks + 1}
