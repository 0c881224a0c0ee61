"""Reads for the public Open311 endpoints. These are public by design (no login, no scope):
they return only what GeoReport v2 publishes, never a reporter's contact, name or text — see
`documents.request_document`."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from banshi.demands.actions import client_id
from banshi.demands.models import Category, Demand
from banshi.demands.selectors import DEMAND_RELATED

from .models import Open311Key, Open311Request, key_hash

S = Demand.State
CLOSED_STATES = (S.RESOLVED, S.RATED, S.CLOSED, S.MERGED)
MAX_REQUESTS = 1000
MAX_WINDOW = datetime.timedelta(days=90)

_RELATED = (*DEMAND_RELATED, "open311")


def service_list() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("sort_order", "code")


def service_get(code: str) -> Category:
    """Category.DoesNotExist for an unknown or inactive service code."""
    return service_list().get(code=code)


def _requests() -> QuerySet[Demand]:
    return Demand.objects.select_related(*_RELATED)


def request_get(service_request_id: str) -> Demand:
    """Demand.DoesNotExist for an unknown id."""
    pk = client_id(service_request_id)
    if pk is None:
        raise Demand.DoesNotExist
    return _requests().get(pk=pk)


def request_list(
    *,
    ids: list[int] | None = None,
    categories: list[Category] | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    statuses: set[str] | None = None,
) -> list[Demand]:
    """Requests by id (which overrides every other filter, as the spec says), or by service,
    a requested-datetime window and status; newest first, at most MAX_REQUESTS."""
    qs = _requests()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    else:
        if categories is not None:
            qs = qs.filter(category__in=categories)
        if start is not None:
            qs = qs.filter(received_at__gte=start)
        if end is not None:
            qs = qs.filter(received_at__lte=end)
        if statuses and len(statuses) == 1:
            if "closed" in statuses:
                qs = qs.filter(state__in=CLOSED_STATES)
            else:
                qs = qs.exclude(state__in=CLOSED_STATES)
    return list(qs.order_by("-received_at", "-id")[:MAX_REQUESTS])


def default_window(now: datetime.datetime | None = None):
    end = now or timezone.now()
    return end - MAX_WINDOW, end


def key_find(key: str) -> Open311Key | None:
    """The active API key matching `key`, or None."""
    if not key or len(key) > 200:
        return None
    return Open311Key.objects.filter(key_hash=key_hash(key), revoked_at__isnull=True).first()


def token_get(token: str) -> Open311Request:
    """Open311Request.DoesNotExist for an unknown token."""
    if not token or len(token) > 32:
        raise Open311Request.DoesNotExist
    return Open311Request.objects.only("token", "demand_id").get(token=token)
