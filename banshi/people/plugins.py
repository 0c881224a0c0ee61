"""What people plugs into the platform: how the scope reaches residents, their tags and the
roles over places, which of them are audited, its menu entry, and the job that fails the
background imports a stopped worker left running."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import jobs, navigation, records
from banshi.core.jobs import Job
from banshi.core.navigation import NavEntry

from . import figures
from .models import PlaceRole, Resident, ResidentTag, RosterImportRun
from .roster.runs import roster_runs_abandoned


def register() -> None:
    scope.register(
        Resident,
        territory="grid__code",
        org_path="party_member__organization__path",
        household="household_id",
        resident="id",
    )
    scope.register(ResidentTag, territory="resident__grid__code")
    scope.register(PlaceRole, territory=("grid__code", "region__code"))
    # A background import is its starter's own (roster.runs checks that, not the scope):
    # the rule names no territory, so a scoped query finds none of them.
    scope.register(RosterImportRun)
    audit(Resident, ResidentTag, PlaceRole, RosterImportRun)
    jobs.register(
        Job("people.abandoned_imports", _("中断的花名册导入"), roster_runs_abandoned, every=300.0)
    )
    navigation.register(
        NavEntry(
            "people.residents",
            _("居民"),
            "resident_list",
            order=40,
            roles=RoleAssignment.TERRITORY_ROLES,
        )
    )
    figures.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(Resident, "grid", "household")
    records.register(PlaceRole, "resident", "grid", "building", "unit")
