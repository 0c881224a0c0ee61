"""The home-page tiles of 接诉即办: a handler's open work (with what is overdue), a
resident's own demands (with those waiting for a rating), and the three rates of the user's
own unit this month and last, with its rank among its peers (the official figures, as the
ranking page gives them), and for a district or street the ranking of the units below it;
and for anyone who has been notified, the unread notifications with the latest few."""

from django.db.models import Case, Count, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.core import tiles
from banshi.core.tiles import Tile
from banshi.territory import codes

from . import rates, selectors
from .models import Demand, Level
from .ranking import ranking_for
from .units import LEVEL_BY_PREFIX_LEN, HandlingUnit

Role = RoleAssignment.Role
HANDLERS = frozenset(RoleAssignment.STAFF_ROLES)
RANKED_SHOWN = 8
MINE_SHOWN = 5
NOTIFICATIONS_SHOWN = 5
QUEUE_COUNT_CAP = 10_000


def _queue(request) -> dict:
    # Two counts, not one aggregate: `late` is an annotation, which PostgreSQL cannot name
    # inside an aggregate's FILTER once Django has wrapped the query.
    # `late` is asked as the deadline itself (not the 0/1 annotation) so that PostgreSQL
    # counts it on the index of open demands by their stage's deadline.
    now = timezone.now()
    queue = selectors.demand_queue(user=request.user, now=now).order_by()
    total, more = _capped(queue)
    late, late_more = _capped(queue.filter(due__lt=now))
    return {
        "total": total,
        "more": more,
        "late": late,
        "late_more": late_more,
        "today": selectors.due_today(queue, now).count(),
    }


def _capped(qs) -> tuple[int, bool]:
    """The count up to QUEUE_COUNT_CAP, and whether there are more: a city's whole queue
    (1.6 million open demands) is no number to work from, and counting it took a second;
    the figures (超时诉求 …) give the exact counts."""
    n = qs[: QUEUE_COUNT_CAP + 1].count()
    return min(n, QUEUE_COUNT_CAP), n > QUEUE_COUNT_CAP


def _mine(request) -> dict:
    # A resident's scope holds the demands they reported (and none of anyone else's).
    mine = selectors.demand_list(user=request.user)
    # The headline is every demand of theirs, as the list it opens holds them all; those
    # still open and those owing a rating are parts of it.
    counts = mine.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state__in=Demand.ACTIVE_STATES)),
        to_rate=Count("pk", filter=Q(state=Demand.State.RESOLVED)),
    )
    # The latest few, those still owing a rating first: what a resident comes to check.
    recent = mine.select_related("category").order_by(
        Case(When(state=Demand.State.RESOLVED, then=0), default=1), "-received_at"
    )[:MINE_SHOWN]
    return {**counts, "recent": list(recent)}


def _notifications(request) -> dict | None:
    """Unread count and the latest unread; opening one (the demand's page) marks it read.
    Nothing for a user who was never notified."""
    mine = selectors.notification_list(user=request.user)
    if not mine.exists():
        return None
    unread = mine.filter(read=False)
    return {
        "unread": unread.count(),
        "latest": list(unread.select_related("demand__category")[:NOTIFICATIONS_SHOWN]),
    }


# The level whose units a district's or a street's home ranks (the streets, the communities).
_BELOW = {Level.DISTRICT: Level.STREET, Level.STREET: Level.COMMUNITY}


def _own_row(user, unit: HandlingUnit, period: str):
    ranking = ranking_for(user=user, level=unit.level, period=period)
    for group in ranking.groups:
        for r in group.rows:
            if r.unit.key == unit.key:
                ranked = sum(1 for peer in group.rows if peer.rank is not None)
                return {"row": r, "peers": ranked, "period": period}
    return None


def _rates(request) -> dict | None:
    user = request.user
    scope = scope_for(user)
    units = [HandlingUnit.of_department(d) for d in scope.department_ids]
    units += [
        HandlingUnit(LEVEL_BY_PREFIX_LEN[len(p)], code=p)
        for p in scope.prefixes
        if len(p) in LEVEL_BY_PREFIX_LEN
    ]
    if not units:
        return None
    unit = units[0]
    last = rates.previous_period(rates.current_period())
    context = {
        "unit": unit,
        "now": _own_row(user, unit, rates.current_period()),
        "last": _own_row(user, unit, last),
        "period": last,
    }
    below = _BELOW.get(unit.level)
    if below and not codes.is_grid_prefix(unit.code):
        ranking = ranking_for(user=user, level=below, period=last)
        context["below"] = {"level": below, "rows": ranking.rows[:RANKED_SHOWN]}
        context["below_more"] = len(ranking.rows) > RANKED_SHOWN
    return context


TILES = (
    Tile(
        "demands.notifications",
        _("通知"),
        "demands/tiles/notifications.html",
        _notifications,
        order=12,
    ),
    Tile(
        "demands.rates",
        _("本单位三率"),
        "demands/tiles/rates.html",
        _rates,
        order=15,
        roles=HANDLERS,
    ),
    Tile(
        "demands.queue",
        _("待办诉求"),
        "demands/tiles/queue.html",
        _queue,
        order=10,
        roles=HANDLERS,
    ),
    Tile(
        "demands.mine",
        _("我的诉求"),
        "demands/tiles/mine.html",
        _mine,
        order=10,
        roles=frozenset({Role.RESIDENT}),
    ),
)


def register() -> None:
    for tile in TILES:
        tiles.register(tile)
