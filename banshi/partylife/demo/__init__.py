"""The party-life demo: 玉泉区's party organizations and members, its 2026 annual plan of
theme party days, a year of every branch's organizational life with attendance, and the
seed's named days (the joint day at 台格斗村, the riders' day, 大学东路街道's study days).

Deterministic for a seed and a `now` (the same counts every time). Organizations, members,
the plan, activities, talks and appraisal go through the services, which hold the rules;
`activities.py` says which attendance records are written in bulk and why."""

import datetime
import random

from django.db import transaction
from django.db.models import F

from banshi.organizations.models import PartyMember

from ..models import LeaveRequest, Venue
from ..services import venue_create
from . import plan as planning
from .activities import Year, local, months_between
from .orgs import build_orgs
from .special import joint_day_taigedou, riders_day, study_days

START = (2025, 12)
# Branches that fall behind: more months missed, fewer committee meetings.
BEHIND = {"通顺街社区党支部"}


def _venues(orgs) -> dict:
    """The city's red-education bases, registered by 玉泉区委组织部 for its branches (a
    venue is seen by the subtree of the organization that registered it), each branch's
    own hall, 台格斗村's site (registered by 和林格尔新区党工委) and the riders' station."""
    out: dict = {
        "red": [
            venue_create(
                name=name,
                kind=Venue.Kind.RED_BASE,
                organization=orgs.issuer,
                lat=lat,
                lng=lng,
                address=address,
            )
            for name, lat, lng, address in planning.RED_BASES
        ]
    }
    for branch in orgs.branches:
        out[branch.org.pk] = venue_create(
            name=f"{branch.community.name}党群服务中心",
            kind=Venue.Kind.MEETING_ROOM,
            region=branch.community,
            organization=branch.org,
            address=f"呼和浩特市玉泉区{branch.community.parent.name}{branch.community.name}",
        )
    name, lat, lng, address = planning.TAIGEDOU
    out["taigedou"] = venue_create(
        name=name,
        kind=Venue.Kind.RED_BASE,
        region=orgs.village,
        organization=orgs.horinger[0].org.parent,
        lat=lat,
        lng=lng,
        address=address,
    )
    out["riders"] = venue_create(
        name="美团青城骑手服务站",
        kind=Venue.Kind.OTHER,
        organization=orgs.riders,
        address="呼和浩特市赛罕区大学东路",
    )
    return out


@transaction.atomic
def build_demo_partylife(*, seed: int, now) -> dict:
    """Build it all; returns counts of what was made."""
    rng = random.Random(f"{seed}/partylife")
    orgs = build_orgs(rng)
    venues = _venues(orgs)
    plan = planning.build_plan(orgs.issuer, published_at=local(datetime.date(2025, 12, 26), 10))
    year = Year(rng, now=now, plan=plan, venues=venues)
    calendar = months_between(START, now)
    for branch in orgs.branches:
        gone, away = rng.random() < 0.5, rng.random() < 0.4
        year.habits_for(branch, calendar, gone=int(gone), away=int(away))
    for branch in orgs.horinger:
        year.habits_for(branch, calendar, gone=0, away=0)
    for branch in orgs.branches:
        year.branch_year(branch, calendar, behind=branch.org.name in BEHIND)
    joint = joint_day_taigedou(year, orgs, venues["taigedou"])
    riders = riders_day(year, orgs, venues["riders"])
    studies = study_days(year)
    year.flush_makeups()
    _backdate(year)
    c = year.counts
    return {
        "organizations": 1 + len(orgs.streets) + len(orgs.branches) + len(orgs.horinger),
        "branches": len(orgs.branches),
        "members": sum(len(b.members) for b in orgs.branches + orgs.horinger),
        "accounts": len(orgs.accounts),
        "plan_months": plan.months.count(),
        "activities": c.activities,
        "cancelled": c.cancelled,
        "attendance": c.attendance,
        "present": c.present,
        "leave": c.leave,
        "makeups": c.makeups,
        "talks": c.talks,
        "grades": c.grades,
        "out_of_contact": len(year.gone()),
        "joint_day": joint.pk,
        "riders_day": riders.pk,
        "study_days": studies,
    }


def _backdate(year: Year) -> None:
    """What the services stamp with the time of the call is set to the demo's past: each
    leave was asked a day or two before its activity, and each member out of contact was
    last reached before they stopped coming."""
    # Only the demo's own leaves can have been asked after they were decided.
    leaves = list(LeaveRequest.objects.filter(requested_at__gt=F("decided_at")))
    for leave in leaves:
        leave.requested_at = leave.decided_at - datetime.timedelta(hours=year.rng.randint(1, 48))
    LeaveRequest.objects.bulk_update(leaves, ["requested_at"], batch_size=500)
    for member_id, (y, m) in year.gone().items():
        last = datetime.date(y, m, 1) - datetime.timedelta(days=year.rng.randint(5, 40))
        PartyMember.objects.filter(pk=member_id).update(last_contact_on=last)
