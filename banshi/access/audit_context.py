"""Who is acting right now, for the audit signals.

Model signals do not see the request, so the request (or, for commands and background
work, an explicit actor) is kept in a context variable for the duration of the work.
The web request's user is resolved lazily, at the moment a signal fires, so that a user
who logs in during the request is the actor of what follows.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class _Actor:
    request: object = None
    user: object = None
    muted: bool = False


_current: ContextVar[_Actor | None] = ContextVar("banshi_audit_actor", default=None)


def current_actor() -> tuple[object, object]:
    """(user or None, request or None) of the work in progress."""
    actor = _current.get()
    if actor is None:
        return None, None
    user = actor.user
    if user is None and actor.request is not None:
        user = getattr(actor.request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return user, actor.request


def is_muted() -> bool:
    actor = _current.get()
    return bool(actor and actor.muted)


@contextmanager
def audit_actor(user):
    """Attribute the audited writes inside the block to `user` (commands, services)."""
    parent = _current.get()
    token = _current.set(_Actor(request=parent.request if parent else None, user=user, muted=False))
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def audit_muted():
    """Record no per-row events inside the block. Only for building a fresh database
    (the demo); the builder records one event of its own instead."""
    token = _current.set(_Actor(muted=True))
    try:
        yield
    finally:
        _current.reset(token)


class AuditContextMiddleware:
    """Make the request the audit actor while it is handled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(_Actor(request=request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
