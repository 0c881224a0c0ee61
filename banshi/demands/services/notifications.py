"""Writes of a user's notifications."""

from django.db import transaction

from ..models import Notification


@transaction.atomic
def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient_user=user, read=False)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read=True)
