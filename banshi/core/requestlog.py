"""Request ids and the request log: every request gets an id (the trusted proxy's
`X-Request-ID` when it sent a well-formed one, else a new one), answered back in the
`X-Request-ID` header and carried by every log record written while the request runs, so one
line of a JSON log leads to all the others of the same request. One `banshi.request` line per
request says what was asked and how it went: method, route pattern (not the path: a path can
hold a tracking code or a name), status, duration, user id. Nothing personal is logged.

The same middleware counts the request for `/metrics` (`banshi.core.metrics`)."""

import contextvars
import logging
import re
import time
import uuid

from .client_ip import is_trusted_proxy
from .metrics import observe_request

logger = logging.getLogger("banshi.request")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("banshi_request_id", default="")
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,64}")
HEADER = "X-Request-ID"


def current_request_id() -> str:
    """The id of the request being served ("" outside a request)."""
    return _request_id.get()


def _incoming_id(request) -> str:
    # Only a proxy we trust may name the id (it ties our lines to its own access log);
    # anyone else could make their requests look like someone else's.
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if (
        given
        and _WELL_FORMED.fullmatch(given)
        and is_trusted_proxy(request.META.get("REMOTE_ADDR"))
    ):
        return given
    return uuid.uuid4().hex


def route_of(request) -> str:
    """The URL pattern that served the request, bounded in number (a metric label)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return "/" + (match.route or match.view_name or "")


class RequestIdMiddleware:
    """First in MIDDLEWARE: sets the request id, logs and counts the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _incoming_id(request)
        token = _request_id.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except Exception:
            # Django turns exceptions into responses inside get_response; this is the rare
            # one that escapes (a middleware above the handler): still logged and counted.
            self._finish(request, 500, started)
            _request_id.reset(token)
            raise
        response[HEADER] = request_id
        self._finish(request, response.status_code, started)
        _request_id.reset(token)
        return response

    @staticmethod
    def _finish(request, status: int, started: float) -> None:
        seconds = time.perf_counter() - started
        route = route_of(request)
        observe_request(method=request.method, route=route, status=status, seconds=seconds)
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            route,
            status,
            seconds * 1000,
            extra={
                "method": request.method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": getattr(user, "pk", None),
            },
        )


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True
