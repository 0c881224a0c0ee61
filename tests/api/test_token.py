"""POST /api/v1/auth/token/: password → token, failures counted by django-axes."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from banshi.access.models import AuditEvent

URL = "/api/v1/auth/token/"
PASSWORD = "Banshi-test-1"


@pytest.fixture
def worker(world, make_user):
    return make_user("wg1", "grid_worker", grid=world.grid1)


def test_json_credentials_give_the_users_token(api, worker):
    r = api().post(URL, {"username": "wg1", "password": PASSWORD}, format="json")
    assert r.status_code == 200, r.content
    assert r.json() == {"token": Token.objects.get(user=worker).key}
    # The token then authenticates the API, and the login is audited.
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    assert client.get("/api/v1/residents/").status_code == 200
    assert AuditEvent.objects.filter(action="login", user=worker).exists()


def test_form_credentials_work_and_the_token_is_stable(api, worker):
    first = api().post(URL, {"username": "wg1", "password": PASSWORD}).json()["token"]
    second = api().post(URL, {"username": "wg1", "password": PASSWORD}).json()["token"]
    assert first == second
    assert Token.objects.filter(user=worker).count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "wg1", "password": "wrong-Password-9"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "WG1 ", "password": PASSWORD},
    ],
)
def test_bad_credentials_answer_400_in_chinese(api, worker, payload):
    r = api().post(URL, payload, format="json")
    assert r.status_code == 400
    assert r.json() == {"detail": "用户名或密码错误"}
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


def test_missing_fields_name_the_field(api, worker):
    r = api().post(URL, {"username": "", "password": ""}, format="json")
    assert r.status_code == 400
    assert r.json() == {"username": ["请填写用户名"], "password": ["请填写密码"]}
    r = api().post(URL, {}, format="json")
    assert r.json() == {"username": ["请填写用户名"], "password": ["请填写密码"]}
    assert not AccessAttempt.objects.exists()  # not an authentication attempt at all


def test_inactive_user_gets_no_token(api, worker):
    worker.is_active = False
    worker.save()
    r = api().post(URL, {"username": "wg1", "password": PASSWORD}, format="json")
    assert r.status_code == 400
    assert not Token.objects.exists()


def test_get_is_not_allowed(api, worker):
    assert api().get(URL).status_code == 405


def test_sixth_attempt_with_the_right_password_is_locked_out(api, worker):
    for _ in range(5):
        r = api().post(URL, {"username": "wg1", "password": "wrong-Password-9"}, format="json")
    # The fifth failure reaches the limit: axes locks the account right there.
    assert r.status_code == 429
    r = api().post(URL, {"username": "wg1", "password": PASSWORD}, format="json")
    assert r.status_code == 429
    assert r["Content-Type"] == "application/json"
    assert r.json() == {"detail": "登录失败次数过多，账户已锁定15分钟"}
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(action="lockout", username="wg1").exists()


def test_lockout_ends_after_the_cool_off(api, worker):
    for _ in range(5):
        api().post(URL, {"username": "wg1", "password": "wrong-Password-9"}, format="json")
    assert api().post(URL, {"username": "wg1", "password": PASSWORD}).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    r = api().post(URL, {"username": "wg1", "password": PASSWORD}, format="json")
    assert r.status_code == 200
    assert "token" in r.json()


def test_token_endpoint_has_its_own_throttle(api, worker, settings):
    settings.BANSHI_TOKEN_RATE = "3/min"
    for _ in range(3):
        assert api().post(URL, {"username": "wg1", "password": PASSWORD}).status_code == 200
    r = api().post(URL, {"username": "wg1", "password": PASSWORD})
    assert r.status_code == 429
    assert "token" not in r.json()


@pytest.fixture
def district_user(world, make_user):
    return make_user("qx", "district", region=world.district)


def _code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_two_factor_accounts_need_a_code(api, district_user, settings):
    settings.BANSHI_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=district_user, name="t", confirmed=True)
    creds = {"username": "qx", "password": PASSWORD}
    r = api().post(URL, creds, format="json")
    assert r.status_code == 400
    assert r.json() == {"otp_token": ["该账户要求两步验证，请填写验证码"]}
    r = api().post(URL, {**creds, "otp_token": "000000"}, format="json")
    assert r.status_code == 400
    assert r.json() == {"otp_token": ["两步验证码错误或已过期"]}
    assert not Token.objects.exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    r = api().post(URL, {**creds, "otp_token": _code(device)}, format="json")
    assert r.status_code == 200
    assert r.json()["token"] == Token.objects.get(user=district_user).key


def test_two_factor_off_needs_no_code(api, district_user, settings):
    settings.BANSHI_REQUIRE_2FA = False
    r = api().post(URL, {"username": "qx", "password": PASSWORD}, format="json")
    assert r.status_code == 200


def test_grid_workers_need_no_code_even_with_two_factor_on(api, worker, settings):
    settings.BANSHI_REQUIRE_2FA = True
    assert get_user_model().objects.get(username="wg1") == worker
    r = api().post(URL, {"username": "wg1", "password": PASSWORD}, format="json")
    assert r.status_code == 200


def _with_token(api, key):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_authenticates_as_its_user_with_the_users_scope(api, world, worker):
    key = Token.objects.create(user=worker).key
    r = _with_token(api, key).get("/api/v1/grids/")
    assert r.status_code == 200
    codes = {g["code"] for g in r.json()["results"]}
    assert codes == {world.grid1.code}


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token 0000000000000000000000000000000000000000"],
)
def test_a_bad_token_header_is_refused_with_401(api, worker, header):
    Token.objects.create(user=worker)
    client = api()
    client.credentials(HTTP_AUTHORIZATION=header)
    r = client.get("/api/v1/residents/")
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == "Token"


def test_the_token_of_a_deactivated_user_stops_working_at_once(api, worker):
    key = Token.objects.create(user=worker).key
    assert _with_token(api, key).get("/api/v1/residents/").status_code == 200
    worker.is_active = False
    worker.save()
    assert _with_token(api, key).get("/api/v1/residents/").status_code == 401


def test_a_revoked_token_stops_working_at_once(api, worker):
    token = Token.objects.create(user=worker)
    assert _with_token(api, token.key).get("/api/v1/residents/").status_code == 200
    token.delete()
    assert _with_token(api, token.key).get("/api/v1/residents/").status_code == 401


def test_the_token_is_refused_after_a_password_change(api, worker):
    key = Token.objects.create(user=worker).key
    assert _with_token(api, key).get("/api/v1/residents/").status_code == 200
    worker.set_password("Another-pass-2")
    worker.save()
    assert _with_token(api, key).get("/api/v1/residents/").status_code == 401
    assert not Token.objects.filter(user=worker).exists()


def test_other_saves_of_the_user_keep_the_token(api, worker):
    key = Token.objects.create(user=worker).key
    worker.first_name = "Wang"
    worker.save()
    assert _with_token(api, key).get("/api/v1/residents/").status_code == 200


def test_deactivation_deletes_the_token(worker):
    Token.objects.create(user=worker)
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert not Token.objects.filter(user=worker).exists()


def test_an_expired_token_is_refused_in_chinese(api, worker, settings):
    settings.BANSHI_TOKEN_HOURS = 24
    token = Token.objects.create(user=worker)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timezone.timedelta(hours=23))
    assert _with_token(api, token.key).get("/api/v1/residents/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timezone.timedelta(hours=25))
    r = _with_token(api, token.key).get("/api/v1/residents/")
    assert r.status_code == 401
    assert r.json() == {"detail": "令牌已过期，请重新获取"}


def test_asking_again_after_expiry_gives_a_new_token(api, worker, settings):
    settings.BANSHI_TOKEN_HOURS = 24
    old = Token.objects.create(user=worker)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - timezone.timedelta(hours=25))
    r = api().post(URL, {"username": "wg1", "password": PASSWORD}, format="json")
    assert r.status_code == 200
    assert r.json()["token"] != old.key
    assert _with_token(api, r.json()["token"]).get("/api/v1/residents/").status_code == 200
