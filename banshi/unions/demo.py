"""The union aid demo on 回民区's 中山西路街道: its union federation with the unions of the red
business district's enterprises (振华广场, 王府井百货, 民族商场 and seven more, named: Banshi
lists no enterprise there) and two enterprises still without one, the city's 2025 and 2026
minimum-living lines, thirty needy-worker files across the classes (two exited after six
months above the line, a few due for re-certification) and a year of four-season aid.
Deterministic; bulk writes, so it stays fast; rebuilt, it replaces itself."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from banshi.territory.models import Region

from . import hardship
from .models import (
    AidCampaign,
    AidRecord,
    EnterpriseUnion,
    IncomeReview,
    NeedyWorker,
    PovertyLine,
    UnionFederation,
)
from .services.federations import federation_roll_sync

CITY = "150100000000"
COUNTY = "150103"  # 回民区
STREET_NAME = "中山西路街道"
YEAR = 2026
LINES = {2025: Decimal("1040"), 2026: Decimal("1090")}  # 元/人·月, 呼和浩特
UNIONS = [
    ("振华广场", datetime.date(2019, 5, 1), 186),
    ("王府井百货", datetime.date(2018, 9, 12), 420),
    ("民族商场", datetime.date(2017, 3, 8), 265),
    ("海亮广场", datetime.date(2020, 6, 18), 140),
    ("天元商厦", datetime.date(2021, 4, 26), 96),
    ("华联超市中山西路店", datetime.date(2022, 7, 1), 58),
    ("银都大厦物业", datetime.date(2023, 3, 15), 44),
    ("民族饭店", datetime.date(2023, 11, 2), 73),
    ("中山西路步行街商户联合", datetime.date(2024, 5, 20), 112),
    ("新华书店中山西路店", datetime.date(2025, 4, 23), 37),
]
NOT_YET = ["大召文创园运营公司", "中山西路停车管理公司"]
# class → number of files (and two that exited)
PLAN = [
    (hardship.DEEP, 8),
    (hardship.RELATIVE, 12),
    (hardship.ACCIDENT, 6),
    ("exited", 2),
    (hardship.NONE, 2),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘"
GIVEN = (
    "建国 海燕 丽娟 志强 秀英 玉兰 永刚 桂芳 文斌 晓红 春梅 国庆 俊峰 淑珍 红霞 利民 "
    "巴特尔 其其格 乌云 额尔敦"
).split()
FRONT_LINE = ["环卫工人", "快递员", "外卖骑手", "保安员", "公交司机", "建筑工人"]
CAMPAIGNS = [
    (
        AidCampaign.Season.WINTER,
        "2026年“冬送温暖”走访慰问困难职工",
        datetime.date(2026, 1, 10),
        datetime.date(2026, 2, 14),
    ),
    (
        AidCampaign.Season.SPRING,
        "2026年“春送岗位”就业援助月",
        datetime.date(2026, 2, 20),
        datetime.date(2026, 4, 30),
    ),
    (
        AidCampaign.Season.SUMMER,
        "2026年“夏送清凉”慰问一线职工",
        datetime.date(2026, 7, 1),
        datetime.date(2026, 8, 31),
    ),
    (
        AidCampaign.Season.AUTUMN,
        "2026年“秋送助学”金秋助学",
        datetime.date(2026, 8, 15),
        datetime.date(2026, 9, 30),
    ),
]


def _street():
    return (
        Region.objects.filter(name=STREET_NAME, code__startswith=COUNTY, kind=Region.Kind.STREET)
        .order_by("code")
        .first()
    )


def _drop(federation) -> None:
    AidRecord.objects.filter(campaign__federation=federation).delete()
    AidCampaign.objects.filter(federation=federation).delete()
    IncomeReview.objects.filter(worker__federation=federation).delete()
    NeedyWorker.objects.filter(federation=federation).delete()
    EnterpriseUnion.objects.filter(federation=federation).delete()
    federation.delete()


def _household(rng, klass, line):
    """(members, annual income, annual costs) that fall in `klass` against `line`."""
    members = rng.randint(2, 5)
    share = {
        hardship.DEEP: (40, 95),
        hardship.RELATIVE: (105, 190),
        hardship.ACCIDENT: (210, 300),
        hardship.NONE: (210, 320),
        "exited": (220, 320),
    }[klass]
    per_head = line * rng.randint(*share) / 100
    income = (per_head * members * 12 / 100).quantize(Decimal(1)) * 100
    costs = Decimal(rng.randint(0, 20)) * 100
    if klass == hardship.ACCIDENT:
        costs = (income * rng.randint(85, 130) / 100).quantize(Decimal(1))
    return members, income, costs


def build_demo_unions(*, seed: int = 0, now: datetime.datetime) -> dict:
    street = _street()
    city = Region.objects.filter(code=CITY).first()
    if street is None or city is None:
        return {}
    known = UnionFederation.objects.filter(region=street).first()
    if known is not None:
        _drop(known)
    rng = random.Random(seed * 977 + 14)
    today = timezone.localdate(now)
    for year, amount in LINES.items():
        PovertyLine.objects.update_or_create(region=city, year=year, defaults={"amount": amount})
    federation = UnionFederation.objects.create(region=street, name=f"{STREET_NAME}工会联合会")
    unions = EnterpriseUnion.objects.bulk_create(
        [
            EnterpriseUnion(
                federation=federation, enterprise_name=name, founded_on=founded, members=members
            )
            for name, founded, members in UNIONS
        ]
        + [EnterpriseUnion(federation=federation, enterprise_name=name) for name in NOT_YET]
    )
    federation_roll_sync(federation=federation)
    founded = [u for u in unions if u.founded_on]
    files, reviews = [], []
    names = iter(rng.sample([s + g for s in SURNAMES for g in GIVEN], 60))
    n = 0
    for klass, how_many in PLAN:
        for _i in range(how_many):
            n += 1
            certified_on = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 520))
            line = LINES[certified_on.year]
            members, income, costs = _household(rng, klass, line)
            computed = hardship.classify(income=income, members=members, costs=costs, line=line)
            recertified = None
            if certified_on.year == 2025 and n % 4:  # a few 2025 files are due again
                recertified = hardship.add_months(certified_on, 12) - datetime.timedelta(days=3)
                if recertified > today:
                    recertified = None
            w = NeedyWorker(
                federation=federation,
                union=founded[n % len(founded)],
                worker_name=next(names),
                household_members=members,
                household_income=income,
                accident_costs=costs,
                line=line,
                hardship=computed,
                certified_on=certified_on,
                last_recertified_on=recertified,
            )
            if klass == "exited":
                w.certified_on = datetime.date(2025, 3, 1)
                w.last_recertified_on = datetime.date(2026, 2, 26)
                w.status = NeedyWorker.Status.EXITED
                w.exited_on = datetime.date(2026, 9, 5)
                w.exit_reason = "连续6个月家庭人均收入高于低保标准"
            files.append(w)
    NeedyWorker.objects.bulk_create(files)
    at = timezone.make_aware(datetime.datetime(2026, 9, 5, 10, 0))
    for w in files:
        if w.status != NeedyWorker.Status.EXITED:
            continue
        for m in range(3, 9):
            reviews.append(
                IncomeReview(
                    worker=w,
                    month=datetime.date(2026, m, 1),
                    household_members=w.household_members,
                    household_income=w.household_income,
                    accident_costs=w.accident_costs,
                    line=LINES[2026],
                    hardship=w.hardship,
                    above_line=True,
                    recorded_at=at,
                )
            )
    IncomeReview.objects.bulk_create(reviews)
    campaigns = AidCampaign.objects.bulk_create(
        [
            AidCampaign(
                federation=federation,
                year=YEAR,
                season=season,
                title=title,
                starts_on=start,
                ends_on=end,
            )
            for season, title, start, end in CAMPAIGNS
        ]
    )
    records = _aid(rng, campaigns, files, names)
    AidRecord.objects.bulk_create(records)
    by_class = {
        k: sum(1 for w in files if w.hardship == k and w.status == "active")
        for k in (hardship.DEEP, hardship.RELATIVE, hardship.ACCIDENT)
    }
    return {
        "federation": federation.pk,
        "unions": len(founded),
        "roll": len(unions),
        "files": len(files),
        **{f"files_{k}": v for k, v in by_class.items()},
        "campaigns": len(campaigns),
        "aid_records": len(records),
        "aid_amount": float(sum(r.amount for r in records)),
    }


def _given(rng, campaign) -> datetime.date:
    days = (campaign.ends_on - campaign.starts_on).days
    return campaign.starts_on + datetime.timedelta(days=rng.randint(0, days))


def _aid(rng, campaigns, files, names) -> list[AidRecord]:
    winter, spring, summer, autumn = campaigns
    needy = [w for w in files if w.hardship != hardship.NONE]
    records = []
    for w in needy:  # every needy family visited in winter
        amount = Decimal({hardship.DEEP: 1000, hardship.ACCIDENT: 800}.get(w.hardship, 500))
        records.append(
            AidRecord(
                campaign=winter,
                worker=w,
                worker_name=w.worker_name,
                kind=AidRecord.Kind.CASH,
                amount=amount,
                given_on=_given(rng, winter),
            )
        )
    for w in rng.sample(needy, 8):
        records.append(
            AidRecord(
                campaign=spring,
                worker=w,
                worker_name=w.worker_name,
                kind=AidRecord.Kind.JOB,
                amount=Decimal(0),
                given_on=_given(rng, spring),
            )
        )
    for i in range(24):
        records.append(
            AidRecord(
                campaign=summer,
                worker_name=f"{next(names)}（{FRONT_LINE[i % len(FRONT_LINE)]}）",
                kind=AidRecord.Kind.GOODS,
                amount=Decimal(rng.choice([80, 100, 120, 150])),
                given_on=_given(rng, summer),
            )
        )
    for w in rng.sample(needy, 10):
        records.append(
            AidRecord(
                campaign=autumn,
                worker=w,
                worker_name=w.worker_name,
                kind=AidRecord.Kind.SCHOOL,
                amount=Decimal(rng.choice([1000, 2000, 3000])),
                given_on=_given(rng, autumn),
            )
        )
    return records
