"""What contests brings to the registries: how the scope reaches contests and their parts
(by the contest's county, by a heat's region, and an entry also by the entrant's branch),
which are audited, the figures and the menu entries."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation
from banshi.core.navigation import NavEntry

from . import figures, tiles
from .models import (
    Contest,
    ContestStage,
    Entry,
    Heat,
    JudgeAssignment,
    Result,
    ScoreItem,
    ScoreSheet,
)

HEAT = ("heat__region__code", "heat__stage__contest__region__code")


def register() -> None:
    # A township's staff see the contest their township's heat belongs to.
    scope.register(
        Contest,
        territory=("region__code", "stages__heats__region__code"),
        org_path="organizer__path",
    )
    scope.register(ScoreItem, territory="contest__region__code")
    scope.register(ContestStage, territory="contest__region__code")
    scope.register(Heat, territory=("region__code", "stage__contest__region__code"))
    scope.register(
        Entry,
        territory=(*HEAT, "organization__territory_code"),
        org_path="organization__path",
        resident="member__resident_id",
    )
    scope.register(JudgeAssignment, territory=HEAT)
    scope.register(
        ScoreSheet,
        territory=("entry__heat__region__code", "entry__heat__stage__contest__region__code"),
    )
    scope.register(
        Result,
        territory=(
            "entry__heat__region__code",
            "entry__heat__stage__contest__region__code",
            "entry__organization__territory_code",
        ),
        org_path="entry__organization__path",
        resident="entry__member__resident_id",
    )
    audit(Contest, ScoreItem, ContestStage, Heat, Entry, JudgeAssignment, ScoreSheet, Result)
    navigation.register(
        NavEntry(
            "contests.index",
            _("比武争星"),
            "contests:index",
            order=75,
            # Contests run from the townships up: no grid worker's or community's menu.
            roles=frozenset(
                {
                    RoleAssignment.Role.DISTRICT,
                    RoleAssignment.Role.STREET,
                    RoleAssignment.Role.SYSTEM_ADMIN,
                }
            ),
        )
    )
    navigation.register(
        NavEntry(
            "contests.judge",
            _("评委评分"),
            "contests:judge",
            order=76,
            visible=lambda user: JudgeAssignment.objects.filter(user=user).exists(),
        )
    )
    figures.register()
    tiles.register()
