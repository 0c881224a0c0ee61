"""The monthly report page in Chromium: reached from the region page, its figures open their
records, and on a 360 px phone it is no wider than the screen and axe-core finds no contrast
failure and no control without a label."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from banshi.territory.models import Grid
from tests.dashboards.conftest import (  # noqa: F401 (fixtures)
    busy,
    cat,
    dept,
    dept2,
    fresh_deadline_rules,
    immediate_tasks,
    media,
    people,
    submit,
    t0,
)

from .conftest import wait_for_the_server

pytestmark = pytest.mark.browser

RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]
MONTH = "2026-11"


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        bypass_csp=True,  # axe is injected into the page
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()
    wait_for_the_server()


def test_from_the_region_page_to_the_report_and_a_figure_s_records(
    page,
    log_in,
    world,
    civic,
    busy,  # noqa: F811 (fixtures)
):
    page.set_default_timeout(30_000)
    log_in(page, "street")
    page.goto(f"/regions/{world.street.code}/?period={MONTH}")
    with page.expect_navigation():
        page.click(f"a[href='/regions/{world.street.code}/report/?month={MONTH}']")
    grids = Grid.objects.filter(code__startswith=world.street.prefix).count()
    assert f"划分网格{grids}个" in page.inner_text("article.report")
    assert page.locator("article.report svg").count() >= 1  # the trend charts
    assert page.locator("a.btn", has_text="PDF").count() == 1
    with page.expect_navigation():
        page.click(f"article.report a.fig[href='/regions/{world.street.code}/figures/grids/']")
    assert "乌兰社区第一网格" in page.inner_text("main")
    assert page.js_errors == []


def test_the_report_fits_a_phone_and_passes_axe(phone, log_in, world, civic, busy):  # noqa: F811
    log_in(phone, "street")
    phone.goto(f"/regions/{world.street.code}/report/?month={MONTH}")
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    wide = phone.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
        .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
    )
    assert width <= 360, wide
    results = Axe().run(phone, options={"runOnly": {"type": "rule", "values": RULES}})
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == []
