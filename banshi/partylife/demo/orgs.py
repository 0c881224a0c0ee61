"""The party organizations of the party-life demo and their members.

玉泉区: the district's organization department (the annual plan's issuer) → a working
committee per street (four of its streets) → a branch per community (communities created
when the street has none), a few hundred members in all, some probationary, some mobile,
one small branch without a committee. 和林格尔新区: its working committee and the two
branches of the seed's joint day at 台格斗村. The city's market regulator, the co-organiser
of the riders' day. Organizations, regions and members go through their services; an
organization that already exists (the demo street's riders' branch and the city's
non-public committee) is found by name, so the module also builds on a bare database."""

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model

from banshi.access.models import RoleAssignment
from banshi.organizations.models import CommitteeSeat, PartyMember, PartyOrganization
from banshi.organizations.services import (
    committee_seat_fill,
    committee_seat_vacate,
    organization_create,
)
from banshi.territory import codes
from banshi.territory.models import Building, Region
from banshi.territory.services import grid_create, region_create

from .people import People, admit_members

Kind = PartyOrganization.Kind
CITY = "150100000000"
DISTRICT = "150104000000"  # 玉泉区
HORINGER = "150123000000"  # 和林格尔县
# (street, [(community, members)]): plausible communities of the old town around 大召.
STREETS = [
    ("小召前街街道", [("大召社区", 38), ("席力图社区", 34), ("小召社区", 7)]),
    ("兴隆巷街道", [("兴隆巷社区", 36), ("南茶坊社区", 31)]),
    ("长和廊街道", [("长和廊社区", 33), ("通顺街社区", 29), ("大东街社区", 27)]),
    ("石东路街道", [("石东路社区", 35), ("石羊桥社区", 32)]),
]
SMALL_BRANCH = "小召社区"  # six full members and a probationary one: no committee
HORINGER_BRANCHES = [("和林格尔新区政务服务局党支部", 11), ("和林格尔新区党群服务中心党支部", 9)]
GROUPS_FROM = 38  # a branch this large has party groups (the largest)
NEW_RIDERS = 4  # probationary riders admitted this year
LNG0, LAT0, STEP = 111.640, 40.770, 0.003  # the old town south of 大召, for the small grids
PASSWORD_SOURCE = "demo_admin"  # its hash is reused: Argon2 is slow on purpose


@dataclass
class Branch:
    org: PartyOrganization
    community: Region | None
    members: list[PartyMember]
    secretary: PartyMember
    groups: list[PartyOrganization] = field(default_factory=list)
    user: object = None  # the secretary's account


@dataclass
class Orgs:
    issuer: PartyOrganization
    streets: list[PartyOrganization] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)  # 玉泉区's community branches
    horinger: list[Branch] = field(default_factory=list)
    riders: PartyOrganization | None = None
    market: PartyOrganization | None = None
    nonpublic: PartyOrganization | None = None
    village: Region | None = None
    accounts: list[str] = field(default_factory=list)


def _communities(street: Region, wanted: list[str]) -> list[Region]:
    existing = list(street.children.filter(kind=Region.Kind.COMMUNITY).order_by("code"))
    if existing:
        return existing[: len(wanted)]
    return [
        region_create(
            code=f"{street.prefix}{i:03d}",
            name=name,
            kind=Region.Kind.COMMUNITY,
            parent=street,
        )
        for i, name in enumerate(wanted, start=1)
    ]


def _secretary(members: list[PartyMember]) -> PartyMember:
    """The longest-serving full member of working age who lives here (not a mobile member)
    leads the branch."""
    full = [m for m in members if m.status == PartyMember.Status.FULL]
    fit = [m for m in full if 35 <= _age(m) <= 62 and not m.is_mobile] or full
    return min(fit, key=lambda m: (m.joined_on, m.pk))


Post = CommitteeSeat.Post
# The committees were elected in the spring of 2024 (a branch's term is three years).
ELECTED = datetime.date(2024, 3, 1)
POSTS = [Post.ORGANIZATION, Post.PROPAGANDA, Post.DISCIPLINE, Post.DEPUTY]


def _committee(org, members, secretary, number: int) -> None:
    """The secretary's seat, and where the branch has a committee four more, held by full
    members who live here (not mobile), longest-serving first. In one branch in four the
    propaganda member left in the summer (工作调动) and the next full member was elected
    to fill the seat in September: the history a committee page shows."""
    day = max(ELECTED + datetime.timedelta(days=number % 20), secretary.joined_on)
    committee_seat_fill(organization=org, member=secretary, post=Post.SECRETARY, started_on=day)
    if not org.has_committee:
        return
    pool = sorted(
        (
            m
            for m in members
            if m.status == PartyMember.Status.FULL and not m.is_mobile and m != secretary
        ),
        key=lambda m: (m.joined_on, m.pk),
    )
    seats = {}
    for post, member in zip(POSTS, pool, strict=False):
        seats[post] = committee_seat_fill(
            organization=org, member=member, post=post, started_on=max(day, member.joined_on)
        )
    if number % 4 == 3 and Post.PROPAGANDA in seats and len(pool) > len(POSTS):
        committee_seat_vacate(
            seat=seats[Post.PROPAGANDA], ended_on=datetime.date(2026, 7, 31), note="工作调动"
        )
        committee_seat_fill(
            organization=org,
            member=pool[len(POSTS)],
            post=Post.PROPAGANDA,
            started_on=datetime.date(2026, 9, 10),
            note="补选",
        )


def _age(member: PartyMember) -> int:
    b = member.resident.birth_date
    return 2025 - b.year


class Accounts:
    """Sign-in accounts for the secretaries (and the district), demo_… like every other
    demo account, with the demo password."""

    def __init__(self) -> None:
        User = get_user_model()
        source = User.objects.filter(username=PASSWORD_SOURCE).first()
        self.encoded = source.password if source else None
        self.names: list[str] = []

    def make(self, username: str, role: str, resident=None, **node):
        """An account with `role` at `node`; with `resident`, also that resident's own
        role: a secretary is a member too (the obligations read who gave a party lecture
        through it)."""
        User = get_user_model()
        user = User(username=username)
        if self.encoded is None:
            user.set_password(settings.BANSHI_DEMO_PASSWORD)
            self.encoded = user.password
        user.password = self.encoded
        user.save()
        roles = [(role, node)]
        if role == RoleAssignment.Role.RESIDENT:  # a resident's account: that resident's
            roles = [(role, {"resident": resident})]
        elif resident is not None:
            roles.append((RoleAssignment.Role.RESIDENT, {"resident": resident}))
        for r, n in roles:
            assignment = RoleAssignment(user=user, role=r, **n)
            assignment.full_clean()
            assignment.save()
        self.names.append(username)
        return user


def _branch(people, parent, name, region, n, *, probationary, mobile, accounts, number):
    full = n - probationary
    org = organization_create(
        name=name,
        kind=Kind.BRANCH,
        parent=parent,
        region=region,
        has_committee=full >= 7,
        established_on=datetime.date(2008 + number % 9, 1 + number % 12, 1),
    )
    members = admit_members(people, org, n, probationary=probationary, mobile=mobile)
    secretary = _secretary(members)
    _committee(org, members, secretary, number)
    user = accounts.make(
        f"demo_secretary_{number:02d}",
        RoleAssignment.Role.PARTY_SECRETARY,
        resident=secretary.resident,
        party_organization=org,
    )
    branch = Branch(org, region, members, secretary, user=user)
    if n >= GROUPS_FROM and region is not None and region.level == codes.COMMUNITY:
        branch.groups = _groups(org, region, number)
    return branch


def _groups(branch: PartyOrganization, community: Region, number: int):
    """Two building party groups under a large branch, over two buildings of one small
    grid (a building group serves a building, and a building lies in a grid). The groups
    hold the 党小组会."""
    x0, y0 = LNG0 + number * STEP, LAT0
    ring = [[x0, y0], [x0 + STEP, y0], [x0 + STEP, y0 + STEP], [x0, y0 + STEP], [x0, y0]]
    grid = community.grids.order_by("code").first() or grid_create(
        community=community,
        code=f"{community.code}001",
        name=f"{community.name}第一网格",
        boundary={"type": "Polygon", "coordinates": [ring]},
    )
    groups = []
    for i in (1, 2):
        building = Building.objects.create(
            grid=grid,
            number=f"{i}号楼",
            name=f"{community.name}{i}号楼",
            lat=y0 + STEP * i / 3,
            lng=x0 + STEP * i / 3,
        )
        groups.append(
            organization_create(
                name=f"{community.name}{i}号楼党小组",
                kind=Kind.BUILDING_GROUP,
                parent=branch,
                building=building,
                established_on=datetime.date(2022, 3, 1),
            )
        )
    return groups


def _find_or_create(name: str, **kwargs) -> PartyOrganization:
    found = PartyOrganization.objects.filter(name=name).order_by("pk").first()
    return found or organization_create(name=name, **kwargs)


def build_orgs(rng: random.Random) -> Orgs:
    people = People(rng)
    accounts = Accounts()
    district = Region.objects.get(code=DISTRICT)
    issuer = organization_create(
        name="玉泉区委组织部",
        kind=Kind.PARTY_COMMITTEE,
        region=district,
        has_committee=True,
        established_on=datetime.date(1983, 10, 1),
    )
    accounts.make("demo_yuquan", RoleAssignment.Role.DISTRICT, region=district)
    out = Orgs(issuer=issuer)
    number = 0
    for street_name, communities in STREETS:
        street = Region.objects.get(parent=district, name=street_name)
        committee = organization_create(
            name=f"{street_name}党工委",
            kind=Kind.WORKING_COMMITTEE,
            parent=issuer,
            region=street,
            has_committee=True,
            established_on=datetime.date(2003, 7, 1),
        )
        out.streets.append(committee)
        wanted = [name for name, _n in communities]
        for community, (cname, n) in zip(_communities(street, wanted), communities, strict=True):
            number += 1
            small = cname == SMALL_BRANCH
            out.branches.append(
                _branch(
                    people,
                    committee,
                    f"{community.name}党支部",
                    community,
                    n,
                    probationary=1 if small else rng.randint(1, 3),
                    mobile=0 if small else rng.randint(1, 3),
                    accounts=accounts,
                    number=number,
                )
            )
    out.horinger, out.village = _horinger(people, accounts, number)
    number += len(out.horinger)
    _city(out)
    add_riders(people, out.riders)
    out.accounts = accounts.names
    return out


def _horinger(people, accounts, number):
    county = Region.objects.get(code=HORINGER)
    town = county.children.filter(name="盛乐镇").first() or county.children.order_by("code")[0]
    village = town.children.filter(name="台格斗村").first()
    if village is None:
        taken = set(town.children.values_list("code", flat=True))
        code = next(
            f"{town.prefix}{i:03d}" for i in range(201, 400) if f"{town.prefix}{i:03d}" not in taken
        )
        village = region_create(code=code, name="台格斗村", kind=Region.Kind.VILLAGE, parent=town)
    committee = organization_create(
        name="和林格尔新区党工委",
        kind=Kind.WORKING_COMMITTEE,
        region=town,
        has_committee=True,
        established_on=datetime.date(2019, 4, 1),
    )
    branches = []
    for name, n in HORINGER_BRANCHES:
        number += 1
        branches.append(
            _branch(
                people,
                committee,
                name,
                town,
                n,
                probationary=1,
                mobile=0,
                accounts=accounts,
                number=number,
            )
        )
    return branches, village


def _city(out: Orgs) -> None:
    city = Region.objects.get(code=CITY)
    out.nonpublic = _find_or_create(
        "市非公有制经济组织党委",
        kind=Kind.PARTY_COMMITTEE,
        region=city,
        has_committee=True,
        established_on=datetime.date(2013, 7, 1),
    )
    out.riders = _find_or_create(
        "美团青城骑手流动党员党支部",
        kind=Kind.BRANCH,
        parent=out.nonpublic,
        region=city,
        is_mobile=True,
        established_on=datetime.date(2021, 6, 18),
    )
    out.market = _find_or_create(
        "市市场监督管理局机关党委",
        kind=Kind.PARTY_COMMITTEE,
        region=city,
        has_committee=True,
        established_on=datetime.date(2019, 3, 1),
    )


def add_riders(people: People, riders: PartyOrganization) -> list[PartyMember]:
    """Riders who came to the mobile members' branch (all mobile members): this year's four
    probationary members, and full members transferred in up to six (the branch has not
    elected a committee, which seven full members would call for)."""
    full = riders.members.filter(status=PartyMember.Status.FULL).count()
    n = NEW_RIDERS + max(0, 6 - full)
    return admit_members(
        people,
        riders,
        n,
        probationary=NEW_RIDERS,
        mobile=n,
        occupation="外卖骑手",
        min_age=22,
        max_age=42,
        sex="M",
    )
