"""The demand page in Chromium: the 改派 select's search box hides the units whose name
does not match (and the levels left empty); the handler's extension and progress forms and
the street's grouped select fit a 360 px phone, with no contrast or label problem; opening
the demand from the home tile's notification marks it read."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from banshi.demands import services
from banshi.demands.models import Category, Demand, Notification
from tests.browser.conftest import wait_for_the_server

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Notifications written at once (the worker is not running here)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def demand(world, make_user):
    make_user("st", "street", region=world.street)
    make_user("gw", "grid_worker", grid=world.grid1)
    d = services.demand_submit(
        category=Category.objects.get(code="sanitation"),
        description="楼道里堆满了垃圾，已经三天没有人清运",
        channel=Demand.Channel.WEB,
        household=world.households[world.grid1.code][0],
        user=None,
    ).demand
    assert d.state == Demand.State.DISPATCHED
    return d


def _visible_options(page):
    return page.evaluate(
        """() => {
          const select = document.getElementById('unit-reassign');
          const groups = [...select.querySelectorAll('optgroup')].filter(g => !g.hidden);
          return groups.map(g => [g.label,
            [...g.querySelectorAll('option')].filter(o => !o.hidden).map(o => o.textContent)]);
        }"""
    )


def test_search_filters_the_grouped_select(page, log_in, demand):
    log_in(page, "st")
    page.goto(f"/demands/{demand.pk}/")
    box = page.locator('[data-filter-for="unit-reassign"]')
    assert box.is_visible()
    everything = _visible_options(page)
    assert [label for label, _names in everything] == ["街道", "社区", "网格"]
    box.fill("第二网格")
    assert _visible_options(page) == [["网格", ["乌兰社区第二网格"]]]
    assert "找到 1 个单位" in page.locator('[data-filter-status="unit-reassign"]').inner_text()
    page.select_option("#unit-reassign", "grid:150105001001002")
    box.fill("内工大")
    # the chosen unit is hidden now: the choice is dropped rather than sent unseen
    assert page.eval_on_selector("#unit-reassign", "s => s.value") == ""
    assert [label for label, _names in _visible_options(page)] == ["社区", "网格"]
    box.fill("")
    assert _visible_options(page) == everything
    box.fill("第二网格")
    page.select_option("#unit-reassign", "grid:150105001001002")
    with page.expect_navigation():
        page.click("form.action-reassign button[type=submit]")
    demand.refresh_from_db()
    assert demand.assigned_grid.name == "乌兰社区第二网格"
    assert not page.js_errors


RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]


def _fits(page) -> bool:
    """No sideways scrolling, and axe finds no contrast or label problem."""
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": RULES}})
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == [], page.url
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_forms_fit_a_phone_and_the_tile_opens_the_demand(chromium, live_server, log_in, demand):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        bypass_csp=True,  # axe is injected into the page
    )
    try:
        page = context.new_page()
        log_in(page, "gw")
        page.goto(f"/demands/{demand.pk}/")
        with page.expect_navigation():
            page.click("form.action-sign button[type=submit]")
        assert page.locator("form.action-extend_request input[type=date]").is_visible()
        assert page.locator("form.action-progress textarea").is_visible()
        assert _fits(page)
        context.clear_cookies()
        log_in(page, "st")
        page.goto(f"/demands/{demand.pk}/")
        assert page.locator("#unit-reassign").is_visible() and _fits(page)

        # the street is told of a return; its home tile opens the demand, which marks it read
        services.demand_return(demand=demand, user=None, reason="不属于本网格")
        page.goto("/")
        tile = page.locator('[data-tile="demands.notifications"]')
        assert tile.locator("[data-unread]").inner_text() == "1"
        with page.expect_navigation():
            tile.locator(f'a[href="/demands/{demand.pk}/"]').click()
        assert not Notification.objects.filter(recipient_user__username="st", read=False)
        page.goto("/")
        assert page.locator('[data-tile="demands.notifications"] [data-unread]').inner_text() == "0"
        assert _fits(page)
    finally:
        context.close()
        wait_for_the_server()
