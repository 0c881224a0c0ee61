"""The client's address, as lockouts and throttles count it.

Behind the TLS proxy every request comes from the proxy's address, so the address that counts
is the one the proxy names in `X-Forwarded-For`, but only when the request really comes from
a proxy listed in `BANSHI_TRUSTED_PROXIES`: anyone else can write that header. The header is
read from the right (each proxy appends the address it saw), skipping the trusted proxies;
the first address that is not one of them is the client's.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def address_in(address: str | None, networks) -> bool:
    """Whether `address` is one of `networks` (addresses or networks like 10.0.0.0/8; an
    entry that is neither is ignored)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in networks:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def is_trusted_proxy(address: str | None) -> bool:
    """Whether `address` is one of BANSHI_TRUSTED_PROXIES."""
    return address_in(address, settings.BANSHI_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy that forwarded the
    request (then the nearest address in X-Forwarded-For that is not a trusted proxy)."""
    remote = request.META.get("REMOTE_ADDR")
    if not remote or not is_trusted_proxy(remote):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not is_trusted_proxy(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                # A garbled header: count the request as the proxy's, not as a made-up name.
                return remote
    return remote
