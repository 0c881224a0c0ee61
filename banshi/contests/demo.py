"""The demo contest: 清水河县's 比武争星 of the year, run by 清水河县委组织部 — township
semi-finals (one heat per township whose villages have party branches), a county final and
a city final, five to seven judges scoring every entrant, the results published round by
round. The entrants are the village branches' secretaries (the holder of the SECRETARY
seat), or where a branch has no such seat its longest-standing member; whatever villages
exist when it runs. Every write goes through the services; deterministic for a seed and a
`now` (the heats lie 120, 90 and 60 days before it)."""

import datetime
import random
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from banshi.organizations.models import CommitteeSeat, PartyMember, PartyOrganization
from banshi.territory.models import Region

from . import services
from .models import Contest, ContestStage, Heat

COUNTY = "150124000000"  # 清水河县
CITY = "150100000000"  # 呼和浩特市
ITEMS = [
    ("抓党建促乡村振兴实绩", 40, 40),
    ("发展思路", 25, 25),
    ("现场陈述", 20, 20),
    ("答辩", 15, 15),
]
JUDGES = ["王志刚", "李红梅", "张海军", "刘晓燕", "赵建国", "孙丽娟", "周永胜"]
JUDGE_USERNAME = "demo_judge{}"


def _entrants(county: Region) -> dict[Region, list[PartyMember]]:
    """{township: its village secretaries}, townships and villages by code."""
    branches = list(
        PartyOrganization.objects.filter(
            region__kind=Region.Kind.VILLAGE, region__code__startswith=county.prefix
        )
        .select_related("region__parent")
        .order_by("region__code", "id")
    )
    seats = {
        s.organization_id: s.member
        for s in CommitteeSeat.objects.filter(
            organization__in=branches,
            post=CommitteeSeat.Post.SECRETARY,
            ended_on__isnull=True,
        ).select_related("member")
    }
    out: dict[Region, list[PartyMember]] = {}
    for org in branches:
        member = seats.get(org.pk) or org.members.order_by("joined_on", "id").first()
        if member is not None:
            out.setdefault(org.region.parent, []).append(member)
    return out


def _judges() -> list:
    """The judges' accounts, with the demo password (hashed once: hashing is slow)."""
    users = get_user_model().objects
    password = make_password(settings.BANSHI_DEMO_PASSWORD)
    out = []
    for i, name in enumerate(JUDGES, start=1):
        user, _created = users.get_or_create(
            username=JUDGE_USERNAME.format(i), defaults={"first_name": name, "password": password}
        )
        out.append(user)
    return out


def _score(rng, heat: Heat, judges, items, at) -> None:
    """Every judge scores every entrant: an ability per entrant, a judge's leaning."""
    entries = list(heat.entries.all())
    assignments = [services.judge_assign(heat=heat, judge=u, name=u.first_name) for u in judges]
    ability = {e.pk: rng.uniform(0.72, 0.94) for e in entries}
    sheets = []
    for a in assignments:
        lean = rng.uniform(-0.03, 0.03)
        for e in entries:
            scores = {}
            for item in items:
                share = min(1.0, max(0.4, ability[e.pk] + lean + rng.uniform(-0.04, 0.04)))
                scores[item.pk] = str(round(share * item.max_points, 1))
            cid = uuid.UUID(int=rng.getrandbits(128), version=4)
            sheets.append((a.user, e, scores, cid))
    services.heat_sheets_enter(heat=heat, sheets=sheets, at=at)
    services.heat_close(heat=heat, at=at)
    services.heat_publish(heat=heat, at=at + datetime.timedelta(hours=2))


@transaction.atomic
def build_demo_contests(*, seed: int, now: datetime.datetime) -> Contest | None:
    county = Region.objects.filter(code=COUNTY).first()
    city = Region.objects.filter(code=CITY).first()
    if county is None or city is None:
        return None
    entrants = _entrants(county)
    if not entrants:
        return None
    rng = random.Random(seed * 7919 + 13)
    organizer = PartyOrganization.objects.filter(name="清水河县委").first()
    contest = services.contest_create(
        title=f"{now.year}年清水河县村党组织书记“比武争星”擂台赛",
        year=now.year,
        region=county,
        organizer=organizer,
        organizer_name="清水河县委组织部",
        items=ITEMS,
    )
    services.contest_open(contest=contest)
    items = list(contest.items.all())
    semi = services.stage_add(
        contest=contest, name="乡镇复赛", level=ContestStage.Level.TOWNSHIP, quota=2
    )
    final = services.stage_add(
        contest=contest,
        name="县级决赛",
        level=ContestStage.Level.COUNTY,
        quota=3,
        prizes=(1, 2, 3),
        excellence_for_rest=True,
    )
    city_stage = services.stage_add(
        contest=contest, name="市级决赛", level=ContestStage.Level.CITY, prizes=(1, 1, 1)
    )
    day = now - datetime.timedelta(days=120)
    final_heat = services.heat_add(
        stage=final,
        name="清水河县决赛",
        region=county,
        scheduled_at=now - datetime.timedelta(days=90),
    )
    city_heat = services.heat_add(
        stage=city_stage,
        name="呼和浩特市决赛（清水河县赛区）",
        region=city,
        scheduled_at=now - datetime.timedelta(days=60),
    )
    judges = _judges()
    for i, (town, members) in enumerate(sorted(entrants.items(), key=lambda kv: kv[0].code)):
        at = day + datetime.timedelta(days=i, hours=9)
        heat = services.heat_add(stage=semi, name=f"{town.name}复赛", region=town, scheduled_at=at)
        for m in members:
            services.entry_add(heat=heat, member=m)
        _score(rng, heat, judges[:5], items, at + datetime.timedelta(hours=3))
    for heat, panel in ((final_heat, judges), (city_heat, judges[2:])):
        heat.refresh_from_db()
        _score(rng, heat, panel, items, heat.scheduled_at + datetime.timedelta(hours=3))
    contest.refresh_from_db()
    return contest
