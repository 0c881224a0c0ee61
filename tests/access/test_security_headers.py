"""Pages carry the content security policy, frame denial and nosniff."""

import pytest


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/regions/", "/login/"])
def test_headers(client, db, url):
    r = client.get(url)
    assert r.status_code in (200, 401, 403), url
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
