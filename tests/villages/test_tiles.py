"""The home-page tile of the village apps: the county and a township see this year's
figures of their own villages, each linking to its records (the short pools here: every
village of the world has none), and those figures are the registry's; a village
secretary, and staff of a region without villages, see no such tile."""

from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.villages.figures import VILLAGE_GROUPS


def _tile(page):
    return next((t for t in page.context["tiles"] if t["tile"].key == "villages.overview"), None)


def test_the_county_and_township_tiles(places, users, login, make_user):
    period = Period.year(timezone.localdate().year)
    county = login(users.county).get("/")
    tile = _tile(county)
    assert tile is not None and tile["blocks"][0]["region"] == places.county
    shown = {r.key: r.value for r in tile["blocks"][0]["rows"]}
    assert shown["villages_reserve_short"] == 3
    expected = figures.compute(places.county, period, groups=VILLAGE_GROUPS)
    assert shown == {k: v for k, v in expected.items() if v}
    body = county.content.decode()
    assert f"/regions/{places.county.code}/figures/villages_reserve_short/" in body
    town = _tile(login(users.town).get("/"))
    rows = {r.key: r.value for r in town["blocks"][0]["rows"]}
    assert town["blocks"][0]["region"] == places.town and rows["villages_reserve_short"] == 2
    assert _tile(login(users.secretary).get("/")) is None
    elsewhere = make_user("v_street_elsewhere", "street", region=places.county.parent)
    assert _tile(login(elsewhere).get("/")) is not None  # the city holds the county


def test_the_tile_s_values_are_cached_for_a_few_minutes(places, users, login, monkeypatch):
    county = login(users.county)
    first = {r.key: r.value for r in _tile(county.get("/"))["blocks"][0]["rows"]}

    def recomputed(*args, **kwargs):
        raise AssertionError("the tile recomputed its figures")

    monkeypatch.setattr("banshi.villages.tiles.figures.compute", recomputed)
    again = {r.key: r.value for r in _tile(county.get("/"))["blocks"][0]["rows"]}
    assert again == first
