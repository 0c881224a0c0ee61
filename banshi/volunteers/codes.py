"""The check-in code an activity's organiser shows: party life's rotating code
(banshi/partylife/codes.py: six digits from an HMAC of the activity and a 60-second window,
the current and the previous window accepted) under a salt of its own, so a volunteer
activity and a party activity with the same id never share a code."""

import datetime

from django.utils.crypto import constant_time_compare, salted_hmac

from banshi.partylife.codes import DIGITS, WINDOW_SECONDS, seconds_left

__all__ = ["checkin_code", "checkin_code_valid", "seconds_left"]

_SALT = "banshi.volunteers.checkin"


def _window(at: datetime.datetime) -> int:
    return int(at.timestamp()) // WINDOW_SECONDS


def _code_for(activity_id: int, window: int) -> str:
    digest = salted_hmac(_SALT, f"{activity_id}:{window}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big") % 10**DIGITS
    return f"{number:0{DIGITS}d}"


def checkin_code(activity, at: datetime.datetime) -> str:
    return _code_for(activity.pk, _window(at))


def checkin_code_valid(activity, code, at: datetime.datetime) -> bool:
    """Whether `code` was shown for `activity` at `at` or in the minute before."""
    code = str(code or "").strip()
    if len(code) != DIGITS or not code.isdigit():
        return False
    window = _window(at)
    current = constant_time_compare(code, _code_for(activity.pk, window))
    previous = constant_time_compare(code, _code_for(activity.pk, window - 1))
    return current or previous
