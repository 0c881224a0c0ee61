"""The coloured region map (`regions/<code>/map.geojson`): each grid's value is its figure
recounted from the records, classes and legend follow the values, bad input is a 400 in
Chinese, values are the same whoever looks while the demand points follow the viewer's scope,
and a district's map holds every street's grids. Also the demand form's background grids
(`map/area.geojson`)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banshi.core.periods import Period
from banshi.dashboards import maps
from banshi.demands.models import Demand
from banshi.people.models import Resident
from banshi.territory.models import Grid, Household, Region
from tests.conftest import square

NOV = Period.parse("2026-11")


@pytest.fixture(autouse=True)
def _no_cached_values(db):
    cache.clear()
    yield
    cache.clear()


def _map(client, code, **params):
    response = client.get(f"/regions/{code}/map.geojson", params)
    assert response.status_code == 200, response.content
    return response.json()


def _by_kind(data, kind):
    return [f for f in data["features"] if f["properties"]["kind"] == kind]


def _grids(data):
    return {f["properties"]["code"]: f["properties"] for f in _by_kind(data, "grid")}


def _received(code):
    return Demand.objects.filter(
        territory_code__startswith=code,
        received_at__gte=NOV.start,
        received_at__lt=NOV.end,
    ).count()


def test_demands_received_is_a_recount_per_grid(world, busy, people, client_for):
    client = client_for(people.street)
    data = _map(client, world.street.code, figure="demands_received", period="2026-11")
    grids = _grids(data)
    assert set(grids) == set(Grid.objects.values_list("code", flat=True))
    for code, props in grids.items():
        assert props["value"] == _received(code)
        assert props["records"] == (f"/regions/{code}/figures/demands_received/?period=2026-11")
    assert sum(p["value"] for p in grids.values()) == 6  # busy: 4 + 1 waiting + 1 rider's
    assert data["figure"]["key"] == "demands_received"


def test_households_and_per_thousand_are_recounts(world, busy, people, client_for):
    client = client_for(people.street)
    households = _grids(_map(client, world.street.code, figure="households"))
    for code, props in households.items():
        assert props["value"] == Household.objects.filter(grid__code=code).count()
    rate = _grids(
        _map(client, world.street.code, figure="demands_per_1000_residents", period="2026-11")
    )
    for code, props in rate.items():
        residents = Resident.objects.filter(grid__code=code).count()
        assert props["value"] == round(_received(code) * 1000 / residents, 1)
        assert props["text"] == f"{props['value']:,.1f}"


def test_overdue_demands_count_the_marked_ones(world, busy, people, client_for):
    Demand.objects.filter(pk=busy.waiting.pk).update(sign_overdue=True)
    data = _map(
        client_for(people.street), world.street.code, figure="overdue_demands", period="2026-11"
    )
    grids = _grids(data)
    overdue = {
        g.code: Demand.objects.filter(
            territory_code=g.code, received_at__gte=NOV.start, received_at__lt=NOV.end
        )
        .exclude(dispatch_overdue=False, sign_overdue=False, resolve_overdue=False)
        .count()
        for g in Grid.objects.all()
    }
    assert {c: p["value"] for c, p in grids.items()} == overdue
    assert overdue[busy.waiting.territory_code] == 1
    # A registered figure of demands: a grid's popup opens exactly its overdue demands.
    assert data["figure"]["records_label"] == "超时诉求"
    code = busy.waiting.territory_code
    assert grids[code]["records"] == f"/regions/{code}/figures/overdue_demands/?period=2026-11"


def _measure(kind):
    return maps.Measure("x", "x", kind, "households")


def test_class_boundaries():
    rate = _measure("rate")
    assert maps.breaks_for(rate, [0.1, 0.9]) == (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    assert maps.class_of(0.0, maps.RATE_BREAKS) == 0
    assert maps.class_of(0.2, maps.RATE_BREAKS) == 1  # a boundary opens the upper class
    assert maps.class_of(1.0, maps.RATE_BREAKS) == 4  # the top closes the last class
    assert maps.class_of(None, maps.RATE_BREAKS) is None
    count = _measure("count")
    assert maps.breaks_for(count, [0, 3, None]) == (0, 1, 2, 3, 4)
    breaks = maps.breaks_for(count, [2, 47, 13])
    assert breaks == (0, 10, 20, 30, 40, 50)
    assert maps.class_of(47, breaks) == 4 and maps.class_of(10, breaks) == 1
    assert maps.breaks_for(count, [0, 0]) == (0, 1)
    # The largest value always falls inside the last class, not on its open end.
    assert maps.class_of(50, maps.breaks_for(count, [50])) == len(maps.breaks_for(count, [50])) - 2
    amount = _measure("amount")
    assert maps.breaks_for(amount, [12.3]) == (0, 2.5, 5.0, 7.5, 10.0, 12.5)


def test_legend_matches_the_features(world, busy, people, client_for):
    client = client_for(people.street)
    data = _map(client, world.street.code, figure="visit_coverage_rate", period="2026-11")
    legend = data["legend"]
    no_data = {"class": None, "colour": maps.NO_DATA, "from": None, "to": None, "label": "无数据"}
    assert legend[-1] == no_data
    assert [row["label"] for row in legend[:-1]][0] == "0.0% – 20.0%"
    colours = {row["class"]: row["colour"] for row in legend}
    for props in _grids(data).values():
        expected = maps.class_of(props["value"], maps.RATE_BREAKS)
        assert props["class"] == expected
        assert props["colour"] == colours[expected]
    # grid3 has no visit in November: 0%, the first class; grid1's two households: 100%.
    assert _grids(data)[world.grid1.code]["value"] == 1.0
    assert _grids(data)[world.grid1.code]["class"] == 4


def test_community_outlines_are_the_union_of_their_grids(world, people, client_for):
    data = _map(client_for(people.street), world.street.code, figure="households")
    outlines = {f["properties"]["code"]: f for f in _by_kind(data, "community")}
    assert set(outlines) == {world.community.code, world.community2.code}
    # 乌兰社区's two neighbouring squares merge into one rectangle.
    geometry = outlines[world.community.code]["geometry"]
    assert geometry["type"] == "Polygon"
    xs = [x for x, _y in geometry["coordinates"][0]]
    assert min(xs) == pytest.approx(square(0)["coordinates"][0][0][0])
    assert max(xs) == pytest.approx(square(1)["coordinates"][0][1][0])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"figure": "no_such_figure"}, "未知的指标：no_such_figure"),
        ({"figure": "households", "period": "2026-13"}, "月份无效"),
        ({"period": "last week"}, "期间"),
    ],
)
def test_bad_input_is_a_400_in_chinese(world, people, client_for, query, message):
    response = client_for(people.street).get(f"/regions/{world.street.code}/map.geojson", query)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_outside_the_scope_is_404(world, people, client_for):
    response = client_for(people.grid1).get(f"/regions/{world.street.code}/map.geojson")
    assert response.status_code == 404
    response = client_for(people.resident).get(f"/regions/{world.grid1.code}/map.geojson")
    assert response.status_code == 404


def test_grid_worker_sees_the_same_values_but_only_their_demands(world, busy, people, client_for):
    query = {"figure": "demands_received", "period": "2026-11"}
    street = _map(client_for(people.street), world.community.code, **query)
    worker = _map(client_for(people.grid1), world.grid1.code, **query)
    assert _grids(worker)[world.grid1.code] == _grids(street)[world.grid1.code]
    street_points = {f["properties"]["pk"] for f in _by_kind(street, "demand")}
    worker_points = {f["properties"]["pk"] for f in _by_kind(worker, "demand")}
    in_grid1 = set(
        Demand.objects.filter(
            territory_code=world.grid1.code, received_at__gte=NOV.start, lat__isnull=False
        ).values_list("pk", flat=True)
    )
    assert worker_points == in_grid1 and in_grid1
    assert busy.waiting.pk in street_points - worker_points  # grid2's demand
    point = _by_kind(worker, "demand")[0]
    assert point["properties"]["url"] == f"/demands/{point['properties']['pk']}/"


def test_district_draws_every_street(world, people, make_user, client_for):
    other = Region.objects.create(
        code="150105002000", name="昭乌达路街道", kind="street", parent=world.district
    )
    community = Region.objects.create(
        code="150105002001", name="学府社区", kind="community", parent=other
    )
    Grid.objects.create(
        code="150105002001001", name="学府社区第一网格", community=community, boundary=square(5)
    )
    district = make_user("district", "district", region=world.district)
    data = _map(client_for(district), world.district.code, figure="households")
    assert set(_grids(data)) == set(
        Grid.objects.filter(code__startswith="150105").values_list("code", flat=True)
    )
    assert len(_grids(data)) == 4
    streets = {f["properties"]["code"] for f in _by_kind(data, "street")}
    assert streets == {world.street.code, other.code}
    communities = {f["properties"]["code"] for f in _by_kind(data, "community")}
    assert communities == {world.community.code, world.community2.code, community.code}


def test_an_ended_period_is_cached(world, busy, people, client_for):
    client = client_for(people.street)
    query = {"figure": "visit_coverage_rate", "period": "2026-11"}

    def households_read():
        with CaptureQueriesContext(connection) as queries:
            data = _map(client, world.street.code, **query)
        return data, sum("territory_household" in q["sql"] for q in queries.captured_queries)

    first, read = households_read()
    assert read == 3  # the coverage of each grid, once
    second, read = households_read()
    assert read == 0 and _grids(first) == _grids(second)


def test_area_grids_for_the_demand_form(world, people, client_for):
    def codes_for(user):
        response = client_for(user).get("/map/area.geojson")
        assert response.status_code == 200
        return {f["properties"]["code"] for f in response.json()["features"]}

    every = {world.grid1.code, world.grid2.code, world.grid3.code}
    assert codes_for(people.grid1) == {world.grid1.code}
    assert codes_for(people.community) == {world.grid1.code, world.grid2.code}
    # A resident: the grids of the street around their home.
    assert codes_for(people.resident) == every
