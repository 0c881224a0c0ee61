"""What territory plugs into the platform: how the scope reaches its records, which of them
are audited, its menu entry, its figures and the standard a work report may set for grids."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core import reportfacts as report_facts
from banshi.core.navigation import NavEntry

from . import figures, reportfacts
from .models import Building, CommercialOutlet, Grid, Household, Region, Unit


def register() -> None:
    scope.register(Region, territory="code")
    scope.register(Grid, territory="code")
    scope.register(Building, territory="grid__code")
    scope.register(Unit, territory="building__grid__code")
    scope.register(Household, territory="grid__code", household="id")
    scope.register(CommercialOutlet, territory="grid__code")
    audit(Region, Grid, Building, Unit, Household, CommercialOutlet)
    navigation.register(
        NavEntry(
            "territory.regions",
            _("区划"),
            "region_tree",
            order=30,
            roles=RoleAssignment.TERRITORY_ROLES,
        )
    )
    figures.register()
    report_facts.register_standard(reportfacts.HOUSEHOLDS_PER_GRID)
    # What the drill-down list of each record loads alongside its rows.
    records.register(Region, "parent")
    records.register(Grid, "community")
    records.register(Household, "grid", "building", "unit")
    records.register(CommercialOutlet, "grid")
