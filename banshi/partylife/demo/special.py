"""The seed's named days: 和林格尔新区's joint theme party day at the anti-Japanese war site
of 台格斗村, the riders' branch's day with the market regulator and the city's non-public
committee, and 大学东路街道's monthly study day for party-affairs workers, led in turn by
the secretaries of the street's own branches (read from the database).

The two named theme days go through the services row by row (`live.py`). The study day
is the working committee's activity; its expected list (the committee's own members) is
empty, since the party-affairs workers belong to their branches: who led it is
in its minutes."""

import datetime

from banshi.access.models import RoleAssignment
from banshi.organizations.models import PartyMember, PartyOrganization
from banshi.organizations.services import organization_create
from banshi.territory.models import Region

from ..models import Activity, Venue
from ..services import venue_create
from .activities import Year, local, months_between
from .live import hold_live

STREET = "150105001000"  # 大学东路街道
TAIGEDOU_THEME = "追寻红色记忆、凝聚民族共识、传承中华文明"
RIDERS_TITLE = "强服务 践初心 美团青城骑手在行动暨党旗领航 诚信筑基"
STUDY_TOPICS = [
    "党支部工作条例解读",
    "发展党员工作流程",
    "党费收缴使用管理",
    "三会一课记录规范",
    "主题党日活动策划",
    "组织关系转接办理",
    "党员信息系统操作",
    "民主评议党员程序",
    "党建引领基层治理经验交流",
    "流动党员教育管理",
    "软弱涣散党组织整顿",
    "年度党建述职准备",
]


def _day_before(now, wanted: datetime.date) -> datetime.date:
    """`wanted`, or ten days before `now` when `wanted` has not come yet."""
    latest = now.date() - datetime.timedelta(days=10)
    return min(wanted, latest)


def _count(year: Year, counts: dict) -> None:
    c = year.counts
    c.activities += 1
    c.attendance += sum(counts.values())
    c.present += counts["present"]
    c.leave += counts["leave"]


def joint_day_taigedou(year: Year, orgs, venue: Venue) -> Activity:
    """All members of both branches went; each checked in on the phone."""
    host, guest = orgs.horinger
    day = _day_before(year.now, datetime.date(2026, 9, 18))
    activity, counts = hold_live(
        year.rng,
        host.org,
        local(day, 9, 30),
        minutes=180,
        outcome=lambda m: "code",
        now=year.now,
        kind=Activity.Kind.THEME_DAY,
        title=f"“{TAIGEDOU_THEME}”联合主题党日",
        theme=TAIGEDOU_THEME,
        items_planned=["就近参观红色教育基地缅怀革命先烈", "重温入党誓词", "讲述抗战故事"],
        format="党日+实地观摩",
        venue=venue,
        co_organizations=[guest.org],
        notes=(
            f"{host.org.name}与{guest.org.name}全体党员走进台格斗村，参观抗日遗址，"
            "重温入党誓词，聆听抗战故事。"
        ),
    )
    _count(year, counts)
    return activity


def riders_day(year: Year, orgs, venue: Venue) -> Activity:
    """Most riders checked in on the phone between orders, one was signed in by the
    organiser, one on a delivery had leave, two missed it (one made it up later)."""
    day = _day_before(year.now, datetime.date(2026, 10, 16))
    riders = list(orgs.riders.members.order_by("pk").values_list("pk", flat=True))
    fate = dict(zip(riders[-4:], ["organiser", "leave", "absent", "makeup"], strict=False))
    activity, counts = hold_live(
        year.rng,
        orgs.riders,
        local(day, 14),
        minutes=120,
        outcome=lambda m: fate.get(m.pk, "code"),
        now=year.now,
        kind=Activity.Kind.THEME_DAY,
        title=RIDERS_TITLE,
        theme=RIDERS_TITLE,
        items_planned=["骑手食品安全培训", "外卖餐箱消毒演练", "诚信经营承诺"],
        format="党日+志愿服务",
        venue=venue,
        co_organizations=[orgs.market, orgs.nonpublic],
        notes=(
            "市市场监督管理局讲解外卖食品安全和餐箱清洁消毒规范，骑手党员现场演练餐箱消毒，"
            "签订诚信经营承诺书。"
        ),
    )
    _count(year, counts)
    return activity


def _street_secretaries(street_org: PartyOrganization) -> list[PartyMember]:
    """The secretaries of the street's branches: the member a secretary's account names,
    or else the branch's longest-serving full member."""
    branches = list(
        PartyOrganization.objects.filter(
            path__startswith=street_org.path, kind__in=PartyOrganization.BRANCH_KINDS
        ).order_by("path")
    )
    named = dict(
        RoleAssignment.objects.filter(
            role=RoleAssignment.Role.PARTY_SECRETARY, party_organization__in=branches
        ).values_list("party_organization_id", "resident_id")
    )
    out = []
    for branch in branches:
        members = PartyMember.objects.filter(organization=branch).select_related("resident")
        member = None
        if named.get(branch.pk):
            member = members.filter(resident_id=named[branch.pk]).first()
        if member is None:
            member = members.filter(status=PartyMember.Status.FULL).order_by("joined_on", "pk")
            member = member.first()
        if member is not None:
            out.append(member)
    return out


def study_days(year: Year) -> int:
    street = Region.objects.filter(code=STREET).first()
    if street is None:
        return 0
    org = PartyOrganization.objects.filter(
        region=street, kind=PartyOrganization.Kind.WORKING_COMMITTEE
    ).first() or organization_create(
        name=f"{street.name}党工委",
        kind=PartyOrganization.Kind.WORKING_COMMITTEE,
        region=street,
        has_committee=True,
    )
    secretaries = _street_secretaries(org)
    room = venue_create(
        name=f"{street.name}党群服务中心",
        kind=Venue.Kind.MEETING_ROOM,
        region=street,
        organization=org,
        address=f"呼和浩特市赛罕区{street.name}",
    )
    held = 0
    for i, (y, m) in enumerate(months_between((2025, 12), year.now)):
        leaders = secretaries[(i * 3) % len(secretaries) :][:3] if secretaries else []
        names = "、".join(s.resident.name for s in leaders) or "街道党工委"
        topic = STUDY_TOPICS[m - 1]
        year.hold(
            org,
            Activity.Kind.STUDY_DAY,
            local(datetime.date(y, m, 25), 14, 30),
            title=f"{m}月党务工作者学习日：{topic}",
            minutes=120,
            theme=topic,
            venue=room,
            notes=f"由{names}等支部书记领学，交流本支部做法。",
        )
        held += 1
    return held
