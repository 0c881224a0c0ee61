"""The demo plan is pure and deterministic, and fixes the seed's figures before anything
is written."""

import pytest
from shapely.geometry import shape
from stdnum.cn import ric

from banshi.demo import plan
from banshi.demo.codes import IdentityMaker
from banshi.demo.geometry import STREET_BOX
from banshi.demo.regions import COUNTIES, townships
from banshi.territory import codes
from banshi.territory.geometry import polygon_from_geojson


def _signature(grid):
    return [
        (h.address, p.name, p.id_number, p.phone, p.relation, p.ethnicity, tuple(p.tags))
        for h in grid.households
        for p in h.people
    ]


def test_planning_a_grid_twice_gives_the_same_people():
    layout = plan.street_layout(plan.SEED)
    first = plan.plan_grid(plan.SEED, layout[0], IdentityMaker())
    again = plan.plan_grid(plan.SEED, plan.street_layout(plan.SEED)[0], IdentityMaker())
    assert _signature(first) == _signature(again)
    assert [(b.number, b.lat, b.lng) for b in first.buildings] == [
        (b.number, b.lat, b.lng) for b in again.buildings
    ]
    assert first.outlets == again.outlets


def test_another_seed_gives_other_people():
    spec = plan.street_layout(plan.SEED)[0]
    a = plan.plan_grid(plan.SEED, spec, IdentityMaker())
    b = plan.plan_grid(plan.SEED + 1, spec, IdentityMaker())
    assert [p.id_number for p in a.people] != [p.id_number for p in b.people]


def test_villages_are_deterministic():
    a = plan.plan_villages(plan.SEED)
    b = plan.plan_villages(plan.SEED)
    assert [(v.code, v.name) for v in a] == [(v.code, v.name) for v in b]
    assert _signature(a[3].grid) == _signature(b[3].grid)


def test_street_layout_fixes_the_seed_figures():
    specs = plan.street_layout(plan.SEED)
    assert len(specs) == plan.GRIDS == 68
    assert sum(len(s.units_per_building) for s in specs) == 517
    assert sum(sum(s.units_per_building) for s in specs) == 1381
    assert sum(sum(s.sizes) for s in specs) == 68231
    assert sum(s.outlets for s in specs) == 816
    for s in specs:
        households = sum(sum(u) for u in s.households_per_unit)
        assert 300 <= households <= 500, s.code
        assert len(s.sizes) == households
        assert all(1 <= n <= 6 for n in s.sizes)
        codes.validate_grid_code(s.code, s.community_code)
    by_community = {}
    for s in specs:
        by_community.setdefault(s.community_code, []).append(s)
    assert [len(v) for v in by_community.values()] == [n for _c, _n, n in plan.COMMUNITIES]


def test_layout_cells_tile_the_street_without_overlap():
    specs = plan.street_layout(plan.SEED)
    polygons = [polygon_from_geojson(s.cell.geojson()) for s in specs]
    for i, a in enumerate(polygons):
        for b in polygons[i + 1 :]:
            assert a.intersection(b).area < 1e-12
    lng0, lat0, lng1, lat1 = STREET_BOX
    assert sum(p.area for p in polygons) == pytest.approx((lng1 - lng0) * (lat1 - lat0))
    assert shape(specs[0].cell.geojson()).bounds[0] == pytest.approx(lng0)


def test_people_are_plausible():
    grid = plan.plan_grid(plan.SEED, plan.street_layout(plan.SEED)[1], IdentityMaker())
    people = grid.people
    for p in people:
        assert ric.is_valid(p.id_number), p.id_number
        assert ric.get_birth_date(p.id_number) == p.birth
        assert ("M" if int(p.id_number[16]) % 2 else "F") == p.sex
        assert 0 <= p.age <= 100
    for h in grid.households:
        heads = [p for p in h.people if p.relation == "head"]
        assert len(heads) == 1 and h.people[0] is heads[0]
        for p in h.people:
            if p.relation == "child":
                assert p.age < heads[0].age
    assert all(
        "elderly_alone" not in p.tags or (p.age >= 70 and len(p.household.people) == 1)
        for p in people
    )
    ethnicities = {p.ethnicity for p in people}
    assert "01" in ethnicities and ethnicities <= {"01", "02", "03", "11"}


def test_township_codes_follow_the_kinds_and_pin_daxue_east_road():
    seen = set()
    for county, _name, _kind, names in COUNTIES:
        for code, name, kind in townships(county, names):
            assert code not in seen
            seen.add(code)
            assert codes.level_of(code) == codes.STREET
            assert codes.township_kind_of(code) == kind
            if name == "大学东路街道":
                assert code == "150105001000"
    assert "150124100000" in seen  # 清水河县城关镇, the villages' town
