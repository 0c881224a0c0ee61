"""What lectures brings to the registries: how the scope reaches teams, their members and
talks (by the region where they work, and by the team's party organization), which are
audited, the figures and the menu entry."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core.navigation import NavEntry

from . import figures
from .models import Lecture, LectureTeam, LectureTeamMember


def register() -> None:
    scope.register(LectureTeam, territory="region__code", org_path="organization__path")
    scope.register(
        LectureTeamMember,
        territory="team__region__code",
        org_path="team__organization__path",
        resident="resident_id",
    )
    scope.register(Lecture, territory="region__code", org_path="team__organization__path")
    audit(LectureTeam, LectureTeamMember, Lecture)
    navigation.register(
        NavEntry(
            "lectures.index",
            _("理论宣讲"),
            "lectures:index",
            order=72,
            roles=RoleAssignment.TERRITORY_ROLES,
        )
    )
    figures.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(Lecture, "team", "region")
