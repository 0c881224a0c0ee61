"""Pages cost a fixed number of queries: more rows must not mean more queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banshi.people.services import resident_create
from banshi.territory.models import Building, Household, Unit
from tests.conftest import make_id_number


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(world, n: int, start: int) -> None:
    """Add a building with a unit, n households and a resident in each, to grid 1."""
    b = Building.objects.create(grid=world.grid1, number=f"{start}号楼", lat=40.81, lng=111.7)
    u = Unit.objects.create(building=b, number="1单元")
    for i in range(n):
        h = Household.objects.create(grid=world.grid1, building=b, unit=u, door_number=str(i))
        resident_create(name="新居民", id_number=make_id_number(start + i), household=h)


def test_pages_do_not_grow_with_rows(login, street_user, world, civic):
    client = login(street_user)
    urls = [
        reverse("region_detail", args=[world.street.code]),
        reverse("figure_detail", args=[world.street.code, "residents"]),
        reverse("figure_detail", args=[world.street.code, "households"]),
        reverse("grid_detail", args=[world.grid1.code]),
        reverse("grid_geojson", args=[world.grid1.code]),
        reverse("region_grids_geojson", args=[world.street.code]),
        reverse("resident_list"),
        reverse("household_detail", args=[world.households[world.grid1.code][0].pk]),
    ]
    client.get(urls[0])  # the session's first request stamps it (once a minute after)
    before = {url: queries(client, url) for url in urls}
    grow(world, 5, 200)
    grow(world, 5, 300)
    after = {url: queries(client, url) for url in urls}
    assert after == before
