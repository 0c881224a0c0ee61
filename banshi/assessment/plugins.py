"""What assessment brings to the registries: how the scope reaches its records (a scheme by
its county; a sheet, a result or a secretary's analysis by its village branch), which are
audited, the figures and the menu."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation
from banshi.core.navigation import NavEntry

from . import figures
from .models import (
    AssessmentCase,
    AssessmentItem,
    AssessmentResult,
    AssessmentScheme,
    AssessmentSheet,
    SecretaryAnalysis,
    SheetCase,
    SheetLine,
)


def register() -> None:
    scope.register(AssessmentScheme, territory="county__code")
    scope.register(AssessmentItem, territory="scheme__county__code")
    scope.register(AssessmentCase, territory="scheme__county__code")
    for model in (AssessmentSheet, AssessmentResult, SecretaryAnalysis):
        scope.register(model, territory="branch__territory_code", org_path="branch__path")
    scope.register(
        SheetLine, territory="sheet__branch__territory_code", org_path="sheet__branch__path"
    )
    scope.register(
        SheetCase, territory="sheet__branch__territory_code", org_path="sheet__branch__path"
    )
    audit(
        AssessmentScheme,
        AssessmentItem,
        AssessmentCase,
        AssessmentSheet,
        SheetLine,
        SheetCase,
        AssessmentResult,
        SecretaryAnalysis,
    )
    navigation.register(
        NavEntry(
            "assessment.index",
            _("村干部考核"),
            "assessment:index",
            order=76,
            # The county decides, its townships assess their villages.
            roles=frozenset(
                {
                    RoleAssignment.Role.DISTRICT,
                    RoleAssignment.Role.STREET,
                    RoleAssignment.Role.SYSTEM_ADMIN,
                }
            ),
        )
    )
    figures.register()
