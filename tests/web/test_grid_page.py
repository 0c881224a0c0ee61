import re

from django.urls import reverse


def figures(html):
    pattern = r'data-key="(\w+)"><(?:div|a[^>]*)><span class="value">([^<]*)</span>'
    return dict(re.findall(pattern, html))


def test_grid_page_shows_figures_buildings_and_households(login, grid_user, world):
    response = login(grid_user).get(reverse("grid_detail", args=[world.grid1.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert figures(html) == {"households": "2", "residents": "2", "buildings": "1", "units": "1"}
    for h in world.households[world.grid1.code]:
        assert reverse("household_detail", args=[h.pk]) in html
    for h in world.households[world.grid2.code]:
        assert reverse("household_detail", args=[h.pk]) not in html
    assert "<details" in html and "1号楼" in html and "1单元" in html
    assert f'data-geojson="{reverse("grid_geojson", args=[world.grid1.code])}"' in html


def test_grid_worker_cannot_open_another_grid(login, grid_user, world):
    client = login(grid_user)
    assert client.get(reverse("grid_detail", args=[world.grid2.code])).status_code == 404
    assert client.get(reverse("grid_detail", args=[world.grid3.code])).status_code == 404
    assert client.get("/grids/000000000000000/").status_code == 404


def test_community_breadcrumb_is_a_link_only_in_scope(login, grid_user, community_user, world):
    community_url = reverse("region_detail", args=[world.community.code])
    worker = login(grid_user).get(reverse("grid_detail", args=[world.grid1.code]))
    assert community_url not in worker.content.decode()
    assert "乌兰社区" in worker.content.decode()
    staff = login(community_user).get(reverse("grid_detail", args=[world.grid1.code]))
    assert community_url in staff.content.decode()


def test_residents_figure_links_to_the_grid_resident_list(login, grid_user, world):
    client = login(grid_user)
    html = client.get(reverse("resident_list") + f"?grid={world.grid1.code}").content.decode()
    for r in world.residents[world.grid1.code]:
        assert reverse("resident_detail", args=[r.pk]) in html
    other = client.get(reverse("resident_list") + f"?grid={world.grid2.code}")
    assert other.status_code == 404
