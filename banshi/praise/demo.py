"""The praise demo: 市公交公司's party committee with its brand 学雷锋365 (three goals, five
levels of linkage, six kinds of carrier: 16 Lei Feng routes including 66路, 73路 and 26路,
39 themed carriages, 2 model posts, 42 company-level post models, a classroom and the
volunteer team) and its 2022 praise: exactly 410 through 12345, 373 letters and 27 silk
banners, spread over the year, some naming a route. The committee sits at the city's region,
so no street's figure changes. Deterministic; bulk writes; rebuilt, it replaces itself."""

import datetime
import random

from django.utils import timezone

from banshi.organizations.demo_units import bus_company_committee
from banshi.volunteers.models import VolunteerTeam

from .models import Brand, Carrier, PraiseRecord

YEAR = 2022
BRAND = "学雷锋365"
GOALS = ["学雷锋做好事", "学雷锋做好人", "学雷锋做标杆"]
LINKAGE = ["公司党委", "分公司党总支", "车队党支部", "线路党小组", "党员岗位"]
ROUTES = [
    "66",
    "73",
    "26",
    "1",
    "3",
    "5",
    "8",
    "11",
    "16",
    "21",
    "33",
    "37",
    "45",
    "52",
    "59",
    "88",
]
CARRIAGES = 39
MODEL_POSTS = ["客服中心学雷锋服务窗口", "调度中心雷锋示范岗"]
POST_MODELS = 42
PRAISE = {
    PraiseRecord.Kind.HOTLINE: 410,
    PraiseRecord.Kind.LETTER: 373,
    PraiseRecord.Kind.BANNER: 27,
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "志伟建国秀英丽华海军红梅永强晓东文明玉兰国庆春燕立新桂芳宏亮雪峰金凤德胜"
THANKS = {
    PraiseRecord.Kind.HOTLINE: "市民来电表扬{who}驾驶员热情服务、帮助老人上下车",
    PraiseRecord.Kind.LETTER: "乘客来信感谢{who}拾金不昧、归还遗失物品",
    PraiseRecord.Kind.BANNER: "乘客赠送锦旗，感谢{who}危急时刻救助突发疾病乘客",
}
SOURCES = {
    PraiseRecord.Kind.HOTLINE: "12345热线",
    PraiseRecord.Kind.LETTER: "乘客来信",
    PraiseRecord.Kind.BANNER: "乘客赠送",
}


def _names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    seen = set()
    while len(names) < n:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _drop(unit) -> None:
    PraiseRecord.objects.filter(unit=unit).delete()
    Carrier.objects.filter(brand__owner=unit).delete()
    Brand.objects.filter(owner=unit).delete()


def build_demo_praise(*, seed: int = 0, now: datetime.datetime) -> dict:
    unit = bus_company_committee()
    if unit is None:
        return {}
    rng = random.Random(seed)
    _drop(unit)
    brand = Brand.objects.create(
        owner=unit,
        name=BRAND,
        goals=GOALS,
        linkage=LINKAGE,
        description="以“学雷锋做好事、做好人、做标杆”为目标，五级联动，365天天天学雷锋。",
    )
    named = datetime.date(2021, 3, 5)
    K = Carrier.Kind
    carriers = [Carrier(brand=brand, kind=K.CLASSROOM, name="雷锋课堂", named_on=named)]
    carriers += [
        Carrier(brand=brand, kind=K.ROUTE, name=f"{n}路", number=f"{n}路", named_on=named)
        for n in ROUTES
    ]
    plates = rng.sample(range(10000, 100000), CARRIAGES)
    carriers += [
        Carrier(brand=brand, kind=K.CARRIAGE, name=f"雷锋车厢 蒙A·{p}", number=f"蒙A·{p}")
        for p in plates
    ]
    carriers += [
        Carrier(brand=brand, kind=K.MODEL_POST, name=n, named_on=named) for n in MODEL_POSTS
    ]
    carriers += [
        Carrier(brand=brand, kind=K.POST_MODEL, name=n, level=Carrier.Level.COMPANY)
        for n in _names(rng, POST_MODELS)
    ]
    # The volunteers demo's team of the committee, when it was built first (else unlinked).
    team = VolunteerTeam.objects.filter(organization=unit).order_by("pk").first()
    carriers.append(Carrier(brand=brand, kind=K.VOLUNTEER_TEAM, name="雷锋志愿服务队", team=team))
    Carrier.objects.bulk_create(carriers)
    routes = list(Carrier.objects.filter(brand=brand, kind=K.ROUTE))
    region = unit.region
    start = datetime.date(YEAR, 1, 1)
    rows = []
    for kind, n in PRAISE.items():
        for i in range(n):
            day = start + datetime.timedelta(days=(i * 365) // n + rng.randrange(0, 365 // n + 1))
            day = min(day, datetime.date(YEAR, 12, 31))
            route = rng.choice(routes) if rng.random() < 0.4 else None
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + i % 8)))
            rows.append(
                PraiseRecord(
                    kind=kind,
                    received_on=day,
                    source=SOURCES[kind],
                    content=THANKS[kind].format(who=route.name if route else "公交"),
                    unit=unit,
                    region=region,
                    carrier=route,
                    external_id=f"BY{YEAR}{i + 1:05d}" if kind == PraiseRecord.Kind.HOTLINE else "",
                    recorded_at=at,
                )
            )
    PraiseRecord.objects.bulk_create(rows, batch_size=500)
    counts = {kind.value: n for kind, n in PRAISE.items()}
    for kind in K:
        counts[f"carriers_{kind.value}"] = sum(1 for c in carriers if c.kind == kind)
    return {"brand": brand.pk, "team": team.pk if team else None, **counts}
