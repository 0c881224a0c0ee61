"""The home-page tile of a contest's judge: the heats still open for scoring that they are
assigned to, with how many of the heat's entrants they have scored, opening the judge's
page. A judge may hold any role (or none besides judging), so the tile is for every
signed-in user and costs one query."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from banshi.core import tiles
from banshi.core.tiles import Tile

from .models import Contest, Heat, JudgeAssignment

MAX_HEATS = 5  # a tile, not the judge's page: that page holds the rest


def _judge(request) -> dict | None:
    # Only the judge's own sheets count (an assignment's sheets are its judge's).
    rows = list(
        JudgeAssignment.objects.filter(
            user=request.user,
            heat__status=Heat.Status.OPEN,
            heat__stage__contest__status=Contest.Status.OPEN,
        )
        .select_related("heat__stage__contest")
        .annotate(
            n_entries=Count("heat__entries", distinct=True),
            n_scored=Count("sheets", distinct=True),
        )
        .order_by("heat__scheduled_at", "heat_id")[: MAX_HEATS + 1]
    )
    if not rows:
        return None
    return {"rows": rows[:MAX_HEATS], "more": len(rows) > MAX_HEATS}


TILE = Tile(
    "contests.judge",
    _("评委评分"),
    "contests/tile.html",
    _judge,
    order=25,
    roles=None,  # judges are assigned by account, whatever their role
)


def register() -> None:
    tiles.register(TILE)
