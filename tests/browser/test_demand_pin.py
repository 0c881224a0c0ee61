"""The demand form's map pin in Chromium: a tap on the map inside a grid places the pin (the
grid under it is named), dragging it moves it to another grid, and the demand submitted is
routed to the grid under the pin. Without JavaScript the latitude and longitude boxes work."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from banshi.demands import deadlines
from banshi.demands.models import Demand
from tests.browser.conftest import PASSWORD, wait_for_the_server
from tests.demands.conftest import inside

DESCRIPTION = "路口的路灯坏了一个多星期，晚上很黑"


AXE_RULES = ["color-contrast", "label", "button-name", "select-name", "link-name"]


@pytest.fixture
def resident(settings, tmp_path, world, make_user):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    deadlines.clear_cache()
    user = make_user("resident", "resident", resident=world.residents[world.grid1.code][0])
    yield user
    deadlines.clear_cache()


def log_in_to_form(page):
    page.goto("/demands/new/")
    page.fill("#id_username", "resident")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click(".login-box button[type=submit]")
    assert page.url.endswith("/demands/new/")


def centre(page, index: int) -> tuple[float, float]:
    """The centre on screen of the index-th grid polygon drawn under the pin (by code)."""
    box = page.locator("#pin-map path").nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def fill_and_submit(page):
    page.select_option("#id_category", label="环境卫生")
    page.fill("#id_description", DESCRIPTION)
    with page.expect_navigation():
        page.click("#demand-form button[type=submit]")
    assert re.search(r"/demands/\d+/$", page.url), page.url


def test_the_pin_routes_the_demand_to_the_grid_under_it(page, world, resident):
    log_in_to_form(page)
    page.wait_for_selector("[data-pin][data-loaded='1']")
    # The map stands in for the number boxes; the resident's street's three grids are drawn.
    assert page.locator("#id_lat").is_hidden()
    assert page.locator("#pin-map path").count() == 3
    assert page.locator("[data-pin-locate]").is_visible()

    # A tap inside the third grid places the pin there.
    x, y = centre(page, 2)
    page.mouse.click(x, y)
    grid_text = page.locator("[data-pin-grid]")
    assert grid_text.inner_text() == f"图钉所在网格：{world.grid3.name}"
    lat, lng = float(page.input_value("#id_lat")), float(page.input_value("#id_lng"))
    assert world.grid3.boundary["coordinates"][0][0][0] < lng
    assert abs(lat - inside(2)[0]) < 0.002

    # Dragged into the second grid, the pin names it and fills its coordinates.
    pin = page.locator(".pin-marker").bounding_box()
    tx, ty = centre(page, 1)
    page.mouse.move(pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] / 2)
    page.mouse.down()
    page.mouse.move((x + tx) / 2, ty, steps=5)
    page.mouse.move(tx, ty, steps=5)
    page.mouse.up()
    assert grid_text.inner_text() == f"图钉所在网格：{world.grid2.name}"
    lat, lng = float(page.input_value("#id_lat")), float(page.input_value("#id_lng"))
    expected_lat, expected_lng = inside(1)
    assert abs(lng - expected_lng) < 0.001 and abs(lat - expected_lat) < 0.002

    fill_and_submit(page)
    demand = Demand.objects.get(description=DESCRIPTION)
    assert demand.grid_id == world.grid2.pk
    assert demand.territory_code == world.grid2.code
    assert (demand.lat, demand.lng) == (pytest.approx(lat), pytest.approx(lng))
    assert world.grid2.name in page.inner_text("#facts")
    assert page.js_errors == []


def test_without_javascript_the_number_boxes_work(chromium, live_server, world, resident):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",  # the labels it picks are the Chinese ones
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    try:
        log_in_to_form(page)
        assert page.locator("#id_lat").is_visible()
        assert page.locator("#pin-map").is_hidden()
        lat, lng = inside(2)
        page.fill("#id_lat", str(lat))
        page.fill("#id_lng", str(lng))
        fill_and_submit(page)
        demand = Demand.objects.get(description=DESCRIPTION)
        assert demand.grid_id == world.grid3.pk
    finally:
        context.close()
        wait_for_the_server()


def test_the_form_fits_a_phone(chromium, live_server, world, resident):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        is_mobile=True,
        bypass_csp=True,  # axe is injected into the page
    )
    page = context.new_page()
    try:
        log_in_to_form(page)
        page.wait_for_selector("[data-pin][data-loaded='1']")
        assert page.locator("#pin-map").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        results = Axe().run(page, options={"runOnly": {"type": "rule", "values": AXE_RULES}})
        assert [
            (v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]
        ] == []
    finally:
        context.close()
        wait_for_the_server()
