"""Two-factor authentication for the accounts that can see or change the most.

With settings.BANSHI_REQUIRE_2FA, a superuser or a holder of a system-admin or district
role must enrol a TOTP device and verify a code in each session before any other page.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from .models import RoleAssignment
from .scope import scope_for

Role = RoleAssignment.Role
TWO_FACTOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.DISTRICT})
# Pages a user who still owes the second factor may open.
EXEMPT_URL_NAMES = frozenset(
    {"two_factor_enrol", "two_factor_verify", "login", "logout", "set_language"}
)


def two_factor_required(user) -> bool:
    if not settings.BANSHI_REQUIRE_2FA:
        return False
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(scope_for(user).roles & TWO_FACTOR_ROLES)


def _exempt(request) -> bool:
    static = (
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    )
    if request.path_info.startswith(static):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in EXEMPT_URL_NAMES


class TwoFactorMiddleware:
    """Send a user who owes the second factor to the enrolment or the verification page.
    Must come after django_otp's OTPMiddleware (which provides `user.is_verified`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if two_factor_required(user) and not user.is_verified() and not _exempt(request):
            target = "two_factor_verify" if user_has_device(user) else "two_factor_enrol"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)
