"""What enterprises plugs into the platform: how the scope reaches enterprises, rider
stations, instructors' visits, party-organization foundings and stations' days (an
instructor reaches those of their enterprises), their audit, menu entries, figures and the
drill-down lists."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core.navigation import NavEntry

from . import figures
from .models import Enterprise, InstructorVisit, PartyOrgFounding, RiderStation, StationVisit


def register() -> None:
    scope.register(Enterprise, territory="grid__code", instructor="instructor_id")
    scope.register(RiderStation, territory="grid__code")
    scope.register(
        InstructorVisit, territory="enterprise__grid__code", instructor="enterprise__instructor_id"
    )
    scope.register(
        PartyOrgFounding,
        territory="enterprise__grid__code",
        instructor="enterprise__instructor_id",
    )
    scope.register(StationVisit, territory="station__grid__code")
    audit(Enterprise, RiderStation, InstructorVisit, PartyOrgFounding, StationVisit)
    staff = RoleAssignment.TERRITORY_ROLES
    navigation.register(
        NavEntry("enterprises.list", _("非公企业"), "enterprise_list", order=60, roles=staff)
    )
    navigation.register(
        NavEntry(
            "enterprises.rider_stations",
            _("红蜂驿站"),
            "rider_station_list",
            order=61,
            roles=staff,
        )
    )
    figures.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(Enterprise, "grid", "instructor", "party_organization")
    records.register(RiderStation, "grid")
    records.register(InstructorVisit, "enterprise", "instructor")
    records.register(PartyOrgFounding, "enterprise", "organization")
    records.register(StationVisit, "station")
