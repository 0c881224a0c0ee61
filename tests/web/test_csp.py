"""The content security policy allows scripts from the site only: no page of ours may carry
an inline script body or an inline event handler."""

import re

from django.urls import reverse

from .conftest import inline_scripts

HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def pages(world, civic):
    resident = world.residents[world.grid1.code][0]
    return [
        reverse("home"),
        reverse("region_tree"),
        reverse("region_detail", args=[world.street.code]),
        reverse("region_children", args=[world.street.code]),
        reverse("figure_detail", args=[world.street.code, "residents"]),
        reverse("figure_detail", args=[world.street.code, "org_coverage_rate"]),
        reverse("grid_detail", args=[world.grid1.code]),
        reverse("household_detail", args=[resident.household_id]),
        reverse("resident_list"),
        reverse("resident_detail", args=[resident.pk]),
        reverse("organization_list"),
        reverse("organization_detail", args=[civic.wulan.pk]),
        reverse("enterprise_list"),
        reverse("enterprise_detail", args=[civic.ent_own.pk]),
        reverse("rider_station_list"),
        "/regions/999999999999/",  # the 404 page
    ]


def test_pages_have_no_inline_script(login, superuser, world, civic):
    client = login(superuser)
    for url in pages(world, civic):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert inline_scripts(html) == [], url
        assert not HANDLER.search(html), url
        assert "script-src 'self'" in response["Content-Security-Policy"], url


def test_login_and_lockout_pages_have_no_inline_script(client, street_user):
    html = client.get(reverse("login")).content.decode()
    assert inline_scripts(html) == []
    for _ in range(5):
        locked = client.post(reverse("login"), {"username": "street", "password": "wrong"})
    assert locked.status_code == 429
    assert inline_scripts(locked.content.decode()) == []


def test_the_checker_catches_inline_scripts():
    assert inline_scripts("<script>alert(1)</script>")
    assert inline_scripts('<script type="module">x()</script>')
    assert not inline_scripts('<script src="/static/x.js" defer></script>')
