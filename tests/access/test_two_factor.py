"""TOTP two-factor: enrolment with a QR code, verification after login, and the redirect
of system administrators and district users when BANSHI_REQUIRE_2FA is on."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from banshi.access.models import AuditEvent

pytestmark = pytest.mark.urls("tests.access.urls_with_2fa")

PAGE = "/api/v1/regions/"


def code_for(device, offset_steps: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0 - offset_steps * device.step, device.digits, device.drift):06d}"  # noqa: E501


@pytest.fixture
def required(settings):
    settings.BANSHI_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def district(world, make_user):
    return make_user("qx", "district", region=world.district)


def test_off_by_default_nobody_is_redirected(client, district, settings):
    settings.BANSHI_REQUIRE_2FA = False
    client.force_login(district)
    assert client.get(PAGE).status_code == 200


def test_enrolment_flow(client, district, required):
    client.force_login(district)
    r = client.get(PAGE)
    assert r.status_code == 302
    assert r["Location"] == "/2fa/enrol/?next=%2Fapi%2Fv1%2Fregions%2F"

    page = client.get(r["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=district, confirmed=False)
    assert device.config_url.replace("&", "&amp;") in html
    assert "otpauth://totp/" in html
    assert re.search(r"<svg[^>]*>.*<path", html, flags=re.S), "inline SVG QR code"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script"
    # A second visit shows the same device, not a new secret each time.
    client.get("/2fa/enrol/")
    assert TOTPDevice.objects.filter(user=district).count() == 1

    r = client.post("/2fa/enrol/", {"token": "123456", "next": PAGE})
    assert r.status_code == 200
    assert "验证码错误或已过期" in r.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    r = client.post("/2fa/enrol/", {"token": code_for(device), "next": PAGE})
    assert r.status_code == 302 and r["Location"] == PAGE
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PAGE).status_code == 200
    event = AuditEvent.objects.get(
        action="permission", object_type="auth.User", object_id=str(district.pk)
    )
    assert event.changes == {"two_factor": {"after": "totp"}}


def test_verification_in_a_new_session(client, district, required):
    device = TOTPDevice.objects.create(user=district, name="phone", confirmed=True)
    client.force_login(district)
    r = client.get(PAGE)
    assert r["Location"] == "/2fa/verify/?next=%2Fapi%2Fv1%2Fregions%2F"
    assert client.get("/2fa/verify/").status_code == 200
    r = client.post("/2fa/verify/", {"token": "000000", "next": PAGE})
    assert r.status_code == 200 and "验证码错误或已过期" in r.content.decode()
    r = client.post("/2fa/verify/", {"token": "12ab56", "next": PAGE})
    assert r.status_code == 200
    assert client.get(PAGE).status_code == 302  # still owed
    r = client.post("/2fa/verify/", {"token": code_for(device), "next": PAGE})
    assert r.status_code == 302 and r["Location"] == PAGE
    assert client.get(PAGE).status_code == 200


def test_a_used_code_cannot_be_replayed(client, district, required):
    device = TOTPDevice.objects.create(user=district, name="phone", confirmed=True)
    code = code_for(device)
    client.force_login(district)
    assert client.post("/2fa/verify/", {"token": code}).status_code == 302
    client.logout()
    client.force_login(district)
    r = client.post("/2fa/verify/", {"token": code})
    assert r.status_code == 200 and "验证码错误" in r.content.decode()


def test_wrong_codes_are_throttled(client, district, settings):
    settings.BANSHI_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = TOTPDevice.objects.create(user=district, name="phone", confirmed=True)
    client.force_login(district)
    client.post("/2fa/verify/", {"token": "000000"})
    # Right after a failure even the right code is refused.
    r = client.post("/2fa/verify/", {"token": code_for(device)})
    assert r.status_code == 200
    assert client.get(PAGE).status_code == 302


def test_an_unverified_session_cannot_replace_the_device(client, district, required):
    TOTPDevice.objects.create(user=district, name="phone", confirmed=True)
    client.force_login(district)
    r = client.get("/2fa/enrol/")
    assert r.status_code == 302 and r["Location"].startswith("/2fa/verify/")
    assert TOTPDevice.objects.filter(user=district).count() == 1


def test_next_must_stay_on_the_site(client, district, required):
    device = TOTPDevice.objects.create(user=district, name="phone", confirmed=True)
    client.force_login(district)
    r = client.post("/2fa/verify/", {"token": code_for(device), "next": "https://evil.example/"})
    assert r.status_code == 302 and r["Location"] == "/"


@pytest.mark.parametrize(
    ("role", "node", "required_"),
    [
        ("system_admin", None, True),
        ("district", "district", True),
        ("street", "street", False),
        ("grid_worker", "grid1", False),
    ],
)
def test_who_must_use_two_factor(client, world, make_user, required, role, node, required_):
    kwargs = {}
    if node == "grid1":
        kwargs["grid"] = world.grid1
    elif node:
        kwargs["region"] = getattr(world, node)
    user = make_user("u", role, **kwargs)
    client.force_login(user)
    assert (client.get(PAGE).status_code == 302) is required_


def test_superuser_must_use_two_factor(client, db, required):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="Banshi-test-1")
    client.force_login(admin)
    r = client.get("/admin/")
    assert r.status_code == 302 and r["Location"].startswith("/2fa/enrol/")


def test_logout_and_anonymous_pages_stay_reachable(client, district, required):
    client.force_login(district)
    assert client.get("/login/").status_code in (200, 302)
    r = client.post("/logout/")
    assert r.status_code == 302 and not r["Location"].startswith("/2fa/")
    # Anonymous visitors are not asked for a code.
    assert client.get("/api/v1/docs/").status_code == 200


def test_pages_need_a_login(client, db):
    for url in ("/2fa/enrol/", "/2fa/verify/"):
        r = client.get(url)
        assert r.status_code == 302 and "/login/" in r["Location"]
