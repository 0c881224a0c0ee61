"""Log in through the form, open the street's page, see its figures and its grid map."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from banshi.dashboards.selectors import structure_figures
from tests.browser.conftest import wait_for_the_server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def street_user(world, make_user):
    return make_user("street", "street", region=world.street)


@pytest.fixture
def grid_user(world, make_user):
    return make_user("gridworker", "grid_worker", grid=world.grid1)


def figure(page, key: str) -> str:
    return page.inner_text(f'li.figure[data-key="{key}"] .value').strip()


def wait_for_map(page):
    page.wait_for_selector(".map[data-loaded='1']")


def wait_for_trends(page):
    # A region page's trend charts come after the page (htmx).
    page.wait_for_selector("#trends figure.chart")


def test_street_user_sees_figures_and_grid_map(page, log_in, world, civic, street_user):
    log_in(page, "street")
    assert page.url == f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}/"
    assert "大学东路街道" in page.inner_text("main")
    page.click(f"a[href='/regions/{world.street.code}/']")
    page.wait_for_url(f"**/regions/{world.street.code}/")
    expected = structure_figures(world.street)
    assert figure(page, "grids") == str(expected["grids"]) == "3"
    assert figure(page, "residents") == str(expected["residents"]) == "6"
    assert figure(page, "communities") == "2"
    assert figure(page, "non_public_enterprises") == str(expected["non_public_enterprises"])
    assert figure(page, "org_coverage_rate") == "33.3%"
    wait_for_map(page)
    assert page.locator(".map path.leaflet-interactive").count() == 3
    wait_for_trends(page)
    assert page.locator("#trends figure.chart svg").count() == 4
    assert page.js_errors == []
    if os.environ.get("BANSHI_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "region.png"), full_page=True)


def test_clicking_a_grid_on_the_map_opens_its_popup(page, log_in, world, street_user):
    log_in(page, "street")
    page.goto(f"/regions/{world.street.code}/")
    wait_for_map(page)
    wait_for_trends(page)
    page.locator(".map path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    link = popup.get_by_role("link", name="查看网格")
    assert link.get_attribute("href").startswith("/grids/150105001")
    link.click()
    page.wait_for_url("**/grids/*/")
    assert page.locator("li.figure[data-key='households'] .value").inner_text() == "2"


def test_grid_worker_sees_one_grid(page, log_in, world, grid_user):
    log_in(page, "gridworker")
    # Home is the worker's workbench, with their one grid among its places.
    assert page.locator(".places a[href^='/grids/']").count() == 1
    page.click(f".places a[href='/grids/{world.grid1.code}/']")
    page.wait_for_url(f"**/grids/{world.grid1.code}/")
    assert world.grid1.name in page.inner_text("h1")
    wait_for_map(page)
    # One grid polygon, one building point.
    assert page.locator(".map path.leaflet-interactive").count() == 2
    page.goto("/regions/")
    assert page.locator("a[href^='/grids/']").count() == 1
    other = page.goto(f"/grids/{world.grid2.code}/")
    assert other.status == 404
    community = page.goto(f"/regions/{world.community.code}/")
    assert community.status == 404


def test_region_tree_expands_with_htmx(page, log_in, world, street_user):
    log_in(page, "street")
    page.goto("/regions/")
    page.click(f"button[data-toggle='children-{world.street.code}']")
    page.wait_for_selector(
        f"#children-{world.street.code} a[href='/regions/{world.community.code}/']"
    )
    page.click(f"button[data-toggle='children-{world.community.code}']")
    grids = page.locator(f"#children-{world.community.code} a[href^='/grids/']")
    grids.first.wait_for()
    assert grids.count() == 2
    # Folding hides the loaded children without another request.
    page.click(f"button[data-toggle='children-{world.street.code}']")
    assert page.locator(f"#children-{world.street.code}").is_hidden()


def test_resident_search_by_initials_updates_in_place(page, log_in, world, street_user):
    log_in(page, "street")
    page.goto("/residents/")
    links = page.locator("table.residents tbody a")
    expect(links).to_have_count(6)
    page.fill("input[name=q]", "zzz")
    expect(page.locator("table.residents tbody td.muted")).to_have_count(1)
    expect(links).to_have_count(0)
    page.fill("input[name=q]", "jm")  # 居民 → jumin → jm
    expect(links).to_have_count(6)
    assert "q=jm" in page.url  # the search is kept in the address


def test_phone_layout_does_not_overflow(chromium, live_server, log_in, world, street_user):
    context = chromium.new_context(
        viewport={"width": 375, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        is_mobile=True,
    )
    page = context.new_page()
    try:
        log_in(page, "street")
        page.goto(f"/regions/{world.street.code}/")
        wait_for_map(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        assert page.locator(".map path.leaflet-interactive").count() == 3
    finally:
        context.close()
        wait_for_the_server()
