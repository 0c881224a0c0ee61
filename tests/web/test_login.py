import pytest
from django.test import Client
from django.urls import reverse

from banshi.access.models import AuditEvent

PASSWORD = "Banshi-test-1"


@pytest.fixture
def client():
    return Client()


def test_login_page_renders_a_chinese_form(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert "登录" in html


def test_pages_require_login(client, db):
    for url in ["/", "/regions/", "/residents/", "/organizations/", "/enterprises/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


def test_login_with_the_form_lands_on_home(client, street_user):
    response = client.post(reverse("login"), {"username": "street", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "大学东路街道" in home.content.decode()
    assert AuditEvent.objects.filter(action="login", username="street").exists()


def test_login_honours_a_safe_next_and_ignores_an_outside_one(client, street_user):
    ok = client.post(
        reverse("login"), {"username": "street", "password": PASSWORD, "next": "/residents/"}
    )
    assert ok["Location"] == "/residents/"
    client.logout()
    evil = client.post(
        reverse("login"),
        {"username": "street", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert evil["Location"] == reverse("home")


def test_wrong_password_shows_an_error_and_stays_logged_out(client, street_user):
    response = client.post(reverse("login"), {"username": "street", "password": "wrong"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_five_failures_lock_the_account_with_the_chinese_page(client, street_user):
    for _ in range(4):
        r = client.post(reverse("login"), {"username": "street", "password": "wrong"})
        assert r.status_code == 200
    locked = client.post(reverse("login"), {"username": "street", "password": "wrong"})
    assert locked.status_code == 429
    assert "登录失败次数过多，账户已锁定15分钟" in locked.content.decode()
    # Even the right password is refused while locked.
    again = client.post(reverse("login"), {"username": "street", "password": PASSWORD})
    assert again.status_code == 429
    assert client.get(reverse("home")).status_code == 302


def test_logout_is_a_post(login, street_user):
    client = login(street_user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_logged_in_user_visiting_login_goes_home(login, street_user):
    response = login(street_user).get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
