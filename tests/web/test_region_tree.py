import re

from django.urls import reverse

HX = {"HTTP_HX_REQUEST": "true"}


def test_tree_shows_the_roots_of_the_scope(login, street_user, world):
    html = login(street_user).get(reverse("region_tree")).content.decode()
    assert reverse("region_children", args=[world.street.code]) in html
    assert reverse("region_detail", args=[world.district.code]) not in html


def test_children_fragment_for_htmx(login, street_user, world):
    client = login(street_user)
    response = client.get(reverse("region_children", args=[world.street.code]), **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "乌兰社区" in html and "内工大社区" in html
    grids = client.get(reverse("region_children", args=[world.community.code]), **HX)
    text = grids.content.decode()
    assert reverse("grid_detail", args=[world.grid1.code]) in text
    assert reverse("grid_detail", args=[world.grid2.code]) in text
    assert reverse("grid_detail", args=[world.grid3.code]) not in text


def test_children_without_htmx_is_a_whole_page(login, street_user, world):
    response = login(street_user).get(reverse("region_children", args=[world.street.code]))
    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_children_of_a_region_outside_the_scope_answer_404(login, street_user, world):
    client = login(street_user)
    for region in (world.other_district, world.district, world.city):
        url = reverse("region_children", args=[region.code])
        assert client.get(url, **HX).status_code == 404


def test_grid_worker_tree_has_exactly_one_grid(login, grid_user, world):
    html = login(grid_user).get(reverse("region_tree")).content.decode()
    links = set(re.findall(r'href="(/grids/\d+/)"', html))
    assert links == {reverse("grid_detail", args=[world.grid1.code])}
    assert "2 户" in html
