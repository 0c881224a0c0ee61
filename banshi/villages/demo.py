"""The villages of 清水河县 (150124) for the demo: the 7 towns and townships get their
villages (城关镇 keeps the ten the demo street's build made, with their households), a
township party committee each where missing, a party branch per village with 8–25 members,
its secretary and, with seven full members or more, its committee; a handful of villages
whose secretary left months ago and was not replaced. Beside the branch, the villagers'
committee (a director who is often the secretary too, 一肩挑), a few posts left vacant; the
county's 2026 joint review; reserve pools mostly of 3–5 with a few gaps; and the 头雁领航
training of the secretaries. Deterministic for a seed and a `now`."""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction

from banshi.access.models import RoleAssignment
from banshi.organizations.models import (
    Applicant,
    CommitteeSeat,
    Membership,
    PartyMember,
    PartyOrganization,
)
from banshi.organizations.services import (
    committee_seat_fill,
    committee_seat_vacate,
    organization_create,
)
from banshi.partylife.demo.orgs import Accounts
from banshi.people.models import Resident
from banshi.territory.models import Region
from banshi.territory.services import region_create

from . import demo_people, services
from .demo_people import Villager, resident_of
from .demo_review import build_review
from .demo_training import build_tour, build_training
from .models import ReserveCadre, VillagerCommitteeSeat

COUNTY = "150124000000"
Post = CommitteeSeat.Post
VPost = VillagerCommitteeSeat.Post
# Villages per township beside 城关镇's ten (about 95 in all).
PER_TOWNSHIP = (12, 16)
FIRST = ["刘家", "王家", "张家", "杨家", "赵家", "郭家", "高家", "韩家", "贾家", "薛家", "田家"]
FIRST += ["马家", "武家", "苗家", "段家", "白家", "任家", "曹家", "岳家", "闫家", "郝家", "侯家"]
FIRST += ["石", "红", "黄", "黑", "大", "小", "前", "后", "阳", "榆树", "柳树", "杏树", "庙"]
LAST = ["窑村", "塔村", "沟村", "峁村", "梁村", "湾村", "坪村", "焉村", "圪旦村"]
VACANT_SECRETARIES = 5  # villages whose secretary left 4–7 months ago
NO_CANDIDATES = 3  # villages that named no candidate for membership (发展对象) since 2023
SHORT_POOLS = 9  # villages with fewer than 3 reserve cadres
OVER_POOLS = 2  # villages with more than 5
MEASURES = [
    "参加乡镇党校培训，安排到村便民服务站跟班学习",
    "列为入党积极分子培养，参与村务监督",
    "参加学历提升计划（函授大专）",
    "由村党组织书记结对帮带，参与产业项目管理",
]
ELECTED = datetime.date(2021, 3, 15)  # the 2021 换届 of both committees


@dataclass
class Village:
    region: Region
    branch: PartyOrganization
    members: list[PartyMember] = field(default_factory=list)
    villagers: list[Villager] = field(default_factory=list)  # not party members
    secretary: PartyMember | None = None
    seats: list[CommitteeSeat] = field(default_factory=list)
    holders: set[int] = field(default_factory=set)  # residents holding a seat


def _names(rng: random.Random, taken: set[str], n: int) -> list[str]:
    pool = [a + b for a in FIRST for b in LAST if a + b not in taken]
    rng.shuffle(pool)
    out = pool[:n]
    taken.update(out)
    return out


def _townships(county: Region, rng: random.Random) -> list[tuple[Region, list[Region]]]:
    """Each township with its villages: the existing ones, else new ones."""
    out = []
    taken = set(Region.objects.filter(code__startswith="150124").values_list("name", flat=True))
    for town in county.children.order_by("code"):
        villages = list(town.children.filter(kind=Region.Kind.VILLAGE).order_by("code"))
        if not villages:
            names = _names(rng, taken, rng.randint(*PER_TOWNSHIP))
            villages = [
                region_create(
                    code=f"{town.code[:9]}{201 + i:03d}",
                    name=name,
                    kind=Region.Kind.VILLAGE,
                    parent=town,
                )
                for i, name in enumerate(names)
            ]
        out.append((town, villages))
    return out


def _committee(town: Region) -> PartyOrganization:
    found = PartyOrganization.objects.filter(
        region=town, kind=PartyOrganization.Kind.PARTY_COMMITTEE
    ).first()
    return found or organization_create(
        name=f"{town.name}党委",
        kind=PartyOrganization.Kind.PARTY_COMMITTEE,
        region=town,
        has_committee=True,
        established_on=datetime.date(1998, 7, 1),
    )


def _plan_branch(rng, region: Region, parent) -> tuple[PartyOrganization, list[Villager]]:
    """A new branch with its members' people (not yet written)."""
    people = [demo_people.draw(rng, min_age=24, max_age=78) for _ in range(rng.randint(8, 25))]
    for p in people:
        p.political_status = "party_member"
    full = len(people) - (1 if len(people) > 10 and rng.random() < 0.4 else 0)
    branch = organization_create(
        name=f"{region.name}党支部",
        kind=PartyOrganization.Kind.BRANCH,
        parent=parent,
        region=region,
        has_committee=full >= 7,
        established_on=datetime.date(rng.randint(1985, 2005), 7, 1),
    )
    if full < len(people):
        people[-1].political_status = "probationary"
    return branch, people


def _write_members(plans: list[tuple[Village, list[Villager]]], rng) -> None:
    people = [p for _v, ps in plans for p in ps]
    demo_people.write(rng, people)
    rows = []
    for v, ps in plans:
        for p in ps:
            probationary = p.political_status == "probationary"
            age = (demo_people.REFERENCE - p.birth).days // 365
            joined = (
                datetime.date(2025, rng.randint(3, 11), rng.randint(1, 28))
                if probationary
                else datetime.date(2025 - rng.randint(2, max(3, age - 20)), 7, 1)
            )
            rows.append(
                PartyMember(
                    resident_id=p.pk,
                    organization=v.branch,
                    status=PartyMember.Status.PROBATIONARY if probationary else "full",
                    joined_on=joined,
                )
            )
    PartyMember.objects.bulk_create(rows, batch_size=1000)
    Membership.objects.bulk_create(
        [Membership(member=m, organization=m.organization, started_on=m.joined_on) for m in rows],
        batch_size=1000,
    )


def _elect(rng, v: Village, number: int) -> None:
    """The secretary, and with a committee four more seats, from the 2021 换届."""
    full = sorted(
        (m for m in v.members if m.status == PartyMember.Status.FULL),
        key=lambda m: (m.joined_on, m.pk),
    )
    fit = [m for m in full if 30 <= 2021 - m.resident.birth_date.year <= 58] or full
    v.secretary = fit[number % len(fit)]
    day = max(ELECTED + datetime.timedelta(days=number % 20), v.secretary.joined_on)
    v.seats.append(
        committee_seat_fill(
            organization=v.branch, member=v.secretary, post=Post.SECRETARY, started_on=day
        )
    )
    if not v.branch.has_committee:
        v.holders.add(v.secretary.resident_id)
        return
    others = [m for m in full if m != v.secretary]
    for post, m in zip((Post.DEPUTY, Post.ORGANIZATION), others, strict=False):
        v.seats.append(
            committee_seat_fill(
                organization=v.branch, member=m, post=post, started_on=max(day, m.joined_on)
            )
        )
    v.holders.update(s.member.resident_id for s in v.seats)


def _villagers_committee(rng, v: Village, number: int, now: datetime.date) -> None:
    """A director (the secretary too in two villages of three), a women's member and one
    or two members; in a few villages a member left this year and the post is vacant, in
    a few others the vacancy was filled."""
    day = ELECTED + datetime.timedelta(days=5 + number % 20)

    def resident(person) -> Resident:
        r = person if isinstance(person, Resident) else resident_of(person)
        v.holders.add(r.pk)
        return r

    women = next((p for p in v.villagers[1:] if p.sex == "F"), v.villagers[1])
    extra = [p for p in v.villagers[2:] if p is not women][: 1 + number % 2]
    director = v.secretary.resident if number % 3 else v.villagers[0]
    seats = services.villager_committee_elect(
        village=v.region,
        members=[(resident(director), VPost.DIRECTOR), (resident(women), VPost.WOMEN)]
        + [(resident(p), VPost.MEMBER) for p in extra],
        started_on=day,
    )[2:]
    if number % 13 in (4, 9):
        left = now - datetime.timedelta(days=60 + number % 90)
        ended = services.villager_seat_vacate(seat=seats[0], ended_on=left, reason="外出务工辞职")
        if number % 13 == 9:
            services.villager_seat_fill(
                village=v.region,
                resident=resident(v.villagers[-1]),
                post=VPost.MEMBER,
                started_on=left + datetime.timedelta(days=30),
                replaces=ended,
            )


def _pool(rng, v: Village, size: int, now: datetime.date) -> None:
    people = v.villagers + [_person_of(m) for m in v.members]
    fit = sorted(
        (p for p in people if p.pk not in v.holders and 23 <= (now - p.birth).days // 365 <= 55),
        key=lambda p: p.pk,
    )
    # Mostly the young (the point of a reserve), some in their forties and fifties.
    young = sorted(
        fit, key=lambda p: rng.random() * (1 if (now - p.birth).days < 40 * 365 else 2.5)
    )
    candidates = []
    for i, p in enumerate(young[:size]):
        status = p.political_status
        political = (
            ReserveCadre.Political.MEMBER
            if status == "party_member"
            else ReserveCadre.Political.PROBATIONARY
            if status == "probationary"
            else rng.choice([ReserveCadre.Political.MASSES, ReserveCadre.Political.LEAGUE])
        )
        candidates.append(
            {
                "resident": resident_of(p),
                "education": rng.choices(ReserveCadre.Education.values, weights=[15, 40, 30, 15])[
                    0
                ],
                "political_status": political,
                "measures": MEASURES[i % len(MEASURES)],
                "added_on": datetime.date(2024, rng.randint(1, 12), rng.randint(1, 28)),
            }
        )
    services.reserve_add_many(village=v.region, candidates=candidates)


def _development(rng, villages: list[Village], today: datetime.date) -> None:
    """The development of members: most branches named a candidate (发展对象) within the
    last two years and have applicants and activists behind; a few named none since 2023
    (the screening's automatic criterion) unless a member joined since."""
    none = set(rng.sample(range(len(villages)), NO_CANDIDATES))
    rows = []
    for n, v in enumerate(villages):
        members = (Resident.PoliticalStatus.PARTY_MEMBER, Resident.PoliticalStatus.PROBATIONARY)
        others = [p for p in v.villagers if p.political_status not in members]
        for i, p in enumerate(others[: rng.randint(2, 3)]):
            applied = today - datetime.timedelta(days=rng.randint(400, 1400))
            if n in none:
                applied = min(applied, datetime.date(2022, 12, 1))
            row = Applicant(organization=v.branch, resident_id=p.pk, applied_on=applied)
            if i < 2:
                row.activist_on = applied + datetime.timedelta(days=rng.randint(60, 200))
            if i == 0:
                if n in none:
                    row.candidate_on = row.activist_on
                    row.dropped_on = row.candidate_on + datetime.timedelta(days=90)
                    row.note = "外出务工，本人申请暂缓"
                else:
                    row.candidate_on = today - datetime.timedelta(days=rng.randint(230, 700))
                    row.activist_on = min(row.activist_on, row.candidate_on)
                    row.applied_on = min(row.applied_on, row.activist_on)
            rows.append(row)
    for row in rows:
        row.clean()
    Applicant.objects.bulk_create(rows)


def _person_of(m: PartyMember) -> Villager:
    r = m.resident
    status = "probationary" if m.status == PartyMember.Status.PROBATIONARY else "party_member"
    return Villager(r.name, "", r.sex, r.birth_date, status, pk=r.pk)


@transaction.atomic
def build_demo_villages(*, seed: int = 0, now: datetime.datetime) -> dict:
    rng = random.Random(f"villages-{seed}")
    today = now.date() if isinstance(now, datetime.datetime) else now
    county = Region.objects.get(code=COUNTY)
    villages: list[Village] = []
    new: list[tuple[Village, list[Villager]]] = []
    for town, regions in _townships(county, rng):
        committee = _committee(town)
        for region in regions:
            branch = PartyOrganization.objects.filter(
                region=region, kind=PartyOrganization.Kind.BRANCH
            ).first()
            if branch is None:
                branch, people = _plan_branch(rng, region, committee)
                new.append((Village(region, branch), people))
                villages.append(new[-1][0])
            else:
                villages.append(Village(region, branch))
    villagers = {
        id(v): [demo_people.draw(rng, min_age=22, max_age=60) for _ in range(8)] for v in villages
    }
    _write_members(new, rng)
    demo_people.write(rng, [p for ps in villagers.values() for p in ps])
    members = PartyMember.objects.filter(organization__in=[v.branch for v in villages])
    by_branch: dict[int, list[PartyMember]] = {}
    for m in members.select_related("resident").order_by("pk"):
        by_branch.setdefault(m.organization_id, []).append(m)
    for v in villages:
        v.members = by_branch.get(v.branch.pk, [])
        v.villagers = villagers[id(v)]
    vacant = set(rng.sample(range(len(villages)), VACANT_SECRETARIES))
    sizes = _pool_sizes(rng, len(villages))
    for n, v in enumerate(villages):
        _elect(rng, v, n)
        _villagers_committee(rng, v, n, today)
        _pool(rng, v, sizes[n], today)
    _development(rng, villages, today)
    review = build_review(rng, county, villages, today)
    for n in sorted(vacant):
        v = villages[n]
        seat = next(s for s in v.seats if s.post == Post.SECRETARY)
        left = today - datetime.timedelta(days=120 + 15 * n % 90)
        committee_seat_vacate(seat=seat, ended_on=left, note="调任乡镇工作")
    course = build_training(rng, county, villages, today, vacant)
    tour = build_tour(rng, county, villages, today, vacant)
    accounts = _accounts(county, villages, vacant)
    return {
        "villages": len(villages),
        "review": review,
        "course": course,
        "tour": tour,
        "accounts": accounts,
    }


def _accounts(county: Region, villages: list[Village], vacant: set[int]) -> list[str]:
    """Sign-in accounts: the county's organization department, 城关镇, and the secretary of
    its first village with a secretary (demo_… like every demo account)."""
    accounts = Accounts()
    Role = RoleAssignment.Role
    accounts.make("demo_qingshuihe", Role.DISTRICT, region=county)
    first = villages[0].region.parent
    accounts.make("demo_chengguan", Role.STREET, region=first)
    v = next(v for n, v in enumerate(villages) if n not in vacant)
    accounts.make(
        "demo_village_secretary",
        Role.PARTY_SECRETARY,
        resident=v.secretary.resident,
        party_organization=v.branch,
    )
    return accounts.names


def _pool_sizes(rng, n: int) -> list[int]:
    sizes = [rng.choice([3, 3, 4, 4, 4, 5]) for _ in range(n)]
    picks = rng.sample(range(n), SHORT_POOLS + OVER_POOLS)
    for i in picks[:SHORT_POOLS]:
        sizes[i] = rng.choice([0, 1, 2, 2])
    for i in picks[SHORT_POOLS:]:
        sizes[i] = 6
    return sizes
