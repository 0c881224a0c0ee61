"""Five failed logins lock an account, and an address, for 15 minutes (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from banshi.access.models import AuditEvent

PASSWORD = "Banshi-test-1"


def attempt(username, password, ip="10.0.0.1"):
    request = RequestFactory().post("/login/", REMOTE_ADDR=ip)
    return authenticate(request=request, username=username, password=password)


@pytest.fixture
def users(make_user):
    return make_user("alice"), make_user("bob")


def test_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.25  # hours
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username"], ["ip_address"]]


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


def test_the_address_is_locked_for_every_account(users):
    _alice, bob = users
    for name in ("x1", "x2", "x3", "x4", "x5"):
        attempt(name, "wrong", ip="10.0.0.7")
    assert attempt("bob", PASSWORD, ip="10.0.0.7") is None
    assert attempt("bob", PASSWORD, ip="10.0.0.8") == bob


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
