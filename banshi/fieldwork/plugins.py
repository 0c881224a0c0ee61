"""What fieldwork plugs into the platform: how the scope reaches patrols, findings, visits
and their photos, and the grid worker's menu entry."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core.navigation import NavEntry

from . import figures, tiles
from .models import FieldPhoto, Finding, HomeVisit, Patrol, VisitNeed


def register() -> None:
    scope.register(Patrol, territory="grid__code")
    scope.register(Finding, territory="patrol__grid__code")
    scope.register(HomeVisit, territory="grid__code")
    scope.register(VisitNeed, territory="visit__grid__code")
    scope.register(FieldPhoto, territory="grid__code")
    navigation.register(
        NavEntry(
            "fieldwork.today",
            _("走访巡查"),
            "fieldwork:today",
            order=20,
            roles=frozenset({RoleAssignment.Role.GRID_WORKER}),
        )
    )
    figures.register()
    tiles.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(HomeVisit, "grid", "household", "worker")
    records.register(Patrol, "grid", "worker")
    records.register(Finding, "patrol__grid", "demand")
