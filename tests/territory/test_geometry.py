import pytest
from django.core.exceptions import ValidationError

from banshi.dashboards.selectors import structure_figures
from banshi.territory.grid_index import grid_at
from banshi.territory.services import grid_create, grid_set_boundary
from tests.conftest import LAT0, LNG0, STEP, square


def test_point_finds_its_grid(world):
    assert grid_at(LAT0 + STEP / 2, LNG0 + STEP / 2) == world.grid1
    assert grid_at(LAT0 + STEP / 2, LNG0 + 1.5 * STEP) == world.grid2
    assert grid_at(LAT0 + STEP / 2, LNG0 + 2.5 * STEP) == world.grid3
    assert grid_at(LAT0 - 1, LNG0) is None


def test_index_is_rebuilt_when_a_grid_changes(world):
    inside_new = (LAT0 + 1.5 * STEP, LNG0 + STEP / 2)
    assert grid_at(*inside_new) is None
    grid = grid_create(
        community=world.community, code="150105001001003", name="新网格", boundary=square(0, 1)
    )
    assert grid_at(*inside_new) == grid
    grid_set_boundary(grid=grid, boundary=square(5, 5))
    assert grid_at(*inside_new) is None


def test_unclosed_ring_is_rejected(world):
    ring = square(0, 3)["coordinates"][0][:-1]
    with pytest.raises(ValidationError, match="闭合"):
        grid_create(
            community=world.community,
            code="150105001001004",
            name="x",
            boundary={"type": "Polygon", "coordinates": [ring]},
        )


def test_self_intersecting_polygon_is_rejected(world):
    x, y = LNG0, LAT0 + 10 * STEP
    bowtie = [[x, y], [x + STEP, y + STEP], [x + STEP, y], [x, y + STEP], [x, y]]
    with pytest.raises(ValidationError, match="自相交"):
        grid_create(
            community=world.community,
            code="150105001001004",
            name="x",
            boundary={"type": "Polygon", "coordinates": [bowtie]},
        )


def test_overlap_with_a_grid_of_the_same_community_is_rejected(world):
    with pytest.raises(ValidationError, match="重叠"):
        grid_create(community=world.community, code="150105001001004", name="x", boundary=square(0))


def test_not_geojson_is_rejected(world):
    with pytest.raises(ValidationError):
        grid_create(
            community=world.community,
            code="150105001001004",
            name="x",
            boundary={"type": "Point", "coordinates": [1, 2]},
        )


def test_subtree_figures_cost_the_same_queries_at_any_depth(
    world, django_assert_max_num_queries, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for region in (world.city, world.district, world.street, world.community):
        with CaptureQueriesContext(connection) as ctx:
            structure_figures(region)
        counts.append(len(ctx.captured_queries))
    assert len(set(counts)) == 1, counts
    assert structure_figures(world.city)["residents"] == 6
    assert structure_figures(world.community)["residents"] == 4
