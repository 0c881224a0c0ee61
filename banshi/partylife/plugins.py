"""What partylife brings to the registries: how the scope reaches plans, activities,
attendance and appraisal (every record through its organization's path and territory code;
a member's own rows through their resident), which records are audited, the menu entries,
and the figures and tiles."""

from django.utils.translation import gettext_lazy as _

from banshi.access import scope
from banshi.access.audit_signals import audit
from banshi.access.models import RoleAssignment as RA
from banshi.core import navigation, records
from banshi.core.navigation import NavEntry
from banshi.organizations.selectors import is_party_member

from . import figures, tiles
from .models import (
    Activity,
    ActivityPhoto,
    AnnualPlan,
    AppraisalGrade,
    AppraisalRound,
    Attendance,
    LeaveRequest,
    MakeUp,
    PlanMonth,
    Talk,
    Venue,
)

ORG = "organization"


def _by_org(model, to_org: str, resident: str | None = None) -> None:
    scope.register(
        model,
        org_path=f"{to_org}__path",
        territory=f"{to_org}__territory_code",
        resident=resident,
    )


def register() -> None:
    _by_org(AnnualPlan, ORG)
    _by_org(PlanMonth, f"plan__{ORG}")
    scope.register(Venue, territory="region__prefix", org_path=f"{ORG}__path")
    _by_org(Activity, ORG)
    _by_org(ActivityPhoto, f"activity__{ORG}")
    _by_org(Attendance, f"activity__{ORG}", resident="member__resident_id")
    _by_org(
        LeaveRequest, f"attendance__activity__{ORG}", resident="attendance__member__resident_id"
    )
    _by_org(MakeUp, f"attendance__activity__{ORG}", resident="attendance__member__resident_id")
    _by_org(Talk, ORG, resident="member__resident_id")
    _by_org(AppraisalRound, ORG)
    _by_org(AppraisalGrade, f"round__{ORG}", resident="member__resident_id")
    audit(
        AnnualPlan,
        PlanMonth,
        Venue,
        Activity,
        Attendance,
        LeaveRequest,
        MakeUp,
        Talk,
        AppraisalRound,
        AppraisalGrade,
    )
    organisers = frozenset(
        {
            RA.Role.PARTY_SECRETARY,
            RA.Role.DISTRICT,
            RA.Role.STREET,
            RA.Role.COMMUNITY,
            RA.Role.SYSTEM_ADMIN,
        }
    )
    navigation.register(
        NavEntry("partylife.activities", _("组织生活"), "partylife:activities", 55, organisers)
    )
    navigation.register(
        NavEntry(
            "partylife.checkin",
            _("活动签到"),
            "partylife:checkin",
            56,
            roles=frozenset({RA.Role.RESIDENT}),
            visible=is_party_member,
        )
    )
    figures.register()
    tiles.register()
    # What the drill-down list of each record loads alongside its rows.
    records.register(Activity, "organization", "venue", "plan_month")
    records.register(Attendance, "activity__organization", "member__resident", "makeup")
    records.register(MakeUp, "attendance__member__resident", "attendance__activity")
