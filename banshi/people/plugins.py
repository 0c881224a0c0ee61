"""What people plugs into the platform: how the scope reaches residents, their tags and the
roles over places, which of them are audited, and its menu entry."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation
from banshi.core.navigation import NavEntry

from . import figures
from .models import PlaceRole, Resident, ResidentTag, RosterImportRun


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
