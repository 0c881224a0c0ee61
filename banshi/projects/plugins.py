"""What projects brings to the registries: how the scope reaches its records (a project and
what hangs off it by the project's community; a rating also by the household that gave
it), which are audited, the figures, their record lists, the menu, the resident's tile
and what a work report may say of a place's projects."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core import reportfacts as report_facts
from banshi.core import sections as service_sections
from banshi.core.navigation import NavEntry

from . import figures, reportfacts, sections, tiles
from .models import (
    CompoundMerge,
    CompoundMergeBuilding,
    Deliverable,
    Project,
    ProjectFeedback,
    ProjectPhoto,
    ProjectProgressReport,
    ProjectSpending,
    ProjectStatusChange,
)


def register() -> None:
    scope.register(Project, territory="region__code")
    for model in (ProjectPhoto, ProjectSpending, ProjectStatusChange, Deliverable):
        scope.register(model, territory="project__region__code")
    scope.register(ProjectProgressReport, territory="deliverable__project__region__code")
    scope.register(ProjectFeedback, territory="project__region__code", household="household_id")
    scope.register(CompoundMerge, territory="region__code")
    scope.register(CompoundMergeBuilding, territory="merge__region__code")
    # The photos are files, which the audit log does not hold (as the other apps' photos).
    audit(
        Project,
        Deliverable,
        ProjectProgressReport,
        ProjectSpending,
        ProjectStatusChange,
        ProjectFeedback,
        CompoundMerge,
        CompoundMergeBuilding,
    )
    navigation.register(
        NavEntry(
            "projects.index",
            _("实事项目"),
            "projects:index",
            order=78,
            roles=RoleAssignment.TERRITORY_ROLES,
        )
    )
    navigation.register(
        NavEntry(
            "projects.mine",
            _("我的实事项目"),
            "projects:mine",
            order=12,
            roles=frozenset({RoleAssignment.Role.RESIDENT}),
        )
    )
    figures.register()
    tiles.register()
    records.register(Project, "region")
    records.register(ProjectFeedback, "project", "household")
    service_sections.register(sections.SECTION)
    report_facts.register_place_facts("projects", reportfacts.place_facts)
