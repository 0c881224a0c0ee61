"""The home-page tiles of party life — obligations and coverage, never a ranking of people:
a branch secretary's "本月组织生活" (this month's due, held and overdue obligations of each
branch they serve, opening its calendar), a member's "我的组织生活" (this year's attendance
and the make-ups still open) and an organization department's "组织生活落实情况" (how many
branches of its district are behind, opening the list)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import restrict, scope_for
from banshi.core import tiles
from banshi.core.tiles import Tile
from banshi.organizations.models import PartyMember
from banshi.territory.models import Region
from banshi.territory.selectors import scope_roots

from . import obligations
from .models import Activity, Attendance

ROLE = RoleAssignment.Role


def _branch(request) -> dict | None:
    branches = list(obligations.user_branches(user=request.user)[:5])
    if not branches:
        return None
    now = timezone.localtime()
    rows = []
    for branch in branches:
        lines = obligations.calendar(branch, now.year, now.month)
        rows.append(
            {
                "branch": branch,
                "due": len(lines),
                "held": sum(ln.status == "held" for ln in lines),
                "overdue": sum(ln.status == "overdue" for ln in lines),
                "open": sum(ln.status == "open" for ln in lines),
            }
        )
    return {"rows": rows}


def _member(request) -> dict | None:
    residents = scope_for(request.user).resident_ids
    member = PartyMember.objects.filter(resident_id__in=residents).first()
    if member is None:
        return None
    now = timezone.localtime()
    start = timezone.make_aware(datetime.datetime(now.year, 1, 1))
    rows = restrict(
        Attendance.objects.filter(
            member=member, activity__status=Activity.Status.HELD, activity__held_at__gte=start
        ),
        request.user,
    )
    expected = rows.count()
    present = rows.filter(status=Attendance.Status.PRESENT).count()
    made_up = rows.filter(makeup__isnull=False).count()
    open_makeups = rows.filter(
        Q(status__in=(Attendance.Status.ABSENT, Attendance.Status.LEAVE)),
        makeup__isnull=True,
    ).count()
    return {
        "expected": expected,
        "present": present,
        "made_up": made_up,
        "open_makeups": open_makeups,
        "year": now.year,
    }


def _department(request) -> dict | None:
    regions = [r for r in scope_roots(user=request.user) if isinstance(r, Region)][:3]
    if not regions:
        return None
    now = timezone.now()
    year = timezone.localtime(now).year
    rows = []
    for region in regions:
        rows.append(
            {
                "region": region,
                "branches": obligations.branches(region.prefix).count(),
                "behind": len(obligations.behind(region.prefix, year, now=now)),
            }
        )
    return {"rows": rows}


TILES = (
    Tile(
        "partylife.branch",
        _("本月组织生活"),
        "partylife/obligations_tile_branch.html",
        _branch,
        order=30,
        roles=frozenset({ROLE.PARTY_SECRETARY}),
    ),
    Tile(
        "partylife.member",
        _("我的组织生活"),
        "partylife/obligations_tile_member.html",
        _member,
        order=31,
        roles=frozenset({ROLE.RESIDENT}),
    ),
    Tile(
        "partylife.department",
        _("组织生活落实情况"),
        "partylife/obligations_tile_department.html",
        _department,
        order=32,
        roles=frozenset({ROLE.DISTRICT}),
    ),
)


def register() -> None:
    for tile in TILES:
        tiles.register(tile)
