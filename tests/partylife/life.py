"""Fixtures of P1's party-life tests: a district committee over a community branch of seven
members (six full, one probationary; it has a committee) and a second branch, a published
2026 plan, and the users — the district's organization department, the branch secretary,
and members who sign in as residents. Imported by the test modules (not a conftest: the
folder is shared)."""

import datetime

import pytest
from django.utils import timezone

from banshi.access.models import RoleAssignment
from banshi.organizations.models import PartyMember
from banshi.organizations.services import member_admit, organization_create
from banshi.partylife import services
from banshi.people.services import resident_create
from tests.conftest import make_id_number

JOINED = datetime.date(2020, 1, 1)
ITEMS = ["重温入党誓词", "学习党章"]


def at(m: int, d: int, hour: int = 9, minute: int = 0, y: int = 2026) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hour, minute))


def twelve_months(prefix: str = "主题") -> list[dict]:
    return [
        {
            "month": m,
            "theme": f"{prefix}{m}",
            "required_items": ITEMS,
            "optional_items": ["参观红色教育基地", "志愿服务"],
            "formats": ["党日+理论学习", "党日+志愿服务"],
        }
        for m in range(1, 13)
    ]


class Life:
    pass


@pytest.fixture
def life(world, make_user):
    w = Life()
    w.world = world
    w.district_org = organization_create(
        name="赛罕区委", kind="party_committee", region=world.district
    )
    w.branch = organization_create(
        name="乌兰社区党支部",
        kind="branch",
        parent=w.district_org,
        region=world.community,
        has_committee=True,
    )
    w.other = organization_create(
        name="内工大社区党支部", kind="branch", parent=w.district_org, region=world.community2
    )
    residents = world.residents[world.grid1.code] + world.residents[world.grid2.code]
    for i in range(3):
        residents.append(
            resident_create(
                name=f"党员{i}", id_number=make_id_number(200 + i), phone=f"1390471{i:04d}"
            )
        )
    w.members = [
        member_admit(
            resident=r,
            organization=w.branch,
            joined_on=JOINED,
            status=PartyMember.Status.PROBATIONARY if i == 6 else PartyMember.Status.FULL,
            is_mobile=i == 5,
        )
        for i, r in enumerate(residents)
    ]
    w.outsider = member_admit(
        resident=world.residents[world.grid3.code][0], organization=w.other, joined_on=JOINED
    )
    w.district_user = make_user("zuzhibu", RoleAssignment.Role.DISTRICT, region=world.district)
    w.secretary = make_user(
        "shuji", RoleAssignment.Role.PARTY_SECRETARY, party_organization=w.branch
    )
    w.other_secretary = make_user(
        "shuji2", RoleAssignment.Role.PARTY_SECRETARY, party_organization=w.other
    )
    w.member_users = [
        make_user(f"dangyuan{i}", RoleAssignment.Role.RESIDENT, resident=m.resident)
        for i, m in enumerate(w.members)
    ]
    w.outsider_user = make_user("waibu", RoleAssignment.Role.RESIDENT, resident=w.outsider.resident)
    return w


@pytest.fixture
def plan(life):
    p = services.plan_create(
        organization=life.district_org,
        year=2026,
        fixed_day="first_friday",
        title="2026年度主题党日计划",
        months=twelve_months(),
        user=life.district_user,
    )
    return services.plan_publish(plan=p, user=life.district_user, at=at(1, 5))


@pytest.fixture
def november_day(life, plan):
    """November's theme party day of the branch, planned against the plan and held."""
    month = plan.months.get(month=11)
    act = services.activity_plan(
        organization=life.branch,
        kind="theme_day",
        planned_at=at(11, 6, 9),
        plan_month=month,
        title="11月主题党日",
        user=life.secretary,
    )
    return services.activity_hold(activity=act, held_at=at(11, 6, 9), user=life.secretary)
