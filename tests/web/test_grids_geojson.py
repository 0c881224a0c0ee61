import json

from django.urls import reverse

from banshi.territory.models import Grid


def geojson(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def test_street_geojson_has_every_grid_with_its_properties(login, street_user, world):
    data = geojson(login(street_user), reverse("region_grids_geojson", args=[world.street.code]))
    assert data["type"] == "FeatureCollection"
    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert set(by_code) == {world.grid1.code, world.grid2.code, world.grid3.code}
    f1 = by_code[world.grid1.code]
    assert f1["geometry"] == world.grid1.boundary
    assert f1["properties"] == {
        "kind": "grid",
        "code": world.grid1.code,
        "name": world.grid1.name,
        "households": 2,
        "url": reverse("grid_detail", args=[world.grid1.code]),
    }


def test_geojson_is_scoped(login, community_user, grid_user, world):
    client = login(community_user)
    data = geojson(client, reverse("region_grids_geojson", args=[world.community.code]))
    codes = {f["properties"]["code"] for f in data["features"]}
    assert codes == {world.grid1.code, world.grid2.code}
    assert client.get(reverse("region_grids_geojson", args=[world.street.code])).status_code == 404
    worker = login(grid_user)
    url = reverse("region_grids_geojson", args=[world.community.code])
    assert worker.get(url).status_code == 404


def test_grids_without_boundary_are_left_out(login, street_user, world):
    Grid.objects.create(code="150105001002002", name="无边界网格", community=world.community2)
    data = geojson(login(street_user), reverse("region_grids_geojson", args=[world.street.code]))
    assert len(data["features"]) == 3


def test_grid_map_has_the_polygon_and_the_building_points(login, grid_user, world):
    client = login(grid_user)
    data = geojson(client, reverse("grid_geojson", args=[world.grid1.code]))
    kinds = sorted(f["properties"]["kind"] for f in data["features"])
    assert kinds == ["building", "grid"]
    point = next(f for f in data["features"] if f["properties"]["kind"] == "building")
    building = world.households[world.grid1.code][0].building
    assert point["geometry"] == {"type": "Point", "coordinates": [building.lng, building.lat]}
    assert client.get(reverse("grid_geojson", args=[world.grid2.code])).status_code == 404


def test_geojson_requires_login(client, world):
    url = reverse("region_grids_geojson", args=[world.street.code])
    assert client.get(url).status_code == 302
