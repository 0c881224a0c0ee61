import time

from django.conf import settings
from django.contrib.auth import logout


class IdleTimeoutMiddleware:
    """Log a web session out after SESSION_IDLE_SECONDS without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("_last_seen")
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
            else:
                request.session["_last_seen"] = now
        return self.get_response(request)
