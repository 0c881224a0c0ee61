"""Writes of a user's notifications: only ever the user's own (`recipient_user=user`)."""

from django.db import transaction

from ..models import Notification


@transaction.atomic
def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient_user=user, read=False)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read=True)


@transaction.atomic
def notifications_read_for_demand(*, user, demand) -> int:
    """The user opened the demand's page: what they were told about it has been seen."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_user=user, demand=demand, read=False).update(
        read=True
    )
