"""Reads of field work, through the user's scope: the visit plan (when each household is
due), the worker's daily list, and the figures of a region with the records behind them.

A household is *covered* when it was visited within its cycle: 30 days for households with
a resident tagged elderly living alone, disabled or low-income, 90 days for the others
(settings BANSHI_VISIT_PRIORITY_CYCLE_DAYS / BANSHI_VISIT_CYCLE_DAYS). Every figure is one
aggregate query, whatever the number of households."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.access.scope import restrict
from banshi.demands.models import Demand
from banshi.people.models import Resident, ResidentTag
from banshi.territory import codes
from banshi.territory.geometry import distance_m
from banshi.territory.models import Grid, Household, Region

from .models import Finding, HomeVisit, Patrol, VisitNeed

PRIORITY_TAGS = (
    ResidentTag.Tag.ELDERLY_ALONE,
    ResidentTag.Tag.DISABLED,
    ResidentTag.Tag.LOW_INCOME,
)
RESOLVED_STATES = (Demand.State.RESOLVED, Demand.State.RATED, Demand.State.CLOSED)
DUE_SOON_DAYS = 7
ACTIVITY_DAYS = 91  # the window of the activity figures (visits per worker, findings)


def cycle_days() -> int:
    return int(getattr(settings, "BANSHI_VISIT_CYCLE_DAYS", 90))


def priority_cycle_days() -> int:
    return int(getattr(settings, "BANSHI_VISIT_PRIORITY_CYCLE_DAYS", 30))


def _priority():
    return Exists(
        ResidentTag.objects.filter(resident__household=OuterRef("pk"), tag__in=PRIORITY_TAGS)
    )


def _visited_since(since: datetime.datetime):
    return Exists(HomeVisit.objects.filter(household=OuterRef("pk"), visited_at__gte=since))


def covered_q(now: datetime.datetime) -> Q:
    """Households visited within their cycle, as a filter on Household."""
    normal = now - datetime.timedelta(days=cycle_days())
    priority = now - datetime.timedelta(days=priority_cycle_days())
    return Q(_visited_since(priority)) | (Q(~_priority()) & Q(_visited_since(normal)))


def _scoped(qs: QuerySet, user) -> QuerySet:
    """`user=None` is the server itself (commands); anyone else is limited to their scope."""
    return qs if user is None else restrict(qs, user)


def _now(now):
    return now or timezone.now()


# --- households and the plan ------------------------------------------------------------


def household_list(*, user, region: Region | None = None, grid: Grid | None = None):
    qs = _scoped(Household.objects.select_related("grid", "building", "unit"), user)
    if region is not None:
        qs = qs.filter(grid__code__startswith=region.prefix)
    if grid is not None:
        qs = qs.filter(grid=grid)
    return qs


def with_plan(qs: QuerySet[Household]) -> QuerySet[Household]:
    last = HomeVisit.objects.filter(household=OuterRef("pk")).order_by("-visited_at")
    return qs.annotate(priority=_priority(), last_visit=Subquery(last.values("visited_at")[:1]))


@dataclass
class PlanRow:
    household: Household
    priority: bool
    last_visit: datetime.datetime | None
    due: datetime.datetime | None  # None: never visited, due now
    overdue: bool
    distance: float | None = None

    @property
    def lat(self):
        b = self.household.building
        return b.lat if b is not None else None

    @property
    def lng(self):
        b = self.household.building
        return b.lng if b is not None else None


def plan_rows(qs: QuerySet[Household], *, now=None) -> list[PlanRow]:
    now = _now(now)
    rows = []
    for h in with_plan(qs):
        days = priority_cycle_days() if h.priority else cycle_days()
        due = h.last_visit + datetime.timedelta(days=days) if h.last_visit else None
        rows.append(PlanRow(h, h.priority, h.last_visit, due, due is None or due <= now))
    return rows


def daily_list(
    *,
    user,
    grid: Grid,
    now=None,
    within_days: int = DUE_SOON_DAYS,
    lat: float | None = None,
    lng: float | None = None,
) -> list[PlanRow]:
    """The worker's list for today: households overdue or due within `within_days`. With
    the phone's location, nearest first; otherwise the longest overdue first (never
    visited before all)."""
    now = _now(now)
    horizon = now + datetime.timedelta(days=within_days)
    rows = [
        r
        for r in plan_rows(household_list(user=user, grid=grid), now=now)
        if r.due is None or r.due <= horizon
    ]
    if lat is not None and lng is not None:
        for r in rows:
            if r.lat is not None and r.lng is not None:
                r.distance = distance_m(lat, lng, r.lat, r.lng)
        far = float("inf")
        rows.sort(key=lambda r: (r.distance if r.distance is not None else far, r.household.pk))
    else:
        epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        rows.sort(key=lambda r: (r.due or epoch, r.household.pk))
    return rows


def grid_data(*, user, grid: Grid, now=None) -> dict:
    """The worker's grid for use offline: its households with their plan and residents."""
    now = _now(now)
    qs = household_list(user=user, grid=grid)
    names: dict[int, list[str]] = {}
    for hid, name in (
        _scoped(Resident.objects.filter(household__grid=grid), user)
        .order_by("household_id", "id")
        .values_list("household_id", "name")
    ):
        names.setdefault(hid, []).append(name)
    households = []
    for r in plan_rows(qs, now=now):
        h = r.household
        households.append(
            {
                "id": h.pk,
                "label": str(h),
                "address": h.address,
                "building": str(h.building) if h.building_id else "",
                "lat": r.lat,
                "lng": r.lng,
                "priority": r.priority,
                "last_visit": r.last_visit.isoformat() if r.last_visit else None,
                "due": r.due.isoformat() if r.due else None,
                "overdue": r.overdue,
                "residents": names.get(h.pk, []),
            }
        )
    return {
        "grid": {"code": grid.code, "name": grid.name},
        "generated_at": now.isoformat(),
        "households": households,
        "finding_kinds": [{"value": v, "label": str(lbl)} for v, lbl in Finding.Kind.choices],
        "need_kinds": [{"value": v, "label": str(lbl)} for v, lbl in VisitNeed.Kind.choices],
    }


# --- records ----------------------------------------------------------------------------


def visit_list(*, user, region: Region | None = None) -> QuerySet[HomeVisit]:
    qs = _scoped(HomeVisit.objects.select_related("grid", "household", "worker"), user)
    if region is not None:
        qs = qs.filter(grid__code__startswith=region.prefix)
    return qs


def patrol_list(*, user, region: Region | None = None) -> QuerySet[Patrol]:
    qs = _scoped(Patrol.objects.select_related("grid", "worker"), user)
    if region is not None:
        qs = qs.filter(grid__code__startswith=region.prefix)
    return qs


def finding_list(*, user, region: Region | None = None) -> QuerySet[Finding]:
    qs = _scoped(Finding.objects.select_related("patrol__grid", "demand"), user)
    if region is not None:
        qs = qs.filter(patrol__grid__code__startswith=region.prefix)
    return qs


def household_get(*, user, pk: int) -> Household:
    return household_list(user=user).get(pk=pk)


# --- figures ----------------------------------------------------------------------------

# key → (label, what the list behind it holds)
FIGURE_LABELS = {
    "households": _("户数"),
    "covered_households": _("周期内已走访户数"),
    "overdue_households": _("逾期未走访户数"),
    "visits": _("走访次数"),
    "flagged_visits": _("待核查走访"),
    "worker_weeks": _("网格员周均走访"),
    "patrols": _("巡查次数"),
    "findings": _("巡查发现"),
    "findings_to_demand": _("转为诉求的发现"),
    "findings_resolved": _("已办结的发现诉求"),
}


def figure_records(*, key: str, region: Region, user, now=None, kind: str = ""):
    """The records behind one figure (a queryset for its list page). KeyError if unknown."""
    now = _now(now)
    since = now - datetime.timedelta(days=ACTIVITY_DAYS)
    households = household_list(user=user, region=region)
    if key == "households":
        return households
    if key == "covered_households":
        return households.filter(covered_q(now))
    if key == "overdue_households":
        return households.exclude(covered_q(now))
    if key == "visits":
        return visit_list(user=user, region=region).filter(visited_at__gte=since)
    if key == "flagged_visits":
        return visit_list(user=user, region=region).filter(flagged_for_review=True)
    if key == "worker_weeks":
        return (
            visit_list(user=user, region=region)
            .filter(visited_at__gte=since)
            .values("worker_id", "worker__username", "grid__name")
            .annotate(visits=Count("id"))
            .order_by("-visits", "worker_id")
        )
    if key == "patrols":
        return (
            patrol_list(user=user, region=region)
            .filter(started_at__gte=since)
            .annotate(finding_count=Count("findings"))
            .order_by("-started_at", "-id")
        )
    findings = finding_list(user=user, region=region).filter(found_at__gte=since)
    if kind:
        findings = findings.filter(kind=kind)
    if key == "findings":
        return findings
    if key == "findings_to_demand":
        return findings.filter(demand__isnull=False)
    if key == "findings_resolved":
        return findings.filter(demand__state__in=RESOLVED_STATES)
    raise KeyError(key)


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def coverage_by_grid(*, user, region: Region, now=None) -> list[dict]:
    """Per grid: households, covered, overdue, coverage rate — one aggregate query."""
    now = _now(now)
    rows = (
        household_list(user=user, region=region)
        .order_by()
        .values("grid__code", "grid__name")
        .annotate(households=Count("id"), covered=Count("id", filter=covered_q(now)))
        .order_by("grid__code")
    )
    return [
        {
            "code": r["grid__code"],
            "name": r["grid__name"],
            "households": r["households"],
            "covered": r["covered"],
            "overdue": r["households"] - r["covered"],
            "coverage_rate": _rate(r["covered"], r["households"]),
        }
        for r in rows
    ]


def _roll_up(grids: list[dict], level: int, names: dict[str, str]) -> list[dict]:
    out: dict[str, dict] = {}
    for g in grids:
        code = codes.padded(codes.prefix_at(g["code"], level))
        row = out.setdefault(
            code, {"code": code, "name": names.get(code, code), "households": 0, "covered": 0}
        )
        row["households"] += g["households"]
        row["covered"] += g["covered"]
    for row in out.values():
        row["overdue"] = row["households"] - row["covered"]
        row["coverage_rate"] = _rate(row["covered"], row["households"])
    return sorted(out.values(), key=lambda r: r["code"])


def region_fieldwork(*, region: Region, user=None, now=None) -> dict:
    """The field-work figures of a region (with `user`, within the user's scope)."""
    now = _now(now)
    since = now - datetime.timedelta(days=ACTIVITY_DAYS)
    grids = coverage_by_grid(user=user, region=region, now=now)
    region_names = dict(
        Region.objects.filter(code__startswith=region.prefix).values_list("code", "name")
    )
    households = sum(g["households"] for g in grids)
    covered = sum(g["covered"] for g in grids)
    workers = list(figure_records(key="worker_weeks", region=region, user=user, now=now))
    weeks = ACTIVITY_DAYS / 7
    per_worker = [
        {
            "worker": w["worker__username"],
            "grid": w["grid__name"],
            "visits": w["visits"],
            "per_week": round(w["visits"] / weeks, 1),
        }
        for w in workers
    ]
    findings = finding_list(user=user, region=region).filter(found_at__gte=since)
    by_kind_raw = dict(
        findings.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    totals = findings.aggregate(
        total=Count("id"),
        to_demand=Count("id", filter=Q(demand__isnull=False)),
        resolved=Count("id", filter=Q(demand__state__in=RESOLVED_STATES)),
    )
    visits = visit_list(user=user, region=region).aggregate(
        recent=Count("id", filter=Q(visited_at__gte=since)),
        flagged=Count("id", filter=Q(flagged_for_review=True)),
    )
    total_visits = visits["recent"]
    patrols = patrol_list(user=user, region=region).aggregate(
        n=Count("id", filter=Q(started_at__gte=since)),
        metres=Sum("route_m", filter=Q(started_at__gte=since)),
    )
    return {
        "region": {"code": region.code, "name": region.name},
        "as_of": now.isoformat(),
        "window_days": ACTIVITY_DAYS,
        "cycle_days": cycle_days(),
        "priority_cycle_days": priority_cycle_days(),
        "households": households,
        "covered_households": covered,
        "overdue_households": households - covered,
        "coverage_rate": _rate(covered, households),
        "visits": total_visits,
        "flagged_visits": visits["flagged"],
        "workers": len(per_worker),
        "visits_per_worker_week": (
            round(total_visits / len(per_worker) / weeks, 1) if per_worker else None
        ),
        "per_worker": per_worker,
        "patrols": patrols["n"],
        "patrol_km": round((patrols["metres"] or 0) / 1000, 1),
        "findings": totals["total"],
        "findings_by_kind": {k: by_kind_raw.get(k, 0) for k in Finding.Kind.values},
        "findings_to_demand": totals["to_demand"],
        "findings_to_demand_rate": _rate(totals["to_demand"], totals["total"]),
        "findings_resolved": totals["resolved"],
        "findings_resolution_rate": _rate(totals["resolved"], totals["to_demand"]),
        "grids": grids,
        "communities": _roll_up(grids, codes.COMMUNITY, region_names),
        "streets": _roll_up(grids, codes.STREET, region_names)
        if region.level <= codes.STREET
        else [],
    }
