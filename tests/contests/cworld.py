"""A contest in the test world: 赛罕区 stands for the county, 大学东路街道 for a township
and its two communities for villages, with a branch in each. `contest_world` builds the
contest (two items: 实绩 60/60 and 演讲 40/40, so a judge's total is the sum of the two
points), its three stages, the township heat with `n` entrants and `judges` judges."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from banshi.contests import services
from banshi.contests.models import ContestStage
from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.organizations.services import member_admit, organization_create
from banshi.people.services import resident_create
from tests.conftest import make_id_number

JOINED = datetime.date(2015, 7, 1)
NAMES = ["甲书记", "乙书记", "丙书记", "丁书记", "戊书记", "己书记", "庚书记", "辛书记"]


class CW:
    pass


def at(y=2026, m=11, d=3, hour=9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hour))


def _branch(world, region, name):
    parent = PartyOrganization.objects.filter(name="赛罕区委").first() or organization_create(
        name="赛罕区委", kind="party_committee", region=world.district
    )
    return PartyOrganization.objects.filter(name=name).first() or organization_create(
        name=name, kind="branch", parent=parent, region=region
    )


def secretaries(world, n: int) -> list[PartyMember]:
    """`n` new party members, alternately of the two communities' branches."""
    orgs = [
        _branch(world, world.community, "乌兰社区党支部"),
        _branch(world, world.community2, "内工大社区党支部"),
    ]
    grids = [world.grid1, world.grid3]
    out = []
    for i in range(n):
        seq = 700 + PartyMember.objects.count()
        household = world.households[grids[i % 2].code][0]
        r = resident_create(
            name=NAMES[i % len(NAMES)] + (str(i // len(NAMES)) if i >= len(NAMES) else ""),
            id_number=make_id_number(seq),
            household=household,
            relation_to_head="spouse",
        )
        out.append(member_admit(resident=r, organization=orgs[i % 2], joined_on=JOINED))
    return out


def contest_world(world, *, n=6, judges=5, quota=4, when=None) -> CW:
    when = when or at()
    c = CW()
    c.contest = services.contest_create(
        title="2026年比武争星",
        year=2026,
        region=world.district,
        organizer_name="赛罕区委组织部",
        items=[("实绩", 60, 60), ("演讲", 40, 40)],
    )
    services.contest_open(contest=c.contest)
    c.item1, c.item2 = list(c.contest.items.all())
    c.semi = services.stage_add(
        contest=c.contest,
        name="乡镇复赛",
        level=ContestStage.Level.TOWNSHIP,
        quota=quota,
        prizes=(1, 2, 2),
        excellence_for_rest=True,
    )
    c.final = services.stage_add(
        contest=c.contest, name="县级决赛", level=ContestStage.Level.COUNTY, quota=1
    )
    c.city = services.stage_add(contest=c.contest, name="市级决赛", level=ContestStage.Level.CITY)
    c.heat = services.heat_add(
        stage=c.semi, name="大学东路街道复赛", region=world.street, scheduled_at=when
    )
    c.final_heat = services.heat_add(
        stage=c.final, name="赛罕区决赛", region=world.district, scheduled_at=when
    )
    c.city_heat = services.heat_add(
        stage=c.city, name="呼和浩特市决赛", region=world.city, scheduled_at=when
    )
    c.members = secretaries(world, n)
    c.entries = [services.entry_add(heat=c.heat, member=m) for m in c.members]
    users = get_user_model().objects
    c.judge_users = [
        users.create_user(username=f"judge{i}", password="Banshi-test-1") for i in range(judges)
    ]
    c.judges = [
        services.judge_assign(heat=c.heat, judge=u, name=f"评委{i + 1}")
        for i, u in enumerate(c.judge_users)
    ]
    return c


def score(c, entry, judge_user, total, *, client_id=None):
    """A sheet whose total is `total`: 演讲 35 points, 实绩 the rest."""

    return services.sheet_submit(
        judge=judge_user,
        entry=entry,
        scores={c.item1.pk: total - 35, c.item2.pk: 35},
        client_id=client_id or uuid.uuid4(),
    )[0]
