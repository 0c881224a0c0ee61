"""The volunteers' reads: teams and their records through the user's scope (`restrict`),
a resident's own volunteering (their rows only) and the teams open to them to join (those of
their own community and street), the approved hours of records (their hours plus approved
corrections) and the public view of a certificate."""

from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from banshi.access.scope import restrict, scope_for
from banshi.enterprises.models import Enterprise
from banshi.organizations.models import PartyOrganization
from banshi.territory.models import Region

from . import stars
from .models import (
    HoursCorrection,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerCertificate,
    VolunteerTeam,
)
from .services._common import home_regions
from .services.attendance import EARLY, LATE, in_window
from .services.teams import OWNER_KINDS, may_found

OWNER_ROWS = 300

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=1))


def with_approved_hours(records: QuerySet[ServiceRecord]) -> QuerySet[ServiceRecord]:
    """Each record with `approved`: its hours plus its approved corrections."""
    extra = (
        HoursCorrection.objects.filter(record=OuterRef("pk"), approved_at__isnull=False)
        .order_by()
        .values("record")
        .annotate(s=Sum("delta"))
        .values("s")
    )
    return records.annotate(approved=Coalesce(Subquery(extra), ZERO) + F("hours"))


def hours_total(records: QuerySet[ServiceRecord]) -> Decimal:
    """The approved hours of `records`: their hours plus their approved corrections."""
    hours = records.order_by().aggregate(s=Sum("hours"))["s"] or Decimal(0)
    extra = HoursCorrection.objects.filter(
        record__in=records.order_by().values("pk"), approved_at__isnull=False
    ).aggregate(s=Sum("delta"))["s"]
    return hours + (extra or Decimal(0))


def team_list(*, user, unit: PartyOrganization | None = None) -> QuerySet[VolunteerTeam]:
    """The teams in scope; with `unit`, only the teams of its subtree (`unit_teams`)."""
    qs = VolunteerTeam.objects.select_related("region", "organization", "enterprise", "community")
    if unit is not None:
        qs = qs.filter(pk__in=unit_teams(unit).values("pk"))
    return restrict(qs, user)


def unit_get(*, user, pk: int) -> PartyOrganization | None:
    """The party organization if the user sees it."""
    return restrict(PartyOrganization.objects.all(), user).filter(pk=pk).first()


def unit_teams(unit: PartyOrganization) -> QuerySet[VolunteerTeam]:
    """The teams of a party organization's subtree: those its organizations own and those
    of enterprises whose party organization is in it (unscoped: the unit's own count)."""
    return VolunteerTeam.objects.filter(
        Q(organization__path__startswith=unit.path)
        | Q(enterprise__party_organization__path__startswith=unit.path)
    )


def team_owners(*, user) -> dict[str, list]:
    """What the user may set up a team under, by kind ("community", "organization",
    "enterprise"): the ones in their scope that they would manage."""
    regions = restrict(Region.objects.filter(kind__in=OWNER_KINDS).order_by("code"), user)
    organizations = restrict(
        PartyOrganization.objects.select_related(
            "region", "grid__community", "building__grid__community"
        ).order_by("path"),
        user,
    )
    enterprises = restrict(
        Enterprise.objects.select_related("grid__community", "party_organization").order_by(
            "name", "pk"
        ),
        user,
    )
    return {
        kind: [o for o in qs[:OWNER_ROWS] if may_found(user, o)]
        for kind, qs in (
            ("community", regions),
            ("organization", organizations),
            ("enterprise", enterprises),
        )
    }


def team_get(*, user, pk: int) -> VolunteerTeam:
    """VolunteerTeam.DoesNotExist unless the user sees it (staff in scope, or a member)."""
    own = own_volunteers(user=user).values("team_id")
    qs = VolunteerTeam.objects.select_related("region", "organization", "enterprise", "community")
    team = qs.filter(pk=pk, pk__in=own).first()
    return team if team is not None else team_list(user=user).get(pk=pk)


def team_records(*, user, team: VolunteerTeam) -> QuerySet[ServiceRecord]:
    return restrict(
        ServiceRecord.objects.filter(activity__team=team).select_related(
            "volunteer__resident", "activity"
        ),
        user,
    )


def activity_get(*, user, pk: int) -> VolunteerActivity:
    """VolunteerActivity.DoesNotExist unless the user sees its team."""
    activity = VolunteerActivity.objects.select_related("team__region").get(pk=pk)
    team_get(user=user, pk=activity.team_id)
    return activity


def own_volunteers(*, user) -> QuerySet[Volunteer]:
    """The user's own registrations (as a resident)."""
    ids = scope_for(user).resident_ids if user.is_authenticated else ()
    return Volunteer.objects.filter(resident_id__in=ids).select_related("team", "resident")


def home_teams(*, user) -> QuerySet[VolunteerTeam]:
    """The teams of the communities and streets where the user's residents live (whatever
    their owner: the community, a party organization, an enterprise). A team's name and
    owner are the notice it posts, not anyone's personal data; its members and records stay
    behind `team_get`."""
    ids = scope_for(user).resident_ids if user.is_authenticated else ()
    regions = set().union(*home_regions(ids).values()) if ids else set()
    return (
        VolunteerTeam.objects.filter(region_id__in=regions)
        .select_related("region", "organization", "enterprise", "community")
        .order_by("region__code", "name", "pk")
    )


def joinable_teams(*, user) -> QuerySet[VolunteerTeam]:
    """The home teams open to joining that the user is not an active member of."""
    member_of = own_volunteers(user=user).filter(active=True).values("team_id")
    return home_teams(user=user).filter(open_to_join=True).exclude(pk__in=member_of)


def team_for_join(*, user, pk: int) -> VolunteerTeam:
    """VolunteerTeam.DoesNotExist unless the user may see it: in scope, a member's, or one
    of their home teams."""
    team = home_teams(user=user).filter(pk=pk).first()
    return team if team is not None else team_get(user=user, pk=pk)


def own_records(*, user) -> QuerySet[ServiceRecord]:
    return with_approved_hours(
        ServiceRecord.objects.filter(volunteer__in=own_volunteers(user=user)).select_related(
            "activity", "volunteer__team"
        )
    )


def own_certificates(*, user) -> QuerySet[VolunteerCertificate]:
    return VolunteerCertificate.objects.filter(
        volunteer__in=own_volunteers(user=user)
    ).select_related("team")


def own_open_activities(*, user, at) -> list[tuple[Volunteer, VolunteerActivity]]:
    """(volunteer, activity) pairs whose sign-in window holds `at`, for the phone page."""
    pairs = []
    volunteers = {v.team_id: v for v in own_volunteers(user=user).filter(active=True)}
    activities = VolunteerActivity.objects.filter(team_id__in=volunteers).order_by("starts_at")
    for activity in activities.filter(starts_at__lte=at + EARLY, ends_at__gte=at - LATE):
        if in_window(activity, at):
            pairs.append((volunteers[activity.team_id], activity))
    return pairs


def own_upcoming(*, user, now) -> QuerySet[VolunteerActivity]:
    teams = own_volunteers(user=user).filter(active=True).values("team_id")
    return VolunteerActivity.objects.filter(team_id__in=teams, ends_at__gte=now).order_by(
        "starts_at"
    )


def resident_summary(*, user) -> dict:
    records = ServiceRecord.objects.filter(volunteer__in=own_volunteers(user=user))
    hours = hours_total(records)
    return {"hours": hours, "stars": stars.stars_for(hours), "next_star": stars.next_star(hours)}


def certificate_by_code(code: str) -> VolunteerCertificate | None:
    """The certificate with this verification code (public: unscoped, by the code only)."""
    code = str(code or "").strip().upper()
    if not code.isascii() or not code.isalnum() or len(code) != 12:
        return None
    return (
        VolunteerCertificate.objects.filter(code=code)
        .select_related("volunteer__resident", "team")
        .first()
    )


def masked_name(name: str) -> str:
    """张三 → 张*, 张三明 → 张*明, 欧阳小明 → 欧**明."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name + "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
