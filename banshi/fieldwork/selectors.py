"""Reads of field work, through the user's scope: the visit plan (when each household is
due), the worker's daily list, and the figures of a region with the records behind them.

A household is *covered* when it was visited within its cycle: 30 days for households with
a resident tagged elderly living alone, disabled or low-income, 90 days for the others
(settings BANSHI_VISIT_PRIORITY_CYCLE_DAYS / BANSHI_VISIT_CYCLE_DAYS). Every figure is one
aggregate query, whatever the number of households."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from banshi.access.models import AuditEvent
from banshi.access.scope import restrict
from banshi.core import figures
from banshi.core.figures import ratio
from banshi.core.periods import Period
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
    return int(settings.BANSHI_VISIT_CYCLE_DAYS)


def priority_cycle_days() -> int:
    return int(settings.BANSHI_VISIT_PRIORITY_CYCLE_DAYS)


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


def household_in_scope(*, user, pk: int) -> Household | None:
    """The household `pk` if the user's scope holds it now; None whether it is missing or
    outside the scope (the caller must not tell the two apart)."""
    return restrict(Household.objects.select_related("grid"), user).filter(pk=pk).first()


def household_grid_at(*, pk: int, at: datetime.datetime) -> int | None:
    """The grid id the household `pk` was in at `at`, read from the audit trail: the grid
    before its first move or removal after `at`; None when the trail records neither
    (then the current row, if any, tells). Bulk updates leave no trail, so a move made by
    one is not known here."""
    event = (
        AuditEvent.objects.filter(
            object_type=Household._meta.label,
            object_id=str(pk),
            action__in=(AuditEvent.Action.UPDATE, AuditEvent.Action.DELETE),
            at__gt=at,
            changes__has_key="grid",
        )
        .order_by("at", "id")
        .values_list("changes", flat=True)
        .first()
    )
    if event is None:
        return None
    before = event["grid"].get("before") if isinstance(event.get("grid"), dict) else None
    return before if isinstance(before, int) else None


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


def due_count(*, user, grid: Grid, now=None, within_days: int = DUE_SOON_DAYS) -> int:
    """How many households `daily_list` holds, counted in one query (the home tile): never
    visited, or last visited a cycle (the priority cycle for a priority household) before
    the horizon."""
    horizon = _now(now) + datetime.timedelta(days=within_days)
    normal = horizon - datetime.timedelta(days=cycle_days())
    priority = horizon - datetime.timedelta(days=priority_cycle_days())
    due = (
        Q(last_visit__isnull=True)
        | Q(priority=True, last_visit__lte=priority)
        | Q(priority=False, last_visit__lte=normal)
    )
    households = _scoped(Household.objects.filter(grid=grid), user)
    return with_plan(households).filter(due).count()


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
        # The grid's boundary is the same polygon on every row, and no row shows it.
        for r in plan_rows(household_list(user=user, grid=grid).defer("grid__boundary"), now=now)
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
# The figures themselves are registered in fieldwork/figures.py; these read them for the
# field-work page and `banshi fieldwork`, over the last ACTIVITY_DAYS unless a period is given.


def activity_period(now=None) -> Period:
    return Period.window(ACTIVITY_DAYS, _now(now))


def figure_records(*, key: str, region, user, now=None, period: Period | None = None, part=None):
    """The records behind one registered figure, in the user's scope (None: unscoped, for
    commands). KeyError for an unknown figure."""
    figure = figures.get(key)
    period = period or activity_period(now)
    records = figure.part_records(region, period, part or figure.parts[0])
    return _scoped(records, user)


def coverage_by_grid(*, user, region, now=None) -> list[dict]:
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
            "coverage_rate": ratio(r["covered"], r["households"]),
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
        row["coverage_rate"] = ratio(row["covered"], row["households"])
    return sorted(out.values(), key=lambda r: r["code"])


def _per_worker(*, user, region, period: Period) -> list[dict]:
    """Visits in the period by worker, in the worker's order (not ranked by count)."""
    rows = (
        visit_list(user=user, region=region)
        .filter(period.q("visited_at"))
        .order_by()
        .values("worker_id", "worker__username", "grid__name")
        .annotate(visits=Count("id"))
        .order_by("grid__name", "worker__username", "worker_id")
    )
    weeks = period.days / 7
    return [
        {
            "worker": w["worker__username"],
            "grid": w["grid__name"],
            "visits": w["visits"],
            "per_week": round(w["visits"] / weeks, 1),
        }
        for w in rows
    ]


def region_fieldwork(*, region, user=None, now=None, period: Period | None = None) -> dict:
    """The field-work figures of a region (the registered ones, with `user` within the
    user's scope) and the tables of the field-work page: coverage by grid, community and
    street, visits by worker, findings by kind."""
    now = _now(now)
    period = period or activity_period(now)
    scope = None if user is None else (lambda qs: restrict(qs, user))
    values = figures.compute(region, period, groups=["fieldwork"], scope=scope)
    households = values["covered_households"] + values["overdue_households"]
    as_of = period.as_of(now)
    grids = coverage_by_grid(user=user, region=region, now=as_of)
    region_names = dict(
        Region.objects.filter(code__startswith=region.prefix).values_list("code", "name")
    )
    per_worker = _per_worker(user=user, region=region, period=period)
    by_kind = {k: values.pop(f"findings_{k}") for k in Finding.Kind.values}
    return {
        "region": {"code": region.code, "name": region.name},
        "period": period.key,
        "as_of": as_of.isoformat(),
        "window_days": round(period.days),
        "cycle_days": cycle_days(),
        "priority_cycle_days": priority_cycle_days(),
        "households": households,
        **values,
        "workers": values["visiting_workers"],
        "per_worker": per_worker,
        "findings_by_kind": by_kind,
        "grids": grids,
        "communities": _roll_up(grids, codes.COMMUNITY, region_names),
        "streets": (
            _roll_up(grids, codes.STREET, region_names) if region.level <= codes.STREET else []
        ),
    }
