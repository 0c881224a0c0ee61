"""Reads from a streaming replica of the database (DATABASE_REPLICA_URL): the router, the
views that may use it, and what keeps a user on the primary right after their own write.

Nothing reads from the replica unless a view asks: the read-only views of the dashboards,
exports, rankings and drill-downs are wrapped in `reads_from_replica` where they are
defined, so this module knows no app. Inside such a view (GET or HEAD only) reads go to the
replica, except:
- the request state that must be exact (sessions, the cache table, lockouts, second
  factors, API tokens, background tasks), always read on the primary;
- reads inside a transaction, and every read after the view has written anything;
- a user who wrote in the last BANSHI_REPLICA_PIN_SECONDS: `ReplicaPinMiddleware` answers
  every successful POST/PUT/PATCH/DELETE with a signed cookie that keeps that browser's
  reads on the primary, so they see what they just did at once;
- a replica that does not answer, or whose replay is more than
  BANSHI_REPLICA_MAX_LAG_SECONDS behind the primary (checked at most every CHECK_SECONDS
  per process);
- a view that loses the replica halfway runs again on the primary.
Writes always go to the primary; migrations run there only (the replica copies them)."""

import functools
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

REPLICA = "replica"
# Models of request state: a read of them must see the last write, whatever the view.
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "django_cache",  # the database cache's table (throttles, cached figures)
        "axes",
        "otp_totp",
        "otp_static",
        "authtoken",
        "django_tasks_database",
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PIN_COOKIE = "banshi_primary"
PIN_SALT = "banshi.core.replica.pin"
# How long one process trusts its last look at the replica (reachable, lag), in seconds.
CHECK_SECONDS = 2.0

# How far the replica's replay is behind the primary's WAL position, in seconds: 0 when it
# has replayed everything the primary had written when asked; else the age of the last
# transaction it replayed (an over-estimate on a quiet primary, which errs towards it).
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_replay_lsn() >= %s::pg_lsn THEN 0
    ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())
END
"""


@dataclass
class _Reading:
    """One replica-eligible view call: whether it has written, and read on the replica."""

    wrote: bool = False
    routed: bool = False


_reading: ContextVar[_Reading | None] = ContextVar("banshi_replica_reading", default=None)
# (time.monotonic() of the last look, whether the replica was fit to read from).
_health: tuple[float, bool] | None = None


def enabled() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICA_URL", ""))


class ReplicaRouter:
    """DATABASE_ROUTERS' entry when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model, **hints):
        reading = _reading.get()
        if (
            reading is None
            or reading.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        reading.routed = True
        return REPLICA

    def db_for_write(self, model, **hints):
        reading = _reading.get()
        if reading is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            # What the view reads next may depend on what it just wrote.
            reading.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two servers

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def pinned(request) -> bool:
    """Whether this browser wrote within the pin's seconds (its signed cookie says when)."""
    stamp = request.get_signed_cookie(
        PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.BANSHI_REPLICA_PIN_SECONDS
    )
    return stamp is not None


def lag_seconds() -> float:
    """The replica's replay lag (LAG_SQL); 0 for a replica that is not PostgreSQL's."""
    replica = connections[REPLICA]
    primary = connections[DEFAULT_DB_ALIAS]
    with replica.cursor() as cursor:
        if replica.vendor != "postgresql" or primary.vendor != "postgresql":
            cursor.execute("SELECT 1")
            return 0.0
        with primary.cursor() as on_primary:
            on_primary.execute("SELECT pg_current_wal_lsn()")
            (position,) = on_primary.fetchone()
        cursor.execute(LAG_SQL, [position])
        (lag,) = cursor.fetchone()
    return float("inf") if lag is None else float(lag)


def usable() -> bool:
    """Whether the replica answers and keeps up; looked at once every CHECK_SECONDS."""
    global _health
    now = time.monotonic()
    if _health is not None and now - _health[0] < CHECK_SECONDS:
        return _health[1]
    try:
        lag = lag_seconds()
    except Exception as exc:  # whatever stops the look (down, no such database): the primary
        log.warning("read replica unreachable, reading from the primary: %s", exc)
        _close()
        ok = False
    else:
        ok = lag <= settings.BANSHI_REPLICA_MAX_LAG_SECONDS
        if not ok:
            log.warning("read replica %.1f s behind, reading from the primary", lag)
    _health = (now, ok)
    return ok


def forget_health() -> None:
    """Look at the replica again on the next request (tests; after a failover)."""
    global _health
    _health = None


def _lost_replica() -> None:
    global _health
    _health = (time.monotonic(), False)
    _close()


def _close() -> None:
    """Drop the replica's connection (broken, or of a server that is not fit to read)."""
    if REPLICA in connections.settings:
        connections[REPLICA].close()


def reads_from_replica(view):
    """Let a read-only view read from the replica (see the module's docstring for when)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (enabled() and request.method in SAFE_METHODS and not pinned(request) and usable()):
            return view(request, *args, **kwargs)
        reading = _Reading()
        token = _reading.set(reading)
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            if not reading.routed or reading.wrote:
                raise
            log.warning("read replica lost during %s, again on the primary: %s", request.path, exc)
            _lost_replica()
        finally:
            _reading.reset(token)
        return view(request, *args, **kwargs)

    wrapped.reads_from_replica = True
    return wrapped


class ReplicaPinMiddleware:
    """After a successful write request, keep the browser's reads on the primary for
    BANSHI_REPLICA_PIN_SECONDS (a signed cookie: no query, no session write)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if enabled() and request.method in WRITE_METHODS and response.status_code < 400:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=settings.BANSHI_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
