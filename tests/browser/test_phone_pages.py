"""Every page a grid worker and a resident use, on a 360 × 740 phone: nothing wider than the
screen (the page never scrolls sideways), and axe-core finds no contrast failure and no
control without a label (the buttons that once were white on white among them)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from banshi.demands.models import Category, Demand
from banshi.demands.services import demand_submit
from tests.browser.conftest import wait_for_the_server

pytestmark = pytest.mark.browser

RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]


def pages_of_a_grid_worker(world):
    household = world.households[world.grid1.code][0]
    return [
        "/",
        "/fieldwork/",
        "/fieldwork/patrol/",
        f"/fieldwork/visit/?household={household.pk}",
        f"/fieldwork/household/?household={household.pk}",
        f"/households/{household.pk}/",
        "/demands/queue/",
        "/demands/",
        "/demands/new/",
        f"/grids/{world.grid1.code}/",
        "/demands/notifications/",
    ]


def pages_of_a_resident():
    return ["/", "/demands/", "/demands/new/", "/track/"]


def _check(page, paths):
    axe = Axe()
    problems = []
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
            )
            problems.append(f"{path}: {width} px wide ({wide})")
        results = axe.run(page, options={"runOnly": {"type": "rule", "values": RULES}})
        for violation in results.response["violations"]:
            targets = [n["target"] for n in violation["nodes"]][:3]
            problems.append(f"{path}: {violation['id']} {targets}")
    assert problems == []


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        bypass_csp=True,  # axe is injected into the page
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
    wait_for_the_server()


def test_grid_worker_pages_fit_a_phone(phone, log_in, world, make_user):
    make_user("gw", "grid_worker", grid=world.grid1)
    demand_submit(
        category=Category.objects.get(code="sanitation"),
        description="楼道里堆满了垃圾，已经三天没有人清运",
        channel=Demand.Channel.WEB,
        household=world.households[world.grid1.code][0],
        user=None,
    )
    log_in(phone, "gw")
    _check(phone, pages_of_a_grid_worker(world))


def test_resident_pages_fit_a_phone(phone, log_in, world, make_user):
    resident = world.residents[world.grid1.code][0]
    make_user("res", "resident", resident=resident)
    log_in(phone, "res")
    _check(phone, pages_of_a_resident())


def test_the_pages_fit_a_phone_in_english_too(phone, live_server, log_in, world, make_user):
    """English words are longer than Chinese ones: the tiles' tables, the filters and the
    menus must still fit the screen."""
    make_user("gw", "grid_worker", grid=world.grid1)
    resident = world.residents[world.grid1.code][0]
    make_user("res", "resident", resident=resident)
    demand_submit(
        category=Category.objects.get(code="sanitation"),
        description="楼道里堆满了垃圾，已经三天没有人清运",
        channel=Demand.Channel.WEB,
        household=world.households[world.grid1.code][0],
        user=None,
    )
    cookie = {"name": "django_language", "value": "en", "url": live_server.url + "/"}
    log_in(phone, "gw")
    phone.context.add_cookies([cookie])
    _check(phone, pages_of_a_grid_worker(world))
    phone.context.clear_cookies()
    log_in(phone, "res")
    phone.context.add_cookies([cookie])
    _check(phone, pages_of_a_resident())
