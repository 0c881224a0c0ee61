"""What organizations plugs into the platform: how the scope reaches party organizations,
members, memberships, committee seats, applicants and center households, which are audited, and its
menu entry."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core.navigation import NavEntry

from . import figures
from .models import (
    Applicant,
    CenterHousehold,
    CommitteeSeat,
    Membership,
    PartyMember,
    PartyOrganization,
)


def register() -> None:
    scope.register(PartyOrganization, territory="territory_code", org_path="path")
    scope.register(
        PartyMember, territory="organization__territory_code", org_path="organization__path"
    )
    scope.register(
        Membership, territory="organization__territory_code", org_path="organization__path"
    )
    scope.register(
        CommitteeSeat, territory="organization__territory_code", org_path="organization__path"
    )
    scope.register(
        Applicant,
        territory="organization__territory_code",
        org_path="organization__path",
        resident="resident_id",
    )
    scope.register(CenterHousehold, territory="household__grid__code", org_path="group__path")
    audit(PartyOrganization, PartyMember, Membership, CommitteeSeat, Applicant, CenterHousehold)
    navigation.register(
        NavEntry(
            "organizations.list",
            _("党组织"),
            "organization_list",
            order=50,
            roles=RoleAssignment.TERRITORY_ROLES,
        )
    )
    figures.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(PartyOrganization, "parent", "region", "grid", "building")
    records.register(CenterHousehold, "household", "member__resident", "group", "unit")
    records.register(PartyMember, "resident", "organization")
