"""The region page's coloured map in Chromium: pick a figure, the legend appears and the grids
take its colours, the month's demands are points that open the demand, labels name the
grids, and the page does not overflow a 360 px phone."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from banshi.territory.models import Household
from tests.demands.conftest import (  # noqa: F401 (fixtures)
    cat,
    dept,
    dept2,
    fresh_deadline_rules,
    immediate_tasks,
    people,
    submit,
)
from tests.web.conftest import civic  # noqa: F401 (fixtures)

from .conftest import wait_for_the_server
from .test_region_page import wait_for_trends

NOV = timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0))  # the page asks for 2026-11


AXE_RULES = ["color-contrast", "label", "button-name", "select-name", "link-name"]


@pytest.fixture
def demands(world, people, submit):  # noqa: F811 (fixtures imported above)
    return [submit(grid=0, at=NOV), submit(grid=2, at=NOV)]


def _open(page, log_in, world):
    log_in(page, "street")
    page.goto(f"/regions/{world.street.code}/?period=2026-11")
    page.wait_for_selector(".map[data-loaded='1']")
    wait_for_trends(page)


def _pick(page, key):
    page.select_option("#map-figure", key)
    page.wait_for_selector(f".map[data-loaded='1'][data-figure='{key}']")


def test_pick_a_figure_colours_the_grids(page, log_in, world, demands):
    _open(page, log_in, world)
    # Opens coloured by field-work coverage, then by the figure picked.
    assert page.get_attribute(".map", "data-figure") == "visit_coverage_rate"
    _pick(page, "households")
    legend = page.locator(".map-legend")
    expect(legend).to_be_visible()
    assert "户" in legend.inner_text()
    rows = legend.locator("li")
    assert rows.last.inner_text().strip() == "无数据"
    # Every grid holds 2 households: classes 0, 1, 2 (+ no data); all grids in the top one.
    assert rows.count() == 4
    top = rows.nth(2).locator(".map-swatch").evaluate("e => getComputedStyle(e).backgroundColor")
    grids = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
    assert grids.count() == 3
    fills = {grids.nth(i).get_attribute("fill") for i in range(3)}
    assert len(fills) == 1
    assert _rgb(fills.pop()) == top
    assert {Household.objects.filter(grid=g).count() for g in (world.grid1, world.grid2)} == {2}
    # The popup gives the grid's value and opens its records.
    grids.first.click(position={"x": 5, "y": 5}, force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "户：2" in popup.inner_text()
    assert (
        popup.locator("a", has_text="查看该网格的记录")
        .get_attribute("href")
        .startswith("/regions/150105001")
    )
    assert page.js_errors == []


def test_demand_points_open_the_demand(page, log_in, world, demands):
    _open(page, log_in, world)
    points = page.locator(".leaflet-demands-pane path.leaflet-interactive")
    assert points.count() == len(demands) == int(page.get_attribute(".map", "data-points"))
    points.first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    href = link.get_attribute("href")
    assert href in {f"/demands/{d.pk}/" for d in demands}
    # Labels: the grid names are on the map (the squares are large at this zoom).
    labels = page.locator(".leaflet-tooltip.grid-label:not(.is-hidden)")
    assert labels.count() >= 1
    assert "第一网格" in " ".join(labels.all_inner_texts())
    assert page.js_errors == []


def test_community_outlines_are_drawn(page, log_in, world, demands):
    _open(page, log_in, world)
    assert page.locator(".leaflet-outlines-pane path").count() == 2


def test_zoomed_out_the_communities_are_named_and_zoomed_in_the_grids(page, log_in, world, demands):
    _open(page, log_in, world)
    shown = page.locator(".leaflet-tooltip.grid-label:not(.is-hidden)")
    page.wait_for_selector(".map[data-label-level='grid']")
    # Far enough out every grid is too small for its name: the communities' names stand
    # instead (each click waits for the zoom's animation to end).
    steps = 0
    while page.get_attribute(".map", "data-label-level") != "community" and steps < 5:
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(500)
        steps += 1
    assert page.get_attribute(".map", "data-label-level") == "community"
    assert shown.count() >= 1
    assert set(shown.all_inner_texts()) <= {world.community.name, world.community2.name}
    # Back in, the grids' own names return.
    for _ in range(steps):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(500)
    page.wait_for_selector(".map[data-label-level='grid']")
    assert any("网格" in t for t in shown.all_inner_texts())


def test_phone_width_does_not_overflow(chromium, live_server, log_in, world, demands):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        is_mobile=True,
        bypass_csp=True,  # axe is injected into the page
    )
    page = context.new_page()
    try:
        log_in(page, "street")
        page.goto(f"/regions/{world.street.code}/?period=2026-11")
        page.wait_for_selector(".map[data-loaded='1']")
        _pick(page, "party_members")
        expect(page.locator(".map-legend")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        results = Axe().run(page, options={"runOnly": {"type": "rule", "values": AXE_RULES}})
        assert [
            (v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]
        ] == []
    finally:
        context.close()
        wait_for_the_server()


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"
