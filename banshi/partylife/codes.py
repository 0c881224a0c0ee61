"""The rotating check-in code the organiser's phone shows: six digits from an HMAC of the
activity and a 60-second window, keyed from SECRET_KEY. The current and the previous window
are accepted, so a code read at the end of its minute still works a moment later, but a
photo of it sent to a member at home expires within two minutes."""

import datetime

from django.utils.crypto import constant_time_compare, salted_hmac

WINDOW_SECONDS = 60
DIGITS = 6
_SALT = "banshi.partylife.checkin"


def _window(at: datetime.datetime) -> int:
    return int(at.timestamp()) // WINDOW_SECONDS


def _code_for(activity_id: int, window: int) -> str:
    digest = salted_hmac(_SALT, f"{activity_id}:{window}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big") % 10**DIGITS
    return f"{number:0{DIGITS}d}"


def checkin_code(activity, at: datetime.datetime) -> str:
    """The code shown for `activity` at `at`."""
    return _code_for(activity.pk, _window(at))


def checkin_code_valid(activity, code, at: datetime.datetime) -> bool:
    """Whether `code` was shown for `activity` at `at` or in the minute before."""
    code = str(code or "").strip()
    if len(code) != DIGITS or not code.isdigit():
        return False
    window = _window(at)
    # Compare with both windows always, so the time taken says nothing about which matched.
    current = constant_time_compare(code, _code_for(activity.pk, window))
    previous = constant_time_compare(code, _code_for(activity.pk, window - 1))
    return current or previous


def seconds_left(at: datetime.datetime) -> int:
    """Seconds until the code shown at `at` changes."""
    return WINDOW_SECONDS - int(at.timestamp()) % WINDOW_SECONDS
