"""Rate limits by client address (throttles slow a client down; they never lock an account).

DRF's own throttles read `X-Forwarded-For` from anyone; these count by `client_ip`, which
trusts the header only from the configured proxies. They count in the default cache, which
every process shares (the database or Redis, see CACHES)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle as DRFAnonRateThrottle
from rest_framework.throttling import SimpleRateThrottle

from banshi.core.client_ip import client_ip


class AnonRateThrottle(DRFAnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request)


class AddressRateThrottle(SimpleRateThrottle):
    """Per client address, whoever is signed in; the rate is the setting `rate_setting`."""

    rate_setting = ""

    def get_rate(self):
        return getattr(settings, self.rate_setting)

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(AddressRateThrottle):
    """Requests for an API token, on top of the account lockout: slows password guessing."""

    scope = "token"
    rate_setting = "BANSHI_TOKEN_RATE"


class LoginRateThrottle(AddressRateThrottle):
    """Sign-in attempts through the login form. Lockouts count per account (and per account
    and address), so an address that tries many accounts is slowed here instead."""

    scope = "login"
    rate_setting = "BANSHI_LOGIN_RATE"
