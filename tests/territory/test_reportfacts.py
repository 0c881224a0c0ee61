"""The standard "每网格300-500户" as the territory answers it: every grid of a region with
its households, counted in one query; the url lists the region's grids in the viewer's
scope (another district's staff: 404), each member opens its grid."""

from banshi.core import reportfacts
from banshi.territory.models import Household
from tests.web.conftest import login  # noqa: F401 (fixture)


def test_households_per_grid_over_every_grid(world, django_assert_num_queries):
    Household.objects.create(grid=world.grid1, door_number="201", address="乌兰社区第一网格201")
    standard = reportfacts.standard_for("户", "网格")
    assert standard is not None and standard.key == "territory.households_per_grid"
    with django_assert_num_queries(1):
        members = standard.members(world.street)
    assert [(m.code, m.value) for m in members] == [
        (world.grid1.code, 3),
        (world.grid2.code, 2),
        (world.grid3.code, 2),
    ]
    assert members[0].name == "乌兰社区第一网格"
    assert members[0].url == f"/grids/{world.grid1.code}/"
    assert [(m.code, m.value) for m in standard.members(world.community2)] == [
        (world.grid3.code, 2)
    ]
    assert standard.members(world.other_district) == []


def test_the_url_lists_the_region_grids_in_scope(world, make_user, login):  # noqa: F811
    standard = reportfacts.standard_for("户", "网格")
    url = standard.url(world.street)
    assert url == f"/regions/{world.street.code}/figures/grids/"
    body = login(make_user("street", "street", region=world.street)).get(url).content.decode()
    for grid in (world.grid1, world.grid2, world.grid3):
        assert grid.name in body
    elsewhere = make_user("xc", "district", region=world.other_district)
    assert login(elsewhere).get(url).status_code == 404
    grid_page = login(make_user("wl", "community", region=world.community)).get(
        standard.members(world.street)[0].url
    )
    assert grid_page.status_code == 200
