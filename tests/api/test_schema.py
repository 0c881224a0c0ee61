"""The OpenAPI schema and the Swagger UI, served offline, and the anonymous rate limit."""

import re

import pytest
from rest_framework.throttling import AnonRateThrottle


def test_schema_lists_our_endpoints(api, db):
    r = api().get("/api/v1/schema/", {"format": "json"})
    assert r.status_code == 200
    paths = set(r.json()["paths"])
    assert paths >= {
        "/api/v1/auth/token/",
        "/api/v1/auth/token/revoke/",
        "/api/v1/regions/",
        "/api/v1/regions/{code}/",
        "/api/v1/grids/",
        "/api/v1/grids/{code}/",
        "/api/v1/residents/",
        "/api/v1/residents/{id}/",
    }


def test_docs_use_local_assets_and_no_inline_script(api, db):
    r = api().get("/api/v1/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    # …and those files are installed, so the page works without the internet.
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), name
    assert "http://" not in html and "https://" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attrs, body in scripts:
        assert "src=" in attrs and not body.strip()
    # The start-up script comes from the same view as a file.
    script = api().get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    assert (
        "'unsafe-inline'" not in r["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )


def test_anonymous_requests_are_rate_limited(api, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "5/min"})
    client = api()
    statuses = [client.get("/api/v1/schema/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@pytest.mark.parametrize("rate", ["60/min"])
def test_default_anonymous_rate_is_configured(settings, rate):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == rate
    # Ours: DRF's own would believe X-Forwarded-For from anyone.
    assert (
        "banshi.access.throttling.AnonRateThrottle"
        in (settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"])
    )
