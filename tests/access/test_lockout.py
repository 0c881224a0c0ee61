"""Five failed logins lock an account for 15 minutes (django-axes), counted per account and
per account and address, never per address alone; the address is the proxy's client's only
when the proxy is trusted (BANSHI_TRUSTED_PROXIES)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from banshi.access.models import AuditEvent

PASSWORD = "Banshi-test-1"


def attempt(username, password, ip="10.0.0.1", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().post("/login/", REMOTE_ADDR=ip, **extra)
    return authenticate(request=request, username=username, password=password)


@pytest.fixture
def users(make_user):
    return make_user("alice"), make_user("bob")


def test_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.25  # hours
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username"], ["username", "ip_address"]]


def test_sixth_attempt_with_the_right_password_is_refused(users):
    alice, _bob = users
    assert attempt("alice", PASSWORD) == alice
    for _ in range(5):
        assert attempt("alice", "wrong") is None
    assert attempt("alice", PASSWORD, ip="10.9.9.9") is None  # the account is locked
    assert AuditEvent.objects.filter(action="lockout", username="alice").exists()
    assert AuditEvent.objects.filter(action="login_failed", username="alice").count() >= 5


def test_four_failures_do_not_lock(users):
    alice, _bob = users
    for _ in range(4):
        assert attempt("alice", "wrong") is None
    assert attempt("alice", PASSWORD) == alice
    assert not AuditEvent.objects.filter(action="lockout").exists()


def test_made_up_usernames_from_one_address_lock_no_real_account(users):
    _alice, bob = users
    for name in ("x1", "x2", "x3", "x4", "x5", "x6"):
        attempt(name, "wrong", ip="10.0.0.7")
    assert attempt("bob", PASSWORD, ip="10.0.0.7") == bob


PROXY = "192.0.2.10"


def test_behind_a_trusted_proxy_one_clients_failures_lock_no_one_else(users, settings):
    settings.BANSHI_TRUSTED_PROXIES = [PROXY]
    alice, bob = users
    for name in ("x1", "x2", "x3", "x4", "x5", "x6"):
        attempt(name, "wrong", ip=PROXY, forwarded="203.0.113.5")
    assert attempt("bob", PASSWORD, ip=PROXY, forwarded="198.51.100.7") == bob
    assert attempt("alice", PASSWORD, ip=PROXY, forwarded="203.0.113.5") == alice
    # The attempts were counted by the client's address, not the proxy's.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert AuditEvent.objects.filter(action="login_failed", ip_address="203.0.113.5").count() == 6


def test_a_trusted_proxy_chain_is_read_from_the_right(users, settings):
    settings.BANSHI_TRUSTED_PROXIES = ["192.0.2.0/24"]
    attempt("x1", "wrong", ip=PROXY, forwarded="6.6.6.6, 203.0.113.5, 192.0.2.11")
    # The client may write anything on the left; the first untrusted hop from the right counts.
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_from_an_untrusted_address_the_header_is_ignored(users, settings):
    settings.BANSHI_TRUSTED_PROXIES = [PROXY]
    attempt("x1", "wrong", ip="10.0.0.66", forwarded="203.0.113.5")
    assert AccessAttempt.objects.get().ip_address == "10.0.0.66"
    assert AuditEvent.objects.get(action="login_failed").ip_address == "10.0.0.66"


def test_with_no_trusted_proxy_the_header_is_ignored(users, settings):
    settings.BANSHI_TRUSTED_PROXIES = []
    attempt("x1", "wrong", ip=PROXY, forwarded="203.0.113.5")
    assert AccessAttempt.objects.get().ip_address == PROXY


def test_the_login_form_throttles_an_address_without_locking(client, users, settings):
    settings.BANSHI_LOGIN_RATE = "3/min"
    for name in ("x1", "x2", "x3"):
        r = client.post("/login/", {"username": name, "password": "wrong"})
        assert r.status_code == 200
    r = client.post("/login/", {"username": "bob", "password": PASSWORD})
    assert r.status_code == 429
    assert "登录尝试过于频繁" in r.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action="lockout").exists()
    # Another address signs in at once.
    other = type(client)(REMOTE_ADDR="10.0.0.99")
    r = other.post("/login/", {"username": "bob", "password": PASSWORD})
    assert r.status_code == 302


def test_lock_lifts_after_fifteen_minutes(users):
    alice, _bob = users
    for _ in range(5):
        attempt("alice", "wrong")
    assert attempt("alice", PASSWORD) is None
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert attempt("alice", PASSWORD) is None
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt("alice", PASSWORD) == alice


def test_web_login_form_is_locked_too(client, users):
    for _ in range(5):
        client.post("/login/", {"username": "alice", "password": "wrong"})
    r = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert r.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in r.content.decode()


def test_a_username_with_a_control_character_fails_like_any_other(client, db):
    """django-axes finds its failed-attempt row by the username as typed: the text cleaning
    of Banshi's own records must not rewrite it, or the second failure collides (a 500)."""
    for _ in range(3):
        r = client.post("/login/", {"username": "ab\x01c", "password": "wrong"})
        assert r.status_code == 200 and r.context["form"].errors  # the form again, refused
