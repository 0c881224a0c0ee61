"""What volunteers brings to the registries: how the scope reaches its records (a team by
its region, its party organization's subtree or its enterprise's instructor; a volunteer's
own rows also by the resident), which are audited, the figures, their record lists, the
menu and what a work report may say of a unit's volunteer teams."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment
from banshi.core import navigation, records
from banshi.core import reportfacts as report_facts
from banshi.core.navigation import NavEntry

from . import figures, reportfacts
from .models import (
    HoursCorrection,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerCertificate,
    VolunteerSignUp,
    VolunteerTeam,
)


def _team_rule(to_team: str, *, resident: str | None = None) -> dict:
    rule = {
        "territory": f"{to_team}region__code",
        "org_path": f"{to_team}organization__path",
        "instructor": f"{to_team}enterprise__instructor_id",
    }
    if resident:
        rule["resident"] = resident
    return rule


def register() -> None:
    scope.register(VolunteerTeam, **_team_rule(""))
    scope.register(Volunteer, **_team_rule("team__", resident="resident_id"))
    scope.register(VolunteerActivity, **_team_rule("team__"))
    scope.register(
        VolunteerSignUp, **_team_rule("activity__team__", resident="volunteer__resident_id")
    )
    scope.register(
        ServiceRecord, **_team_rule("activity__team__", resident="volunteer__resident_id")
    )
    scope.register(
        HoursCorrection,
        **_team_rule("record__activity__team__", resident="record__volunteer__resident_id"),
    )
    scope.register(VolunteerCertificate, **_team_rule("team__", resident="volunteer__resident_id"))
    audit(
        VolunteerTeam,
        Volunteer,
        VolunteerActivity,
        VolunteerSignUp,
        ServiceRecord,
        HoursCorrection,
        VolunteerCertificate,
    )
    # Staff find the teams; a resident their own record (a department has neither).
    navigation.register(
        NavEntry(
            "volunteers.index",
            _("志愿服务"),
            "volunteers:index",
            order=77,
            roles=RoleAssignment.TERRITORY_ROLES,
        )
    )
    navigation.register(
        NavEntry(
            "volunteers.me",
            _("我的志愿服务"),
            "volunteers:me",
            order=13,
            roles=frozenset({RoleAssignment.Role.RESIDENT}),
        )
    )
    figures.register()
    records.register(Volunteer, "resident", "team__region")
    records.register(ServiceRecord, "volunteer__resident", "activity__team")
    report_facts.register_unit_facts("volunteers", reportfacts.unit_facts)
