"""GET /api/v1/regions/ and /api/v1/regions/{code}/."""

from banshi.dashboards.selectors import structure_figures, structure_keys


def codes(response) -> set[str]:
    return {r["code"] for r in response.json()["results"]}


def test_list_holds_only_the_scope(api, world, make_user):
    street = make_user("jd", "street", region=world.street)
    r = api(street).get("/api/v1/regions/")
    assert r.status_code == 200
    assert codes(r) == {world.street.code, world.community.code, world.community2.code}
    admin = make_user("sa", "system_admin")
    assert codes(api(admin).get("/api/v1/regions/")) == {
        world.city.code,
        world.district.code,
        world.other_district.code,
        world.street.code,
        world.community.code,
        world.community2.code,
    }


def test_list_fields(api, world, make_user):
    community = make_user("sq", "community", region=world.community)
    [row] = api(community).get("/api/v1/regions/").json()["results"]
    assert row == {
        "code": "150105001001",
        "name": "乌兰社区",
        "kind": "community",
        "kind_display": "社区",
        "level": 4,
        "parent": "150105001000",
    }


def test_detail_carries_the_figures_of_the_viewer(api, world, make_user):
    street = make_user("jd", "street", region=world.street)
    r = api(street).get(f"/api/v1/regions/{world.street.code}/")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "大学东路街道"
    assert list(body["figures"]) == structure_keys(world.street.level)
    assert body["figures"] == structure_figures(world.street)
    assert body["figures"]["grids"] == 3
    assert body["figures"]["residents"] == 6


def test_detail_figures_are_scoped(api, world, make_user):
    # A community user sees the community's figures only, even through the city's code if
    # the city were in scope — it is not, so the community figures are the check here.
    community = make_user("sq", "community", region=world.community)
    body = api(community).get(f"/api/v1/regions/{world.community.code}/").json()
    assert body["figures"]["grids"] == 2
    assert body["figures"]["residents"] == 4


def test_out_of_scope_is_404(api, world, make_user):
    community = make_user("sq", "community", region=world.community)
    for region in (world.community2, world.street, world.city, world.other_district):
        assert api(community).get(f"/api/v1/regions/{region.code}/").status_code == 404


def test_unknown_or_malformed_code_is_404(api, world, make_user):
    admin = make_user("sa", "system_admin")
    assert api(admin).get("/api/v1/regions/150105009000/").status_code == 404
    assert api(admin).get("/api/v1/regions/15010500100/").status_code == 404
    assert api(admin).get("/api/v1/regions/abc/").status_code == 404


def test_anonymous_is_refused(api, world):
    assert api().get("/api/v1/regions/").status_code == 401
    assert api().get(f"/api/v1/regions/{world.city.code}/").status_code == 401


def test_resident_role_sees_no_region(api, world, make_user):
    resident = world.residents[world.grid1.code][0]
    user = make_user("jm", "resident", resident=resident)
    assert api(user).get("/api/v1/regions/").json()["results"] == []
    assert api(user).get(f"/api/v1/regions/{world.community.code}/").status_code == 404


def test_writes_are_not_allowed(api, world, make_user):
    admin = make_user("sa", "system_admin")
    assert api(admin).post("/api/v1/regions/", {"code": "150105002000"}).status_code == 405
    url = f"/api/v1/regions/{world.street.code}/"
    assert api(admin).patch(url, {"name": "x"}).status_code == 405
    assert api(admin).delete(url).status_code == 405
