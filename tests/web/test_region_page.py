import re

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse

from banshi.core import figures
from banshi.core.periods import Period

FIGURE = re.compile(
    r'<li class="figure" data-key="(\w+)"><a href="([^"]+)">\s*<span class="value">([^<]*)</span>'
)


def shown_figures(html: str) -> dict[str, tuple[str, str]]:
    return {key: (url, value) for key, url, value in FIGURE.findall(html)}


def expected_text(key, value) -> str:
    if value is None:
        return "—"
    if figures.get(key).is_rate:
        return f"{value * 100:.1f}%"
    return intcomma(value)


def test_figures_on_the_page_equal_region_figures(login, street_user, world, civic):
    client = login(street_user)
    response = client.get(reverse("region_detail", args=[world.street.code]))
    assert response.status_code == 200
    shown = shown_figures(response.content.decode())
    period = Period.last_complete_month()  # the page's default
    expected = {
        key: value
        for key, value in figures.compute(world.street, period).items()
        if not figures.get(key).detail
    }
    # every registered figure of the street, from every app, in registration order
    assert list(shown) == list(expected)
    assert {"grids", "response_rate", "visit_coverage_rate"} <= set(shown)
    for key, value in expected.items():
        url, text = shown[key]
        assert text == expected_text(key, value), key
        figure = figures.get(key)
        drill = figures.drill_down_url(figure, world.street.code, period)
        assert url.replace("&amp;", "&") == drill
        if not figure.periodic:
            assert url == reverse("figure_detail", args=[world.street.code, key])
    # The civic fixture gives non-trivial values: recount a few by hand.
    assert expected["grids"] == 3 and expected["residents"] == 6
    assert expected["non_public_enterprises"] == 3
    assert shown["org_coverage_rate"][1] == "33.3%"
    assert shown["work_coverage_rate"][1] == "66.7%"


def test_a_community_user_sees_their_community_only(login, community_user, world, civic):
    client = login(community_user)
    html = client.get(reverse("region_detail", args=[world.community.code])).content.decode()
    shown = shown_figures(html)
    assert shown["grids"][1] == "2"
    assert shown["residents"][1] == "4"
    assert client.get(reverse("region_detail", args=[world.community2.code])).status_code == 404
    assert client.get(reverse("region_detail", args=[world.street.code])).status_code == 404


def test_breadcrumb_links_only_what_is_in_scope(login, community_user, world):
    html = login(community_user).get(reverse("region_detail", args=[world.community.code]))
    text = html.content.decode()
    assert "大学东路街道" in text and "赛罕区" in text
    assert reverse("region_detail", args=[world.street.code]) not in text


def test_children_and_grids_listed(login, street_user, community_user, world):
    street = login(street_user).get(reverse("region_detail", args=[world.street.code]))
    assert reverse("region_detail", args=[world.community2.code]) in street.content.decode()
    community = login(community_user).get(reverse("region_detail", args=[world.community.code]))
    text = community.content.decode()
    assert reverse("grid_detail", args=[world.grid2.code]) in text
    assert reverse("grid_detail", args=[world.grid3.code]) not in text


def test_map_container_names_the_scoped_geojson(login, street_user, world):
    html = login(street_user).get(reverse("region_detail", args=[world.street.code]))
    text = html.content.decode()
    url = reverse("region_map_geojson", args=[world.street.code])
    assert f'data-figure-url="{url}' in text
    assert "leaflet/leaflet.js" in text and "banshi/map.js" in text


def test_regions_outside_the_scope_answer_404(login, street_user, grid_user, world):
    client = login(street_user)
    for region in (world.other_district, world.district, world.city):
        assert client.get(reverse("region_detail", args=[region.code])).status_code == 404
    assert client.get("/regions/999999999999/").status_code == 404
    assert client.get("/regions/not-a-code/").status_code == 404
    worker = login(grid_user)
    assert worker.get(reverse("region_detail", args=[world.community.code])).status_code == 404


def test_system_admin_sees_the_city_figures(login, superuser, world):
    html = login(superuser).get(reverse("region_detail", args=[world.city.code]))
    shown = shown_figures(html.content.decode())
    assert shown["communities"][1] == "2"
    assert shown["residents"][1] == "6"


def test_the_region_page_offers_its_roster_as_a_spreadsheet(login, street_user, world):
    client = login(street_user)
    html = client.get(reverse("region_detail", args=[world.street.code])).content.decode()
    url = reverse("roster_export", args=[world.street.code])
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
