"""Records for the obligations and figures tests: two branches in the test world's
communities, their members, and activities with attendance written as rows (the services'
own rules are P1's tests; here the rows are what the calendar and the figures count)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from banshi.access.models import RoleAssignment
from banshi.organizations.models import PartyMember
from banshi.organizations.services import member_admit, organization_create
from banshi.partylife.models import Activity, Attendance, MakeUp, Talk
from banshi.people.services import resident_create
from tests.conftest import make_id_number

JOINED = datetime.date(2020, 1, 1)


def at(y: int, m: int, d: int = 10, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(y, m, d, hour))


class Branches:
    pass


def branches(world) -> Branches:
    """Under the district's party committee: branch A (乌兰社区, with a committee and a
    party group; the members of grids 1 and 2) and branch B (内工大社区, no committee; the
    two members of grid 3)."""
    b = Branches()
    b.district = organization_create(name="赛罕区委", kind="party_committee", region=world.district)
    b.a = organization_create(
        name="乌兰社区党支部",
        kind="branch",
        parent=b.district,
        region=world.community,
        has_committee=True,
    )
    b.group = organization_create(
        name="1号楼党小组",
        kind="building_group",
        parent=b.a,
        building=world.households[world.grid1.code][0].building,
    )
    b.b = organization_create(
        name="内工大社区党支部", kind="branch", parent=b.district, region=world.community2
    )
    b.a_members = [
        member_admit(resident=r, organization=b.a, joined_on=JOINED)
        for r in _residents(world, (world.grid1, world.grid2))
    ]
    b.b_members = [
        member_admit(resident=r, organization=b.b, joined_on=JOINED)
        for r in _residents(world, (world.grid3,))
    ]
    return b


def _residents(world, grids) -> list:
    """Two new residents in each grid's households (the world's own may be members of the
    other fixtures' organizations already)."""
    out = []
    for grid in grids:
        for h in world.households[grid.code]:
            seq = 500 + PartyMember.objects.count() + len(out)
            out.append(
                resident_create(
                    name=f"党员{seq}",
                    id_number=make_id_number(seq),
                    household=h,
                    relation_to_head="spouse",
                )
            )
    return out


def activity(org, kind, when, *, members=(), present=(), status="held", co=()):
    """A held activity of `org` at `when` with an expected row per member of `members`,
    present for those in `present`, absent for the others."""
    act = Activity.objects.create(
        organization=org,
        kind=kind,
        title=f"{kind} {when:%Y-%m}",
        planned_at=when,
        held_at=when if status == "held" else None,
        ended_at=when + datetime.timedelta(hours=1) if status == "held" else None,
        status=status,
    )
    if co:
        act.co_organizations.set(co)
    for m in members:
        Attendance.objects.create(
            activity=act,
            member=m,
            status=Attendance.Status.PRESENT if m in present else Attendance.Status.ABSENT,
        )
    return act


def make_up(activity_, member: PartyMember, when):
    att = Attendance.objects.get(activity=activity_, member=member)
    return MakeUp.objects.create(attendance=att, done_at=when, note="补学")


def talk(org, member, on: datetime.date):
    return Talk.objects.create(organization=org, member=member, held_on=on, by_name="书记")


def busy_party_life(world, make_user=None) -> Branches:
    """Party life up to November 2026 that gives every party-life figure of the street
    something to count (for the registry walk's `busy` fixture): a committee meeting with a
    quorum, a group meeting, the fourth quarter's general meeting and lecture (the
    secretary's), the year's life meeting, appraisal and a talk with every member of B, B's
    theme days with one member absent since May, A's with a make-up."""
    b = branches(world)
    a, x = b.a_members, b.b_members
    for month in range(5, 12):
        activity(b.b, "theme_day", at(2026, month, 6), members=x, present=x[1:])
    for month in (9, 10, 11):
        act = activity(b.a, "theme_day", at(2026, month, 8), members=a, present=a[1:3])
    make_up(act, a[3], at(2026, 11, 20))
    activity(b.a, "committee", at(2026, 11, 3), members=a[:3], present=a[:2])
    activity(b.group, "group_meeting", at(2026, 11, 12))
    activity(b.b, "general_meeting", at(2026, 10, 9))
    lecture = activity(b.b, "party_lecture", at(2026, 11, 13))
    lecture.lecturer = x[1]
    lecture.save()
    user = get_user_model().objects.create_user(username="pl-secretary", password="x-Banshi-1")
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.PARTY_SECRETARY, party_organization=b.b
    )
    RoleAssignment.objects.create(
        user=user, role=RoleAssignment.Role.RESIDENT, resident=x[1].resident
    )
    activity(b.b, "life_meeting", at(2026, 3, 9))
    activity(b.b, "appraisal", at(2026, 6, 9))
    for m in x:
        talk(b.b, m, datetime.date(2026, 4, 1))
    return b
