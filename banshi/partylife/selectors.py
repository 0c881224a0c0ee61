"""Reads of party life for its pages, every one through `access.scope.restrict`.

Three reads reach past the subtree on purpose: a branch (or a street) reads the published
plans of the organizations above it (the plan it follows is issued from above); a member
reads their own party record through the scope's resident ids (a member's scope is their
own rows); and a member reads the planned activities of their own organization, to ask for
leave before any attendance row of theirs exists."""

import datetime

from django.db.models import Count, Q, QuerySet

from banshi.access.scope import restrict, scope_for
from banshi.organizations.models import PartyMember, PartyOrganization

from .models import (
    Activity,
    ActivityPhoto,
    AnnualPlan,
    Attendance,
    LeaveRequest,
    MakeUp,
    PlanMonth,
    Venue,
)
from .services.attendance import EARLY, OPEN_FOR


def organizations(*, user) -> QuerySet[PartyOrganization]:
    """The organizations the user manages (a secretary's subtree, a department's region)."""
    return restrict(PartyOrganization.objects.all(), user).order_by("path")


def _ancestor_ids(user) -> set[int]:
    ids: set[int] = set()
    for path in scope_for(user).org_paths:
        ids.update(int(p) for p in path.strip("/").split("/") if p)
    return ids


def _plans_above_territory(user) -> set[int]:
    """Published plans of organizations serving a territory above the user's (a street's
    staff read the district's plan)."""
    prefixes = scope_for(user).prefixes
    if not prefixes:
        return set()
    rows = AnnualPlan.objects.exclude(status=AnnualPlan.Status.DRAFT).values_list(
        "pk", "organization__territory_code"
    )
    return {pk for pk, code in rows if code and any(p.startswith(code) for p in prefixes)}


def plan_list(*, user) -> QuerySet[AnnualPlan]:
    above = AnnualPlan.objects.filter(
        Q(organization_id__in=_ancestor_ids(user)) | Q(pk__in=_plans_above_territory(user))
    ).exclude(status=AnnualPlan.Status.DRAFT)
    qs = restrict(AnnualPlan.objects.all(), user) | above
    return qs.select_related("organization").order_by("-year", "organization__path", "-version")


def plan_get(*, user, pk: int) -> AnnualPlan:
    return plan_list(user=user).get(pk=pk)


def plan_months(*, plan: AnnualPlan) -> list[PlanMonth]:
    return list(plan.months.order_by("month"))


def plan_months_for(*, organization: PartyOrganization, year: int) -> list[PlanMonth]:
    """The months of the published plan that covers `organization` in `year` (the nearest
    issuer above it, or its own)."""
    ids = [int(p) for p in organization.path.strip("/").split("/") if p]
    plans = AnnualPlan.objects.filter(
        organization_id__in=ids, year=year, status=AnnualPlan.Status.PUBLISHED
    ).select_related("organization")
    best = max(plans, key=lambda p: p.organization.depth, default=None)
    return list(best.months.order_by("month").select_related("plan")) if best else []


def activity_list(*, user, organization: PartyOrganization | None = None) -> QuerySet[Activity]:
    qs = restrict(Activity.objects.all(), user)
    if organization is not None:
        qs = qs.filter(Q(organization=organization) | Q(co_organizations=organization)).distinct()
    return (
        qs.select_related("organization", "venue", "plan_month")
        .annotate(
            expected=Count("attendances", distinct=True),
            present=Count(
                "attendances",
                filter=Q(attendances__status=Attendance.Status.PRESENT),
                distinct=True,
            ),
        )
        .order_by("-planned_at", "-id")
    )


def activity_get(*, user, pk: int) -> Activity:
    return (
        restrict(Activity.objects.all(), user)
        .select_related("organization", "venue", "plan_month__plan", "lecturer__resident")
        .get(pk=pk)
    )


def activity_photos(*, user, activity: Activity) -> QuerySet[ActivityPhoto]:
    return restrict(ActivityPhoto.objects.filter(activity=activity), user).order_by("id")


def attendance_rows(*, user, activity: Activity) -> list[Attendance]:
    qs = restrict(Attendance.objects.filter(activity=activity), user)
    return list(
        qs.select_related("member__resident", "member__organization", "leave", "makeup").order_by(
            "member__organization__path", "member_id"
        )
    )


def attendance_get(*, user, pk: int) -> Attendance:
    return (
        restrict(Attendance.objects.all(), user)
        .select_related("activity__organization", "member__resident")
        .get(pk=pk)
    )


def leave_get(*, user, pk: int) -> LeaveRequest:
    return (
        restrict(LeaveRequest.objects.all(), user)
        .select_related("attendance__activity", "attendance__member")
        .get(pk=pk)
    )


def venues(*, user) -> QuerySet[Venue]:
    """The venues in the user's scope (by where they are and who registered them), those
    registered by an organization the user sees (a district's red-education bases lie in
    other districts), and those registered by the organizations above the user's."""
    seen = restrict(PartyOrganization.objects.all(), user).values("pk")
    above = Venue.objects.filter(
        Q(organization_id__in=_ancestor_ids(user)) | Q(organization_id__in=seen)
    )
    return (restrict(Venue.objects.all(), user) | above).order_by("name")


def members_of(*, user, activity: Activity) -> QuerySet[PartyMember]:
    """Candidates for the lecturer or a mark: members of the holder, in scope."""
    return restrict(
        PartyMember.objects.filter(organization=activity.organization), user
    ).select_related("resident")


# --- the member's own --------------------------------------------------------------------


def own_member(*, user) -> PartyMember | None:
    ids = scope_for(user).resident_ids
    if not ids:
        return None
    return (
        PartyMember.objects.filter(resident_id__in=ids)
        .select_related("organization", "resident")
        .first()
    )


def own_attendance(*, user, limit: int = 50) -> list[Attendance]:
    ids = scope_for(user).resident_ids
    qs = restrict(Attendance.objects.filter(member__resident_id__in=ids), user)
    return list(
        qs.select_related("activity__organization", "makeup", "leave").order_by(
            "-activity__planned_at"
        )[:limit]
    )


def own_makeups(*, user) -> list[MakeUp]:
    ids = scope_for(user).resident_ids
    qs = restrict(MakeUp.objects.filter(attendance__member__resident_id__in=ids), user)
    return list(qs.select_related("attendance__activity").order_by("-done_at")[:50])


def own_open_activities(*, user, at: datetime.datetime) -> list[Attendance]:
    """The member's rows of activities taking check-ins at `at`."""
    ids = scope_for(user).resident_ids
    qs = restrict(
        Attendance.objects.filter(
            member__resident_id__in=ids,
            activity__status=Activity.Status.HELD,
            activity__held_at__lte=at + EARLY,
            activity__held_at__gte=at - OPEN_FOR,
        ),
        user,
    )
    return list(qs.select_related("activity", "member"))


def own_upcoming(*, user, now: datetime.datetime) -> list[Activity]:
    """Planned activities of the member's organization: they may ask for leave from them.
    Read through the member's own rows where there are some, else their organization's
    planned activities (no row exists before an activity is held)."""
    member = own_member(user=user)
    if member is None:
        return []
    return list(
        Activity.objects.filter(
            Q(organization_id=member.organization_id) | Q(co_organizations=member.organization_id),
            status=Activity.Status.PLANNED,
            planned_at__gte=now - datetime.timedelta(hours=12),
        )
        .distinct()
        .order_by("planned_at")[:20]
    )
