"""Demo field work: a year of patrols, findings and home visits for one street, written in
bulk (`bulk_insert`: over a hundred thousand rows in a few seconds). Deterministic for a
seed and a `now`.
Most grids keep to the visit cycle; a few fall behind, so the figures are not all perfect.
Findings are not turned into demands here (the demands demo owns demand timelines)."""

import datetime
import math
import random
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from shapely.geometry import shape

from banshi.access.models import RoleAssignment
from banshi.people.roster.writing import IndexRebuild, bulk_insert
from banshi.territory.models import Grid, Household, Region

from .models import Finding, HomeVisit, Patrol, VisitNeed
from .selectors import PRIORITY_TAGS

NOTES = {
    Finding.Kind.HAZARD: ["楼道堆放杂物，堵塞消防通道", "电动车在楼道内充电", "井盖松动"],
    Finding.Kind.ENVIRONMENT: ["垃圾桶满溢未清运", "绿化带内有建筑垃圾", "楼前积水"],
    Finding.Kind.FACILITY: ["单元门禁损坏", "路灯不亮", "健身器材松动"],
    Finding.Kind.DISPUTE: ["邻里因漏水发生争执", "停车位纠纷"],
    Finding.Kind.PUBLIC_ORDER: ["夜间有陌生人徘徊", "小区东门监控失灵"],
    Finding.Kind.OTHER: ["居民反映快递柜不足"],
}
SITUATIONS = ["家庭情况稳定", "老人独居，身体尚可", "家中有人待业", "子女在外地工作", "刚搬入"]
MET = ["户主", "户主配偶", "老人本人", "子女"]


def _uid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _workers(grids: list[Grid]) -> dict[int, object]:
    """A grid worker account for each grid (the demo's own, or a fresh one)."""
    User = get_user_model()
    found = {
        a.grid_id: a.user
        for a in RoleAssignment.objects.filter(
            role=RoleAssignment.Role.GRID_WORKER, grid__in=grids
        ).select_related("user")
    }
    for grid in grids:
        if grid.pk not in found:
            user, _ = User.objects.get_or_create(username=f"demo_grid_{grid.code}")
            if not user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            RoleAssignment.objects.get_or_create(
                user=user, role=RoleAssignment.Role.GRID_WORKER, grid=grid
            )
            found[grid.pk] = user
    return found


def _route(rng: random.Random, bounds, start: datetime.datetime) -> list[dict]:
    """A walk of 6–10 legs of 40–120 m inside the grid's bounding box, a point a minute or
    two apart (a separate random stream: the rest of the demo stays as it was)."""
    if bounds is None:
        return []
    x0, y0, x1, y1 = bounds
    lng, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
    at = start
    points = [{"lat": round(lat, 6), "lng": round(lng, 6), "at": at.isoformat()}]
    for _ in range(rng.randint(6, 10)):
        metres, angle = rng.uniform(40, 120), rng.uniform(0, 2 * math.pi)
        lat = min(max(lat + metres * math.cos(angle) / 111_320, y0), y1)
        lng = min(max(lng + metres * math.sin(angle) / 84_300, x0), x1)  # ~cos(40.8°)
        at += datetime.timedelta(seconds=rng.randint(60, 150))
        points.append({"lat": round(lat, 6), "lng": round(lng, 6), "at": at.isoformat()})
    return points


@transaction.atomic
def build_demo_fieldwork(street: Region, *, seed: int = 1, now: datetime.datetime) -> dict:
    rng = random.Random(seed)
    walk = random.Random(seed * 31 + 7)
    grids = list(Grid.objects.filter(code__startswith=street.prefix).order_by("code"))
    if not grids:
        return {"patrols": 0, "findings": 0, "visits": 0}
    workers = _workers(grids)
    behind = {g.pk for g in rng.sample(grids, max(1, len(grids) // 10))}
    priority = set(
        Household.objects.filter(
            grid__in=grids, residents__tags__tag__in=PRIORITY_TAGS
        ).values_list("pk", flat=True)
    )
    households: dict[int, list[int]] = {}
    for hid, gid in Household.objects.filter(grid__in=grids).values_list("pk", "grid_id"):
        households.setdefault(gid, []).append(hid)

    patrols, findings, visits, needs = [], [], [], []
    year = 365
    for grid in grids:
        worker = workers[grid.pk].pk
        lag = grid.pk in behind
        bounds = shape(grid.boundary).bounds if grid.boundary else None
        # Patrols: about two a week; the grids behind stopped some months ago.
        for day in range(year, 0, -1):
            if lag and day < 120:
                break
            if rng.random() > 0.3:
                continue
            start = now - datetime.timedelta(days=day, hours=rng.randint(-3, 3))
            route = _route(walk, bounds, start)
            patrols.append(
                (
                    _uid(rng),
                    grid.pk,
                    worker,
                    start,
                    start + datetime.timedelta(minutes=rng.randint(40, 150)),
                    route,
                    Patrol.route_length_m(route),
                )
            )
        # Visits: each household on its cycle, a little early or late; behind grids late.
        for hid in households.get(grid.pk, []):
            cycle = 30 if hid in priority else 90
            t = now - datetime.timedelta(days=year - rng.randint(0, cycle))
            while t < now:
                if rng.random() < 0.9:
                    uid, met, situation = _uid(rng), rng.choice(MET), rng.choice(SITUATIONS)
                    visits.append((uid, grid.pk, hid, hid, worker, t, met, situation))
                step = cycle * (rng.uniform(1.2, 2.2) if lag else rng.uniform(0.75, 1.05))
                t += datetime.timedelta(days=step)
    patrol_ids = bulk_insert(
        Patrol,
        ("client_id", "grid_id", "worker_id", "started_at", "ended_at", "route", "route_m"),
        patrols,
    )
    kinds = list(NOTES)
    for patrol_id, patrol in zip(patrol_ids, patrols, strict=True):
        if rng.random() < 0.35:
            kind = rng.choice(kinds)
            found_at = patrol[3] + datetime.timedelta(minutes=20)
            findings.append((_uid(rng), patrol_id, kind, rng.choice(NOTES[kind]), found_at))
    bulk_insert(Finding, ("client_id", "patrol_id", "kind", "note", "found_at"), findings)
    # The year's visits are most of the build: their table's indexes are built once after
    # the load rather than kept up to date row by row (as in the roster's first import).
    indexes = IndexRebuild(HomeVisit._meta.db_table, also_foreign_keys=(VisitNeed._meta.db_table,))
    indexes.drop()
    visit_ids = bulk_insert(
        HomeVisit,
        (
            "client_id",
            "grid_id",
            "household_id",
            "household_ref",
            "worker_id",
            "visited_at",
            "met",
            "situation",
        ),
        visits,
    )
    need_kinds = VisitNeed.Kind.values
    for visit_id in visit_ids:
        if rng.random() < 0.08:
            needs.append((visit_id, rng.choice(need_kinds)))
    bulk_insert(VisitNeed, ("visit_id", "kind"), needs)
    indexes.restore()
    return {
        "patrols": len(patrols),
        "findings": len(findings),
        "visits": len(visits),
        "needs": len(needs),
        "grids_behind": len(behind),
    }
