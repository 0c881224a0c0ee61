"""What praise brings to the registries: how the scope reaches its records (a brand and its
carriers by the brand's party organization; a praise by the praised unit's region and the
unit's subtree), which are audited, the hotline's kind 表扬, the figures, the record lists,
the menu and what a work report may say of a unit's praise and carriers."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core import reportfacts as report_facts
from banshi.core import sections as service_sections
from banshi.core.navigation import NavEntry
from banshi.demands.hotline import OrderKind, register_kind

from . import figures, reportfacts, sections, services
from .models import Brand, Carrier, PraiseRecord


def register() -> None:
    scope.register(Brand, territory="owner__territory_code", org_path="owner__path")
    scope.register(Carrier, territory="brand__owner__territory_code", org_path="brand__owner__path")
    scope.register(PraiseRecord, territory="region__code", org_path="unit__path")
    audit(Brand, Carrier, PraiseRecord)
    register_kind(
        OrderKind(name=services.HOTLINE_KIND, label=_("表扬"), take=services.hotline_take)
    )
    navigation.register(
        NavEntry(
            "praise.index",
            _("表扬与党建品牌"),
            "praise:index",
            order=78,
            roles=frozenset(RoleAssignment.TERRITORY_ROLES),
        )
    )
    figures.register()
    records.register(PraiseRecord, "unit", "region", "carrier")
    records.register(Carrier, "brand", "brand__owner")
    service_sections.register(sections.SECTION)
    report_facts.register_unit_facts("praise", reportfacts.unit_facts)
