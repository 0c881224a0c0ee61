"""A per-address request limit for the public Open311 endpoints: a fixed one-minute window
counted in the cache. Limits per method class come from settings.BANSHI_OPEN311_RATE
({"GET": 120, "POST": 30} requests per minute by default)."""

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_RATE = {"GET": 120, "POST": 30}
WINDOW = 60


def _limit(method: str) -> int:
    rates = {**DEFAULT_RATE, **(getattr(settings, "BANSHI_OPEN311_RATE", None) or {})}
    return int(rates["POST" if method == "POST" else "GET"])


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def over_limit(request) -> int:
    """0 when the request may proceed, else the seconds until the window ends."""
    kind = "POST" if request.method == "POST" else "GET"
    now = time.time()
    window = int(now // WINDOW)
    key = f"open311:rate:{kind}:{client_address(request)}:{window}"
    # add() starts the window's count; incr() is atomic in the cache backends we use.
    if cache.add(key, 1, timeout=WINDOW + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=WINDOW + 5)
            count = 1
    if count > _limit(kind):
        return max(1, int(WINDOW - now % WINDOW))
    return 0
