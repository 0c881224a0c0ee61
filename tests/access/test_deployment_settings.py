"""With DEBUG off: secure cookies and HSTS unless BANSHI_HTTPS=0 (never an SSL redirect), and
static files served by the app itself (WhiteNoise), hashed once `collectstatic` has run."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = (
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
)


def settings_of(**env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "banshi.settings",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "BANSHI_ENV_FILE": "",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "BANSHI_DATA_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_off_means_https_by_default():
    s = settings_of(DEBUG="0")
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 31536000
    assert s["SECURE_SSL_REDIRECT"] is False  # the proxy redirects; tests speak plain HTTP
    assert s["SECURE_PROXY_SSL_HEADER"] is None  # no proxy trusted: nobody's header believed


def test_behind_a_trusted_proxy_its_protocol_header_is_believed():
    s = settings_of(DEBUG="0", BANSHI_TRUSTED_PROXIES="127.0.0.1")
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize("env", [{"DEBUG": "0", "BANSHI_HTTPS": "0"}, {"DEBUG": "1"}])
def test_plain_http_intranet_and_development_keep_plain_cookies(env):
    s = settings_of(**env)
    assert not s["SESSION_COOKIE_SECURE"] and not s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 0


def test_hsts_on_a_secure_request(client, db, settings):
    # The suite runs with DEBUG off and the defaults: HTTPS on.
    assert settings.SESSION_COOKIE_SECURE
    r = client.get("/login/", secure=True)
    assert r["Strict-Transport-Security"] == "max-age=31536000"


def test_the_test_client_signs_in_with_secure_cookies(client, make_user):
    make_user("alice")
    r = client.post("/login/", {"username": "alice", "password": "Banshi-test-1"})
    assert r.status_code == 302
    assert r.cookies["sessionid"]["secure"]
    assert client.get("/").status_code in (200, 302)
    assert "_auth_user_id" in client.session


def test_static_files_are_served_by_the_app_with_debug_off(client, settings):
    assert not settings.DEBUG
    r = client.get("/static/banshi/site.css")
    assert r.status_code == 200
    assert b"".join(r.streaming_content)
    assert client.get("/static/banshi/no-such-file.css").status_code == 404


def test_pages_name_plain_files_before_collectstatic(client, db):
    html = client.get("/login/").content.decode()
    assert "/static/banshi/site.css" in html
