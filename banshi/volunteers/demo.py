"""The volunteering demo from the seed page: 市公交公司's 雷锋志愿服务队 (owned by the bus
company's party committee, at the city's region) with 1,060 registered volunteers — bus
staff, residents made here without a grid or household, so no street's or community's
resident figure changes (大学东路街道's stay as they are) — and its activities from 2022
to now (雷锋车厢, 雷锋线路 such as 66路, 73路, 26路, the 学雷锋 window…), with the
volunteers' sign-ins and sign-outs: a core of regulars passes 100 hours (stars), a few
past 600. A handful of certificates are issued. Deterministic for a seed and a `now`;
bulk writes, under 3 seconds. Built once: a second run finds the team and returns its
counts."""

import datetime
import random
import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from banshi.core.crypto import blind_index
from banshi.organizations.demo_units import bus_company_committee
from banshi.people.identity import check_digit
from banshi.people.models import Resident
from banshi.people.roster.writing import bulk_insert
from banshi.people.services import resident_fields

from . import stars
from .models import (
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerCertificate,
    VolunteerSignUp,
    VolunteerTeam,
    hours_between,
    new_verification_code,
)

TEAM_NAME = "雷锋志愿服务队"
SEAL = "呼和浩特市公共交通总公司雷锋志愿服务队"
VOLUNTEERS = 1060
FIRST_DAY = datetime.date(2022, 1, 8)
RECORD_FIELDS = (
    "volunteer",
    "activity",
    "signed_in_at",
    "signed_out_at",
    "hours",
    "client_id",
    "out_client_id",
    "source",
    "out_source",
)
PLACE_CODE = "150100"  # 呼和浩特市市辖区: the city, no street
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林梁郑谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 志强 海燕 "
    "文 辉 鑫 红 玉兰 建国 丹 萍 斌 宇 浩 凯 秀英 建军 晓东 春梅 永刚 国庆 利 慧 婷 波 燕"
).split()
ROUTES = ["66路", "73路", "26路", "1路", "3路", "8路", "16路", "33路", "43路", "60路"]
# (title pattern, place pattern, content, hours)
KINDS = [
    ("雷锋车厢志愿服务", "{route}雷锋车厢", "车厢秩序引导、帮扶老幼病残孕乘客", 4),
    ("雷锋线路站台文明引导", "{route}沿线站台", "站台排队引导、线路咨询", 3),
    ("学雷锋窗口便民服务", "公交服务大厅学雷锋窗口", "乘车卡办理咨询、失物招领", 3),
    ("敬老助残出行帮扶", "{route}首末站", "陪同老年人、残障人士乘车", 2),
    ("日行一善·德润青城", "新华广场", "文明城市宣传、垃圾分类引导", 3),
    ("学雷锋纪念日集中服务", "呼和浩特市公交总公司", "车辆清洁、便民维修、义务理发", 5),
    ("冬季站台除雪", "{route}沿线站台", "清扫站台积雪、防滑提示", 3),
]


def _people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name, ID number) of `count` new people, their numbers unused in the database."""
    people, numbers = [], set()
    while len(people) < count:
        birth = datetime.date(1962, 1, 1) + datetime.timedelta(days=rng.randrange(0, 14600))
        sex = rng.choice("MF")
        seq = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
        first17 = f"{PLACE_CODE}{birth:%Y%m%d}{seq:03d}"
        number = first17 + check_digit(first17)
        if number in numbers:
            continue
        numbers.add(number)
        people.append((rng.choice(SURNAMES) + rng.choice(GIVEN), number))
    hashes = {blind_index(n): (name, n) for name, n in people}
    taken = set(
        Resident.objects.filter(id_number_hash__in=list(hashes)).values_list(
            "id_number_hash", flat=True
        )
    )
    return [p for h, p in hashes.items() if h not in taken]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _counts(team: VolunteerTeam) -> dict:
    records = ServiceRecord.objects.filter(activity__team=team)
    hours = records.aggregate(s=Sum("hours"))["s"] or Decimal(0)
    per_volunteer = records.values("volunteer").annotate(h=Sum("hours")).values_list("h", flat=True)
    return {
        "team": team.pk,
        "volunteers": team.members.filter(active=True).count(),
        "activities": team.activities.count(),
        "records": records.count(),
        "hours": float(hours),
        "starred": sum(1 for h in per_volunteer if stars.stars_for(h) > 0),
        "certificates": team.certificates.count(),
    }


@transaction.atomic
def build_demo_volunteers(*, seed: int, now: datetime.datetime) -> dict:
    committee = bus_company_committee()
    if committee is None:
        return {}
    found = VolunteerTeam.objects.filter(name=TEAM_NAME, organization=committee).first()
    if found is not None:
        return _counts(found)
    rng = random.Random(f"volunteers:{seed}")
    team = VolunteerTeam.objects.create(
        name=TEAM_NAME, organization=committee, region=committee.region, seal=SEAL
    )
    people = _people(rng, VOLUNTEERS)
    residents = Resident.objects.bulk_create(
        [Resident(**resident_fields(name=name, id_number=number)) for name, number in people]
    )
    span = max(1, (now.date() - FIRST_DAY).days)
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(
                team=team,
                resident=r,
                joined_on=FIRST_DAY + datetime.timedelta(days=int(rng.random() ** 3 * span)),
                active=rng.random() > 0.01,
            )
            for r in residents
        ]
    )
    # How often each volunteer comes: a few nearly always, a core often, the rest now and
    # then (a handful of them at each activity).
    order = list(volunteers)
    rng.shuffle(order)
    regulars = [(v, 0.8 if i < 8 else 0.45 if i < 40 else 0.2) for i, v in enumerate(order[:90])]
    casual = order[90:]
    records, signups = [], []
    for activity in _activities(rng, team, now):
        if activity.starts_at > now:
            continue
        day = activity.starts_at.date()
        came_by = [v for v, p in regulars if rng.random() < p]
        came_by += rng.sample(casual, rng.randint(3, 12))
        length = activity.length_hours
        for v in came_by:
            if v.joined_on > day:
                continue
            came = activity.starts_at + datetime.timedelta(minutes=rng.randrange(-10, 15))
            left = activity.ends_at + datetime.timedelta(minutes=rng.randrange(-20, 10))
            by_code = rng.random() < 0.85
            source = "code" if by_code else "organiser"
            records.append(
                (
                    v.pk,
                    activity.pk,
                    came,
                    left,
                    hours_between(came, left, cap=length),
                    _uuid(rng) if by_code else None,
                    _uuid(rng) if by_code else None,
                    source,
                    source,
                )
            )
            signed_up = activity.starts_at - datetime.timedelta(days=rng.randint(1, 6))
            signups.append((activity.pk, v.pk, signed_up))
    bulk_insert(ServiceRecord, RECORD_FIELDS, records)
    bulk_insert(VolunteerSignUp, ("activity", "volunteer", "signed_up_at"), signups)
    _certificates(team, order[:6], now)
    return _counts(team)


def _activities(rng: random.Random, team, now) -> list[VolunteerActivity]:
    """About one a week from FIRST_DAY, two more to come."""
    rows = []
    day = FIRST_DAY
    last = now.date() + datetime.timedelta(days=14)
    while day <= last:
        title, place, content, hours = rng.choice(KINDS)
        if day.month == 3 and 1 <= day.day <= 7:
            title, place, content, hours = KINDS[5]
        route = rng.choice(ROUTES)
        start = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(rng.choice((7, 8, 9, 14))))
        )
        rows.append(
            VolunteerActivity(
                team=team,
                title=f"{route}{title}" if "{route}" in place else title,
                place=place.format(route=route),
                content=content,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=hours),
                capacity=rng.choice((20, 30, 50, 80)),
            )
        )
        day += datetime.timedelta(days=rng.randint(5, 9))
    return VolunteerActivity.objects.bulk_create(rows)


def _certificates(team, volunteers, now) -> None:
    """Certificates for the first regulars, of their records as they stand."""
    through = VolunteerCertificate.records.through
    links = []
    for v in volunteers:
        records = list(ServiceRecord.objects.filter(volunteer=v).values_list("pk", "hours"))
        if not records:
            continue
        certificate = VolunteerCertificate.objects.create(
            volunteer=v,
            team=team,
            code=new_verification_code(),
            issued_at=now - datetime.timedelta(days=30),
            hours=sum((h for _pk, h in records), Decimal(0)),
        )
        links += [
            through(volunteercertificate_id=certificate.pk, servicerecord_id=pk)
            for pk, _h in records
        ]
    through.objects.bulk_create(links, batch_size=2000)
