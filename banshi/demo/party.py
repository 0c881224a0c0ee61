"""The demo's party organization and the people who hold roles.

大学东路街道's four-level organization: 街道党工委 → one 社区党委 per community → one
网格党支部 per grid → 楼栋党小组 for every building with members → 党员中心户 (one per unit
with a member). Beside it: a retired members' branch per community, the street's
non-public economy committee with the enterprises' own and joint branches, the city's
non-public committee with the riders' mobile branch, and the village branches of
清水河县城关镇. Two realistic warnings are left for `banshi lint-org`: one grid branch
has more than 50 members and one with seven or more full members has no committee.

Building heads (517), unit heads (1,381), grid workers and the 13 instructors are distinct
residents."""

import datetime
import random
from dataclasses import dataclass, field

from banshi.organizations.models import (
    CenterHousehold,
    Membership,
    PartyMember,
    PartyOrganization,
)
from banshi.organizations.services import organization_create
from banshi.people.models import PlaceRole

from . import names
from .economy import INSTRUCTORS, EnterprisePlan
from .plan import (
    COMMUNITIES,
    REFERENCE_DATE,
    STREET_CODE,
    STREET_NAME,
    TOWN_CODE,
    BuildingPlan,
    GridPlan,
    Person,
    VillagePlan,
    rng_for,
)

Kind = PartyOrganization.Kind
CITY_CODE = "150100000000"
GRID_BRANCH_MEMBERS = (42, 50)
MANY_MEMBERS_GRID = 16  # index of the grid whose branch has grown past 50 members
NO_COMMITTEE_GRID = 40  # index of the grid whose branch has not elected a committee
RIDERS = 8


@dataclass(eq=False)
class OrgPlan:
    key: tuple
    name: str
    kind: str
    parent: tuple | None = None
    region_code: str | None = None
    grid: GridPlan | None = None
    building: BuildingPlan | None = None
    is_mobile: bool = False
    has_committee: bool = False
    established_on: datetime.date | None = None


@dataclass(eq=False)
class MemberPlan:
    person: Person
    org: tuple
    status: str
    joined_on: datetime.date
    is_mobile: bool = False
    occupation: str = ""
    last_contact_on: datetime.date | None = None
    # (organization key, started_on, ended_on, note), oldest first
    history: list[tuple] = field(default_factory=list)
    pk: int | None = None


@dataclass(frozen=True)
class RolePlan:
    person: Person
    role: str
    started_on: datetime.date
    grid: GridPlan | None = None
    building: BuildingPlan | None = None
    unit: str | None = None
    region_code: str | None = None


@dataclass
class PartyPlan:
    orgs: dict[tuple, OrgPlan] = field(default_factory=dict)
    members: list[MemberPlan] = field(default_factory=list)
    centers: list[tuple] = field(default_factory=list)  # (member plan, building group key)
    roles: list[RolePlan] = field(default_factory=list)

    def add(self, org: OrgPlan) -> OrgPlan:
        self.orgs[org.key] = org
        return org


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _weighted_pick(rng: random.Random, people: list[Person], k: int, weight) -> list[Person]:
    """`k` people without replacement, likelier by `weight` (Efraimidis–Spirakis keys)."""
    keyed = []
    for p in people:
        w = weight(p)
        if w > 0:
            keyed.append((rng.random() ** (1.0 / w), p))
    keyed.sort(key=lambda kp: kp[0], reverse=True)
    return [p for _k, p in keyed[:k]]


def _uniform_pick(rng: random.Random, pool: list[Person], k: int, taken: set) -> list[Person]:
    """`k` people of a large pool not yet in `taken`, uniformly (cheap for small `k`)."""
    chosen: dict[Person, None] = {}
    while len(chosen) < k:
        p = rng.choice(pool)
        if p not in taken:
            chosen[p] = None
    return list(chosen)


def _member_weight(p: Person) -> float:
    age = p.age
    if age < 20:
        return 0
    if age < 35:
        return 1
    if age < 60:
        return 2
    return 3.5 if age < 80 else 2


class _Planner:
    def __init__(self, seed: int) -> None:
        self.rng = rng_for(seed, "party")
        self.plan = PartyPlan()
        self.taken: set[Person] = set()  # party members
        self.holders: set[Person] = set()  # role holders

    # --- members -------------------------------------------------------------------------

    def admit(
        self,
        people: list[Person],
        org: OrgPlan,
        *,
        probationary: int = 0,
        mobile: bool = False,
        occupation: str = "",
    ) -> list[MemberPlan]:
        rng = self.rng
        young = [p for p in people if p.age <= 40]
        prob = set(young[:probationary]) if probationary else set()
        out = []
        for p in people:
            self.taken.add(p)
            latest = REFERENCE_DATE - datetime.timedelta(days=400)
            earliest = _add_years(p.birth, 18)
            if p in prob or earliest > latest:
                status = PartyMember.Status.PROBATIONARY
                joined = REFERENCE_DATE - datetime.timedelta(days=rng.randint(20, 350))
                p.political_status = "probationary"
            else:
                status = PartyMember.Status.FULL
                typical = _add_years(p.birth, rng.randint(20, 38))
                joined = _day_between(rng, earliest, latest) if typical > latest else typical
                p.political_status = "party_member"
            member = MemberPlan(
                person=p,
                org=org.key,
                status=status,
                joined_on=joined,
                is_mobile=mobile,
                occupation=occupation,
                last_contact_on=REFERENCE_DATE - datetime.timedelta(days=rng.randint(0, 90)),
            )
            est = org.established_on or joined
            start = max(joined, est)
            note = "党组织组建时转入" if joined < est else ""
            member.history.append((org.key, start, None, note))
            self.plan.members.append(member)
            out.append(member)
        return out

    def free(self, people: list[Person]) -> list[Person]:
        return [p for p in people if p not in self.taken]

    # --- the street ----------------------------------------------------------------------

    def street(self, grids: list[GridPlan], enterprises: list[EnterprisePlan]) -> None:
        rng, plan = self.rng, self.plan
        plan.add(
            OrgPlan(
                ("street",),
                f"{STREET_NAME}党工委",
                Kind.WORKING_COMMITTEE,
                region_code=STREET_CODE,
                has_committee=True,
                established_on=datetime.date(2002, 7, 1),
            )
        )
        by_community: dict[str, list[GridPlan]] = {}
        for g in grids:
            by_community.setdefault(g.community_code, []).append(g)
        for ccode, cname, _n in COMMUNITIES:
            plan.add(
                OrgPlan(
                    ("community", ccode),
                    f"{cname}党委",
                    Kind.PARTY_COMMITTEE,
                    parent=("street",),
                    region_code=ccode,
                    has_committee=True,
                    established_on=datetime.date(rng.randint(2008, 2016), rng.randint(1, 12), 1),
                )
            )
        for i, g in enumerate(grids):
            org = plan.add(
                OrgPlan(
                    ("grid", g.code),
                    f"{g.name}党支部",
                    Kind.GRID_BRANCH,
                    parent=("community", g.community_code),
                    grid=g,
                    has_committee=i != NO_COMMITTEE_GRID,
                    established_on=_day_between(
                        rng, datetime.date(2021, 3, 1), datetime.date(2021, 12, 31)
                    ),
                )
            )
            n = 53 if i == MANY_MEMBERS_GRID else rng.randint(*GRID_BRANCH_MEMBERS)
            chosen = _weighted_pick(rng, self.free(g.people), n, _member_weight)
            self.admit(chosen, org, probationary=rng.choice([0, 1, 1, 2]))
        for ccode, cname, _n in COMMUNITIES:
            org = plan.add(
                OrgPlan(
                    ("retired", ccode),
                    f"{cname}离退休党员党支部",
                    Kind.BRANCH,
                    parent=("community", ccode),
                    region_code=ccode,
                    has_committee=True,
                    established_on=datetime.date(rng.randint(2010, 2018), 7, 1),
                )
            )
            people = [p for g in by_community[ccode] for p in g.people]
            old = [p for p in self.free(people) if p.age >= 62]
            self.admit(_weighted_pick(rng, old, rng.randint(36, 48), lambda p: 1), org)
        self._enterprises(grids, enterprises)
        self._transfers(grids)
        self._four_levels(grids)
        self._heads(grids)
        self._grid_workers(grids)
        self._instructors(grids, enterprises)
        self._riders(grids)

    def _enterprises(self, grids, enterprises: list[EnterprisePlan]) -> None:
        rng, plan = self.rng, self.plan
        plan.add(
            OrgPlan(
                ("nonpublic",),
                f"{STREET_NAME}非公有制经济组织综合党委",
                Kind.PARTY_COMMITTEE,
                parent=("street",),
                region_code=STREET_CODE,
                has_committee=True,
                established_on=datetime.date(2017, 6, 1),
            )
        )
        working_age = [p for g in grids for p in g.people if 23 <= p.age <= 55]
        joint_groups: dict[tuple, list[EnterprisePlan]] = {}
        for e in enterprises:
            if e.org_key and e.org_key[0] == "joint":
                joint_groups.setdefault(e.org_key, []).append(e)
        for e in enterprises:
            if not e.org_key or e.org_key[0] != "enterprise":
                continue
            org = plan.add(
                OrgPlan(
                    e.org_key,
                    f"{e.name}党支部",
                    Kind.BRANCH,
                    parent=("nonpublic",),
                    grid=e.grid,
                    established_on=_day_between(
                        rng, datetime.date(2012, 1, 1), datetime.date(2023, 12, 31)
                    ),
                )
            )
            self._enterprise_members(org, working_age, rng.randint(3, 9))
        for key, group in sorted(joint_groups.items()):
            communities = {e.grid.community_code for e in group}
            region = communities.pop() if len(communities) == 1 else STREET_CODE
            org = plan.add(
                OrgPlan(
                    key,
                    f"{STREET_NAME}非公企业第{names.cn_number(key[1] + 1)}联合党支部",
                    Kind.BRANCH,
                    parent=("nonpublic",),
                    region_code=region,
                    established_on=_day_between(
                        rng, datetime.date(2018, 1, 1), datetime.date(2023, 6, 30)
                    ),
                )
            )
            self._enterprise_members(org, working_age, rng.randint(6, 11))

    def _enterprise_members(self, org: OrgPlan, pool: list[Person], n: int) -> None:
        chosen = _uniform_pick(self.rng, pool, n, self.taken)
        members = self.admit(chosen, org, probationary=1 if n >= 6 else 0)
        full = sum(m.status == PartyMember.Status.FULL for m in members)
        org.has_committee = full >= 7

    def _transfers(self, grids: list[GridPlan]) -> None:
        """Some grid branch members moved house inside the street: an earlier period in
        another grid branch, closed on the day of the transfer."""
        rng = self.rng
        grid_keys = [("grid", g.code) for g in grids]
        for m in self.plan.members:
            if m.org[0] != "grid" or rng.random() >= 0.08:
                continue
            own = self.plan.orgs[m.org]
            other = self.plan.orgs[rng.choice([k for k in grid_keys if k != m.org])]
            start = max(m.joined_on, other.established_on)
            lo = max(start, own.established_on) + datetime.timedelta(days=30)
            hi = REFERENCE_DATE - datetime.timedelta(days=60)
            if lo >= hi or m.status != PartyMember.Status.FULL:
                continue
            moved = _day_between(rng, lo, hi)
            m.history = [
                (other.key, start, moved, ""),
                (m.org, moved, None, "随居住地变动转入"),
            ]

    def _four_levels(self, grids: list[GridPlan]) -> None:
        """Building groups where members live, and one center household per unit."""
        plan = self.plan
        by_grid: dict[tuple, list[MemberPlan]] = {}
        for m in plan.members:
            by_grid.setdefault(m.org, []).append(m)
        for g in grids:
            branch = plan.orgs[("grid", g.code)]
            members = by_grid.get(branch.key, [])
            for b in g.buildings:
                here = [m for m in members if m.person.household.building is b]
                if not here:
                    continue
                key = ("building", g.code, b.number)
                plan.add(
                    OrgPlan(
                        key,
                        f"{b.name}党小组",
                        Kind.BUILDING_GROUP,
                        parent=branch.key,
                        building=b,
                        grid=g,
                        established_on=branch.established_on + datetime.timedelta(days=30),
                    )
                )
                for unit in b.units:
                    in_unit = [m for m in here if m.person.household.unit == unit]
                    full = [m for m in in_unit if m.status == PartyMember.Status.FULL]
                    if full:
                        plan.centers.append((min(full, key=lambda m: m.joined_on), key))

    # --- roles ---------------------------------------------------------------------------

    def _pick_holder(self, people: list[Person], lo: int, hi: int, prefer_members=True):
        rng = self.rng
        fit = [p for p in people if lo <= p.age <= hi and p not in self.holders]
        if not fit:
            fit = [p for p in people if p.age >= 25 and p not in self.holders]
        members = [p for p in fit if p in self.taken]
        pool = members if prefer_members and members and rng.random() < 0.5 else fit
        person = rng.choice(pool)
        self.holders.add(person)
        return person

    def _heads(self, grids: list[GridPlan]) -> None:
        rng, roles = self.rng, self.plan.roles
        for g in grids:
            for b in g.buildings:
                people = [p for h in g.households if h.building is b for p in h.people]
                started = _day_between(rng, datetime.date(2021, 4, 1), datetime.date(2022, 12, 31))
                head = self._pick_holder(people, 35, 75)
                roles.append(RolePlan(head, PlaceRole.Role.BUILDING_HEAD, started, g, b))
                for unit in b.units:
                    in_unit = [p for p in people if p.household.unit == unit]
                    started = _day_between(
                        rng, datetime.date(2021, 4, 1), datetime.date(2023, 6, 30)
                    )
                    head = self._pick_holder(in_unit, 30, 75)
                    roles.append(RolePlan(head, PlaceRole.Role.UNIT_HEAD, started, g, b, unit))

    def _grid_workers(self, grids: list[GridPlan]) -> None:
        rng = self.rng
        by_community: dict[str, list[Person]] = {}
        for g in grids:
            by_community.setdefault(g.community_code, []).extend(g.people)
        for g in grids:
            worker = self._pick_holder(by_community[g.community_code], 24, 45, False)
            started = _day_between(rng, datetime.date(2019, 1, 1), datetime.date(2023, 12, 31))
            self.plan.roles.append(RolePlan(worker, PlaceRole.Role.GRID_WORKER, started, g))

    def _instructors(self, grids, enterprises: list[EnterprisePlan]) -> None:
        """13 instructors, full members of the grid branches, each serving 3–4 of the
        enterprises without their own organization."""
        rng = self.rng
        candidates = [
            m.person
            for m in self.plan.members
            if m.org[0] == "grid"
            and m.status == PartyMember.Status.FULL
            and 32 <= m.person.age <= 60
            and m.person not in self.holders
        ]
        instructors = rng.sample(candidates, INSTRUCTORS)
        self.holders.update(instructors)
        without = [e for e in enterprises if e.org_key is None]
        for i, e in enumerate(without):
            e.instructor = instructors[i * INSTRUCTORS // len(without)]
        for p in instructors:
            started = _day_between(rng, datetime.date(2020, 1, 1), datetime.date(2023, 3, 31))
            self.plan.roles.append(
                RolePlan(p, PlaceRole.Role.INSTRUCTOR, started, region_code=STREET_CODE)
            )

    def _riders(self, grids: list[GridPlan]) -> None:
        rng, plan = self.rng, self.plan
        plan.add(
            OrgPlan(
                ("city",),
                "市非公有制经济组织党委",
                Kind.PARTY_COMMITTEE,
                region_code=CITY_CODE,
                has_committee=True,
                established_on=datetime.date(2013, 7, 1),
            )
        )
        org = plan.add(
            OrgPlan(
                ("rider",),
                "美团青城骑手流动党员党支部",
                Kind.BRANCH,
                parent=("city",),
                region_code=CITY_CODE,
                is_mobile=True,
                established_on=datetime.date(2021, 6, 18),
            )
        )
        pool = [p for g in grids for p in g.people if p.sex == "M" and 22 <= p.age <= 40]
        riders = _uniform_pick(rng, pool, RIDERS, self.taken)
        members = self.admit(riders, org, probationary=2, mobile=True, occupation="外卖骑手")
        for m in members:
            m.history[-1] = (*m.history[-1][:3], "流动党员，组织关系转入骑手党支部")

    # --- villages ------------------------------------------------------------------------

    def villages(self, villages: list[VillagePlan]) -> None:
        rng, plan = self.rng, self.plan
        plan.add(
            OrgPlan(
                ("town",),
                "城关镇党委",
                Kind.PARTY_COMMITTEE,
                region_code=TOWN_CODE,
                has_committee=True,
                established_on=datetime.date(1998, 7, 1),
            )
        )
        for v in villages:
            org = plan.add(
                OrgPlan(
                    ("village", v.code),
                    f"{v.name}党支部",
                    Kind.BRANCH,
                    parent=("town",),
                    region_code=v.code,
                    established_on=datetime.date(rng.randint(1985, 2005), 7, 1),
                )
            )
            people = v.grid.people
            n = rng.randint(15, 30)
            chosen = _weighted_pick(
                rng,
                self.free(people),
                n,
                lambda p: (
                    0 if p.age < 25 else (2 if p.sex == "M" else 1) * (1.5 if p.age >= 50 else 1)
                ),
            )
            members = self.admit(chosen, org, probationary=rng.choice([0, 1]))
            org.has_committee = sum(m.status == PartyMember.Status.FULL for m in members) >= 7
            worker = self._pick_holder(people, 25, 55, False)
            started = _day_between(rng, datetime.date(2019, 1, 1), datetime.date(2023, 12, 31))
            plan.roles.append(RolePlan(worker, PlaceRole.Role.GRID_WORKER, started, v.grid))
        # A few members out of contact for half a year or more.
        for m in rng.sample(plan.members, 3):
            m.last_contact_on = REFERENCE_DATE - datetime.timedelta(days=rng.randint(190, 400))


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def plan_party(
    seed: int, grids: list[GridPlan], villages: list[VillagePlan], enterprises
) -> PartyPlan:
    """Members, organizations and roles; sets the members' political status."""
    planner = _Planner(seed)
    planner.street(grids, enterprises)
    planner.villages(villages)
    return planner.plan


# --- writing ---------------------------------------------------------------------------


def write_party(plan: PartyPlan, *, regions: dict, grids: dict, buildings: dict) -> dict:
    """Create the organizations (through the service, which computes paths), members,
    membership history, center households and place roles. Returns key → organization."""
    orgs: dict[tuple, PartyOrganization] = {}
    for key, o in plan.orgs.items():
        orgs[key] = organization_create(
            name=o.name,
            kind=o.kind,
            parent=orgs[o.parent] if o.parent else None,
            region=regions[o.region_code] if o.region_code else None,
            grid=grids[o.grid.code] if o.grid and not o.building else None,
            building=buildings[(o.grid.code, o.building.number)] if o.building else None,
            has_committee=o.has_committee,
            is_mobile=o.is_mobile,
            established_on=o.established_on,
        )
    rows = [
        PartyMember(
            resident_id=m.person.pk,
            organization_id=orgs[m.org].pk,
            status=m.status,
            joined_on=m.joined_on,
            is_mobile=m.is_mobile,
            occupation=m.occupation,
            last_contact_on=m.last_contact_on,
        )
        for m in plan.members
    ]
    PartyMember.objects.bulk_create(rows, batch_size=5000)
    for m, row in zip(plan.members, rows, strict=True):
        m.pk = row.pk
    Membership.objects.bulk_create(
        [
            Membership(
                member_id=m.pk,
                organization_id=orgs[key].pk,
                started_on=started,
                ended_on=ended,
                note=note,
            )
            for m in plan.members
            for key, started, ended, note in m.history
        ],
        batch_size=5000,
    )
    CenterHousehold.objects.bulk_create(
        [
            CenterHousehold(
                household_id=m.person.household.pk,
                member_id=m.pk,
                group_id=orgs[key].pk,
                unit_id=m.person.household.building.unit_pks[m.person.household.unit],
            )
            for m, key in plan.centers
        ],
        batch_size=5000,
    )
    PlaceRole.objects.bulk_create(
        [
            PlaceRole(
                resident_id=r.person.pk,
                role=r.role,
                region=regions[r.region_code] if r.region_code else None,
                grid_id=r.grid.pk if r.grid else None,
                building_id=r.building.pk if r.building else None,
                unit_id=r.building.unit_pks[r.unit] if r.unit else None,
                started_on=r.started_on,
            )
            for r in plan.roles
        ],
        batch_size=5000,
    )
    return orgs
