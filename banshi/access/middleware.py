import time

from django.conf import settings
from django.contrib.auth import logout

# How stale the last-seen stamp may get before a request writes it again: a page view need
# not write the session (one UPDATE and its transaction) to keep a 30-minute idle clock.
TOUCH_EVERY = 60


class IdleTimeoutMiddleware:
    """Log a web session out after SESSION_IDLE_SECONDS without a request (to within
    TOUCH_EVERY seconds)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("_last_seen")
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
            elif last is None or now - last >= TOUCH_EVERY:
                request.session["_last_seen"] = now
        return self.get_response(request)
