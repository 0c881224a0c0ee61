"""Reads of non-public enterprises and rider service stations, always through the user's
scope (`restrict`)."""

import calendar
import datetime

from django.db.models import Min, QuerySet
from django.utils import timezone

from banshi.access.scope import restrict
from banshi.core.figures import ratio

from .models import Enterprise, InstructorVisit, PartyOrgFounding, RiderStation


def enterprise_list(*, user, status: str | None = None, organization=None) -> QuerySet[Enterprise]:
    """The enterprises in the user's scope; `status` filters by how a party organization
    reaches them, `organization` keeps those attached to one party organization."""
    qs = restrict(
        Enterprise.objects.select_related("grid", "instructor", "party_organization"), user
    )
    if status:
        qs = qs.filter(party_org_status=status)
    if organization is not None:
        qs = qs.filter(party_organization=organization)
    return qs


def enterprise_get(*, user, pk: int) -> Enterprise:
    """Enterprise.DoesNotExist outside the user's scope (→ 404)."""
    return enterprise_list(user=user).get(pk=pk)


def rider_station_list(*, user) -> QuerySet[RiderStation]:
    return restrict(RiderStation.objects.select_related("grid"), user)


def visits(*, user, enterprise: Enterprise) -> QuerySet[InstructorVisit]:
    return restrict(enterprise.visits.select_related("instructor"), user)


def station_get(*, user, pk: int) -> RiderStation:
    """RiderStation.DoesNotExist outside the user's scope (→ 404)."""
    return rider_station_list(user=user).get(pk=pk)


def coverage_series(region, *, months: int = 12, today: datetime.date | None = None) -> list:
    """The organization coverage of the region's enterprises at the end of each of the last
    `months` months (the current one up to today): (month "YYYY-MM", covered, enterprises,
    rate). An enterprise counts from its party organization's founding; one covered
    without a founding on record has been covered throughout. The enterprises are those of
    today (the register keeps no dates of arrival)."""
    today = today or timezone.localdate()
    enterprises = Enterprise.objects.filter(grid__code__startswith=region.prefix)
    total = enterprises.count()
    covered = enterprises.exclude(party_org_status=Enterprise.PartyOrgStatus.NONE)
    first = dict(
        PartyOrgFounding.objects.filter(enterprise__in=covered)
        .values("enterprise_id")
        .annotate(day=Min("founded_on"))
        .values_list("enterprise_id", "day")
    )
    now_covered = list(covered.values_list("pk", flat=True))
    out = []
    year, month = today.year, today.month
    ends = []
    for _i in range(months):
        last = calendar.monthrange(year, month)[1]
        ends.append((f"{year:04d}-{month:02d}", min(datetime.date(year, month, last), today)))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    for key, end in reversed(ends):
        n = sum(1 for pk in now_covered if pk not in first or first[pk] <= end)
        out.append((key, n, total, ratio(n, total)))
    return out
