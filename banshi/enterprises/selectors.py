"""Reads of non-public enterprises and rider service stations, always through the user's
scope (`restrict`)."""

from django.db.models import QuerySet

from banshi.access.scope import restrict

from .models import Enterprise, RiderStation


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
