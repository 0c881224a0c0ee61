"""The resident's home tile: the projects of the buildings they live in, with whether their
household has rated each (a link to rate those it has not)."""

from django.utils.translation import gettext_lazy as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.core import tiles
from banshi.core.tiles import Tile

from . import selectors
from .models import Project, ProjectFeedback

SHOWN = 5


def _mine(request) -> dict | None:
    projects = list(selectors.resident_projects(user=request.user)[:SHOWN])
    if not projects:
        return None
    households = scope_for(request.user).household_ids
    rated = set(
        ProjectFeedback.objects.filter(
            project__in=projects, household_id__in=households
        ).values_list("project_id", flat=True)
    )
    rows = [(p, p.pk in rated, p.status in Project.RATEABLE) for p in projects]
    return {"rows": rows, "to_rate": sum(1 for _p, done, can in rows if can and not done)}


TILES = (
    Tile(
        "projects.mine",
        _("我的实事项目"),
        "projects/tiles/mine.html",
        _mine,
        order=14,
        roles=frozenset({RoleAssignment.Role.RESIDENT}),
    ),
)


def register() -> None:
    for tile in TILES:
        tiles.register(tile)
