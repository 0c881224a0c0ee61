from django.middleware.gzip import GZipMiddleware


class SecurityHeadersMiddleware:
    """Content security policy that the site's own pages satisfy (no inline script, no
    outside hosts), plus a permissions policy."""

    CSP = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; worker-src 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(self), geolocation=(self), microphone=()"
        )
        return response


# Already compressed, or read in ranges: gzip would only cost time (or break the range).
_INCOMPRESSIBLE = ("image/png", "image/jpeg", "image/webp", "application/pdf", "application/zip")
_INCOMPRESSIBLE_PREFIXES = ("application/vnd.openxmlformats", "video/", "audio/")


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH padding of a random-length name) for pages, JSON and
    the static files WhiteNoise serves from the apps before `collectstatic` has written
    compressed copies (the demo, a checkout); those it has written are served as they are.
    A phone on a weak signal fetches a third of the bytes."""

    def process_response(self, request, response):
        kind = response.get("Content-Type", "").split(";")[0].strip()
        if (
            kind in _INCOMPRESSIBLE
            or kind.startswith(_INCOMPRESSIBLE_PREFIXES)
            or response.status_code == 206
            or response.has_header("Content-Range")
        ):
            return response
        return super().process_response(request, response)
