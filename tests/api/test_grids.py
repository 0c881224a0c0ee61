"""GET /api/v1/grids/ (boundary GeoJSON, ?region= filter) and /api/v1/grids/{code}/."""

from tests.conftest import square


def codes(response) -> list[str]:
    return [g["code"] for g in response.json()["results"]]


def test_list_is_scoped_and_carries_the_boundary(api, world, make_user):
    community = make_user("sq", "community", region=world.community)
    r = api(community).get("/api/v1/grids/")
    assert r.status_code == 200
    rows = r.json()["results"]
    assert [g["code"] for g in rows] == [world.grid1.code, world.grid2.code]
    assert rows[0] == {
        "code": "150105001001001",
        "name": "乌兰社区第一网格",
        "kind": "comprehensive",
        "kind_display": "综合网格",
        "community": "150105001001",
        "community_name": "乌兰社区",
        "boundary": square(0),
    }
    assert rows[0]["boundary"]["type"] == "Polygon"


def test_grid_worker_sees_one_grid(api, world, make_user):
    worker = make_user("wg", "grid_worker", grid=world.grid2)
    assert codes(api(worker).get("/api/v1/grids/")) == [world.grid2.code]


def test_region_filter(api, world, make_user):
    street = make_user("jd", "street", region=world.street)
    client = api(street)
    assert codes(client.get(f"/api/v1/grids/?region={world.community2.code}")) == [world.grid3.code]
    assert len(codes(client.get(f"/api/v1/grids/?region={world.street.code}"))) == 3
    # A region outside the scope filters the scoped grids: nothing, and no error that
    # would tell whether it exists.
    assert codes(client.get(f"/api/v1/grids/?region={world.other_district.code}")) == []
    assert codes(client.get("/api/v1/grids/?region=150105099000")) == []


def test_region_filter_rejects_a_malformed_code(api, world, make_user):
    street = make_user("jd", "street", region=world.street)
    for bad in ("1501", "15010500100x", "150105001001001", "150000000000"):
        r = api(street).get(f"/api/v1/grids/?region={bad}")
        assert r.status_code == 400, bad
        assert "区划代码" in r.json()["region"][0]


def test_detail_and_404_out_of_scope(api, world, make_user):
    worker = make_user("wg", "grid_worker", grid=world.grid1)
    assert api(worker).get(f"/api/v1/grids/{world.grid1.code}/").json()["name"] == (
        "乌兰社区第一网格"
    )
    assert api(worker).get(f"/api/v1/grids/{world.grid2.code}/").status_code == 404
    assert api(worker).get(f"/api/v1/grids/{world.grid3.code}/").status_code == 404


def test_anonymous_is_refused(api, world):
    assert api().get("/api/v1/grids/").status_code == 401
