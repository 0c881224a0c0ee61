"""Reads of demands, always through the user's scope (`restrict`), plus the public
tracking lookup, which shows no personal information."""

import datetime

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import Department, RoleAssignment
from banshi.access.scope import restrict, scope_for
from banshi.territory import codes
from banshi.territory.models import Grid, Region

from . import rates
from .duplicates import candidates_for
from .models import (
    Category,
    DeadlineExtension,
    Demand,
    DemandEvent,
    Level,
    Notification,
    WhistleCall,
)
from .units import HandlingUnit, UnitError

S = Demand.State

# What a demand's page, row or document shows besides the demand itself, read with it.
DEMAND_RELATED = (
    "category",
    "grid",
    "community",
    "street",
    "assigned_grid",
    "assigned_region",
    "assigned_department",
)


def _base() -> QuerySet[Demand]:
    return Demand.objects.select_related(*DEMAND_RELATED)


def unit_for_user(*, key: str, user) -> HandlingUnit:
    """The unit a list filter names, if the user may learn of it: a region or grid their
    scope lies in or holds, or a unit answering for a demand they can see. Anything else is
    refused exactly as a unit that does not exist, so names and existence outside the scope
    cannot be probed."""
    unit = HandlingUnit.from_key(key)
    scope = scope_for(user)
    if scope.everything:
        return unit
    if not unit.is_department and any(
        p.startswith(unit.code) or unit.code.startswith(p) for p in scope.prefixes
    ):
        return unit
    if unit.is_department and unit.department_id in scope.department_ids:
        return unit
    if restrict(Demand.objects.filter(rates.unit_q(unit)), user).exists():
        return unit
    raise UnitError(_("无效的单位：%(key)s") % {"key": key})


def demand_list(
    *,
    user,
    state: str | None = None,
    category: str | None = None,
    unit: str | None = None,
    period: str | None = None,
    figure: str | None = None,
    search: str = "",
) -> QuerySet[Demand]:
    """The demands the user may see: their scope, plus those a department of theirs was
    called in to by a whistle. Filters: state, category code, unit key, period (a month),
    figure (one of the rates' figures, which needs a period)."""
    qs = restrict(_base(), user)
    scope = scope_for(user)
    if scope.department_ids and not scope.everything:
        called = WhistleCall.objects.filter(department_id__in=scope.department_ids)
        qs = qs | _base().filter(pk__in=called.values("demand_id"))
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category__code=category)
    if unit:
        qs = qs.filter(rates.unit_q(unit_for_user(key=unit, user=user)))
    if figure:
        if not period:
            raise UnitError(_("查看指标对应的诉求需要指定月份"))
        qs = qs.filter(rates.figure_q(figure, rates.month(period)))
    elif period:
        start, end = rates.month(period)
        qs = qs.filter(received_at__gte=start, received_at__lt=end)
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(tracking_code=search.upper()) | Q(description__contains=search))
    return qs


def demand_get(*, user, pk: int) -> Demand:
    """Demand.DoesNotExist outside the user's scope (→ 404)."""
    return demand_list(user=user).get(pk=pk)


def with_current_due(qs: QuerySet[Demand], *, now: datetime.datetime) -> QuerySet[Demand]:
    """Annotate the deadline of the current stage and whether it has passed."""
    qs = qs.annotate(
        due=Case(
            When(state__in=[S.RECEIVED, S.RETURNED], then=F("dispatch_due")),
            When(state=S.DISPATCHED, then=F("sign_due")),
            When(state__in=[S.SIGNED, S.IN_PROGRESS, S.ESCALATED], then=F("resolve_due")),
            default=Value(None),
        )
    )
    return qs.annotate(
        late=Case(When(due__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def demand_queue(*, user, now: datetime.datetime | None = None) -> QuerySet[Demand]:
    """The user's work: what is assigned to their units, what waits at their dispatch desk,
    what they supervise after an overdue stage, what their departments were called in to,
    and their own demands waiting for a rating. Overdue first, then by deadline."""
    now = now or timezone.now()
    scope = scope_for(user)
    active = Q(state__in=Demand.ACTIVE_STATES)
    if scope.everything:
        mine = active
    else:
        mine = Q(pk__in=[])
        if scope.prefixes:
            mine |= active & Q(assigned_code__in=scope.prefixes)
            mine |= active & Q(supervisor_code__in=scope.prefixes)
            # An extension request waits for the dispatcher over the demand's territory.
            pending = DeadlineExtension.objects.filter(status=DeadlineExtension.Status.PENDING)
            for p in scope.prefixes:
                if codes.at_least(p, codes.STREET):
                    mine |= Q(territory_code__startswith=p, pk__in=pending.values("demand_id"))
        if scope.department_ids:
            mine |= active & Q(assigned_department_id__in=scope.department_ids)
            called = WhistleCall.objects.filter(
                department_id__in=scope.department_ids, signed_at__isnull=True
            )
            mine |= Q(pk__in=called.values("demand_id"))
        if scope.resident_ids:
            mine |= Q(state=S.RESOLVED, reporter_resident_id__in=scope.resident_ids)
        mine |= Q(state=S.RESOLVED, reporter_user_id=user.pk)
    qs = (
        demand_list(user=user)
        .filter(mine)
        .annotate(
            extension_pending=Exists(
                DeadlineExtension.objects.filter(
                    demand=OuterRef("pk"), status=DeadlineExtension.Status.PENDING
                )
            )
        )
    )
    return with_current_due(qs, now=now).order_by(
        "-late", F("due").asc(nulls_last=True), "received_at", "pk"
    )


def due_today(queue: QuerySet[Demand], now: datetime.datetime | None = None) -> QuerySet[Demand]:
    """Of a queue (`demand_queue`), what is not yet late and falls due before midnight."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = (local + datetime.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return queue.filter(due__gte=now, due__lt=midnight)  # not late: the deadline is ahead


def timeline(demand: Demand) -> list[DemandEvent]:
    """The demand's events in order, each with `actor`: who acted, as a person reads it —
    their name and role with the unit they act for ("王芳（网格员 · 乌兰社区第一网格）"),
    the source of a step that came in with an import (the 12345 hotline), or the system
    (the deadline sweep). A username is never shown."""
    events = list(demand.events.select_related("user").order_by("at", "pk"))
    user_ids = {e.user_id for e in events if e.user_id}
    roles: dict[int, str] = {}
    for a in (
        RoleAssignment.objects.filter(user_id__in=user_ids)
        .select_related("region", "grid", "department", "party_organization", "resident")
        .order_by("user_id", "pk")
    ):
        if a.user_id in roles:
            continue
        node = RoleAssignment.NODE_FIELD[a.role]
        where = getattr(a, node) if node and a.role != RoleAssignment.Role.RESIDENT else None
        roles[a.user_id] = f"{a.get_role_display()} · {where}" if where else a.get_role_display()
    for e in events:
        if e.user is None:
            e.actor = (
                _("12345热线（导入）")
                if demand.channel == Demand.Channel.HOTLINE and e.kind == DemandEvent.Kind.SUBMITTED
                else _("系统")
            )
            continue
        # A Chinese name is the family name, then the given name, with no space.
        name = f"{e.user.last_name}{e.user.first_name}".strip() or (
            demand.reporter_name_masked if e.user_id == demand.reporter_user_id else ""
        )
        role = roles.get(e.user_id, "")
        if name and role:
            e.actor = f"{name}（{role}）"
        else:
            e.actor = name or role or _("工作人员")
    return events


def duplicates_of(*, user, demand: Demand):
    return candidates_for(demand, queryset=demand_list(user=user))


def whistle_calls(*, demand: Demand) -> QuerySet[WhistleCall]:
    return demand.whistle_calls.select_related("department").order_by("called_at", "pk")


def open_whistle_calls(*, user) -> QuerySet[WhistleCall]:
    qs = restrict(WhistleCall.objects.select_related("demand", "department"), user)
    return qs.filter(signed_at__isnull=True).order_by("sign_due")


def pending_extension(*, demand: Demand) -> DeadlineExtension | None:
    return demand.extensions.filter(status=DeadlineExtension.Status.PENDING).first()


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient_user=user).select_related("demand")
    return qs.filter(read=False) if unread_only else qs


def tracking_get(code: str) -> Demand:
    """Public lookup by tracking code. Demand.DoesNotExist for an unknown code."""
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        raise Demand.DoesNotExist
    return _base().get(tracking_code=code)


# The extension request and its refusal are the office's own deliberation: the public page
# shows that the deadline was moved (an approval), not who asked for what.
INTERNAL_EVENTS = (DemandEvent.Kind.EXTENSION_REQUESTED, DemandEvent.Kind.EXTENSION_REFUSED)


def public_progress(demand: Demand) -> dict:
    """What anyone with the tracking code may see: no name, phone, address, description or
    note — the state, the category, the kinds and times of the timeline and the unit's name.
    A merged demand shows its primary's progress."""
    primary = demand.primary()
    if primary.pk != demand.pk:
        primary = _base().get(pk=primary.pk)
    events = (
        primary.events.exclude(kind__in=INTERNAL_EVENTS)
        .order_by("at", "pk")
        .values_list("kind", "at")
    )
    return {
        "tracking_code": demand.tracking_code,
        "merged": primary.pk != demand.pk,
        "state": primary.state,
        "state_label": S(primary.state).label,
        "category": primary.category.label,
        "unit": primary.assigned_unit_name,
        "received_at": demand.received_at,
        "events": [{"kind": k, "label": DemandEvent.Kind(k).label, "at": at} for k, at in events],
    }


def category_list() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("default_department")


def department_list() -> QuerySet[Department]:
    return Department.objects.order_by("name")


# The order of the groups of the dispatch target select.
TARGET_LEVELS = (Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID, Level.DEPARTMENT)


def dispatch_targets(*, user, demand: Demand) -> list[tuple[str, list[tuple[str, str]]]]:
    """The units a dispatcher may send the demand to, grouped by level in `TARGET_LEVELS`
    order as (level label, [(unit key, name)]): the district, the street, its communities
    and grids that lie inside the user's scope (the service refuses any other), and every
    department. Empty groups are left out."""
    scope = scope_for(user)
    units: list[tuple[HandlingUnit, str]] = []
    if demand.street_id:
        prefix = demand.street.prefix
        district = demand.street.parent
        if district is not None:
            units.append((HandlingUnit.of_region(district), district.name))
        for r in Region.objects.filter(code__startswith=prefix).order_by("code"):
            units.append((HandlingUnit.of_region(r), r.name))
        for g in Grid.objects.filter(code__startswith=prefix).order_by("code"):
            units.append((HandlingUnit.of_grid(g), g.name))
        if not scope.everything:
            units = [
                (u, name) for u, name in units if any(u.code.startswith(p) for p in scope.prefixes)
            ]
    units.extend((HandlingUnit.of_department(d), d.name) for d in department_list())
    groups: dict[str, list[tuple[str, str]]] = {}
    for unit, name in units:
        groups.setdefault(unit.level, []).append((unit.key, name))
    return [(Level(lv).label, groups[lv]) for lv in TARGET_LEVELS if lv in groups]
