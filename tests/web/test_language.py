from django.conf import settings
from django.urls import reverse


def test_footer_offers_the_language_switch(login, street_user):
    html = login(street_user).get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'value="zh-hans"' in html and 'value="en"' in html
    assert '<html lang="zh-hans">' in html


def test_switching_to_english_sets_the_language(login, street_user):
    client = login(street_user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/regions/"})
    assert response.status_code == 302
    assert response["Location"] == "/regions/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("region_tree")).content.decode()
    assert '<html lang="en">' in html


def test_unknown_language_is_ignored(login, street_user):
    client = login(street_user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in html


def test_each_language_is_named_in_its_own_language(login, street_user):
    html = login(street_user).get("/").content.decode()
    assert ">English</option>" in html and ">简体中文</option>" in html
    assert "英语" not in html
