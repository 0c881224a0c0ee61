"""The home-page tiles of 接诉即办: a handler's open work (with what is overdue), and a
resident's own demands (with those waiting for a rating)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.core import tiles
from banshi.core.tiles import Tile

from . import selectors
from .models import Demand

Role = RoleAssignment.Role
HANDLERS = frozenset(RoleAssignment.STAFF_ROLES)


def _queue(request) -> dict:
    # Two counts, not one aggregate: `late` is an annotation, which PostgreSQL cannot name
    # inside an aggregate's FILTER once Django has wrapped the query.
    queue = selectors.demand_queue(user=request.user).order_by()
    return {"total": queue.count(), "late": queue.filter(late=True).count()}


def _mine(request) -> dict:
    # A resident's scope holds the demands they reported (and none of anyone else's).
    mine = selectors.demand_list(user=request.user)
    counts = mine.aggregate(
        open=Count("pk", filter=Q(state__in=Demand.ACTIVE_STATES)),
        to_rate=Count("pk", filter=Q(state=Demand.State.RESOLVED)),
    )
    return counts


TILES = (
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
