"""A web session ends after 30 minutes without a request."""

import time

import pytest
from django.conf import settings


@pytest.fixture
def client_in(client, world, make_user):
    user = make_user("jd", "street", region=world.street)
    client.force_login(user)
    return client


URL = "/api/v1/regions/"  # any page that needs a login; the API accepts the web session


def set_last_seen(client, seconds_ago: int) -> None:
    session = client.session
    session["_last_seen"] = int(time.time()) - seconds_ago
    session.save()


def test_idle_limit_is_thirty_minutes():
    assert settings.SESSION_IDLE_SECONDS == 1800


def test_active_session_stays(client_in):
    assert client_in.get(URL).status_code == 200
    set_last_seen(client_in, 1790)
    assert client_in.get(URL).status_code == 200
    # The request refreshed the clock.
    assert int(time.time()) - client_in.session["_last_seen"] < 5


def test_idle_session_is_logged_out(client_in):
    assert client_in.get(URL).status_code == 200
    set_last_seen(client_in, 1801)
    assert client_in.get(URL).status_code in (401, 403)
    assert "_auth_user_id" not in client_in.session
    # And it stays logged out.
    assert client_in.get(URL).status_code in (401, 403)


def test_idle_logout_is_audited(client_in):
    from banshi.access.models import AuditEvent

    client_in.get(URL)
    set_last_seen(client_in, 4000)
    client_in.get(URL)
    assert AuditEvent.objects.filter(action="logout", username="jd").exists()


def test_a_request_soon_after_the_last_does_not_write_the_session(client_in):
    from banshi.access.middleware import TOUCH_EVERY  # the stamp's granularity

    assert client_in.get(URL).status_code == 200
    set_last_seen(client_in, TOUCH_EVERY // 2)
    stamped = client_in.session["_last_seen"]
    assert client_in.get(URL).status_code == 200
    assert client_in.session["_last_seen"] == stamped  # not written again
    set_last_seen(client_in, TOUCH_EVERY + 1)
    assert client_in.get(URL).status_code == 200
    assert int(time.time()) - client_in.session["_last_seen"] < 5
