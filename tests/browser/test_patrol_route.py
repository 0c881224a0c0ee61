"""The patrol route on the phone: the grid worker starts recording, walks (the browser's
position moves), reloads the page midway (the points stay on the phone), saves the patrol;
the server stores the route and its length, and the street's figures count it."""

import pytest
from playwright.sync_api import expect

from banshi.fieldwork.models import Patrol
from banshi.fieldwork.selectors import region_fieldwork
from tests.browser.conftest import wait_for_the_server

pytestmark = pytest.mark.browser

LAT, LNG = 40.8145, 111.7050  # inside the test world's grid 2


@pytest.fixture
def walker(chromium, live_server, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    context = chromium.new_context(
        viewport={"width": 420, "height": 900},
        locale="zh-CN",
        base_url=live_server.url,
        permissions=["geolocation"],
        geolocation={"latitude": LAT, "longitude": LNG},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    yield page
    context.close()
    wait_for_the_server()


def test_a_recorded_route_reaches_the_server_with_its_length(walker, log_in, world, make_user):
    page = walker
    make_user("gw", "grid_worker", grid=world.grid2)
    log_in(page, "gw")
    page.goto("/fieldwork/patrol/")
    page.wait_for_selector("#fw[data-ready='1']")
    status = page.locator("#fw-route-status")
    page.click("#fw-route-toggle")
    expect(page.locator("#fw-route-toggle")).to_have_text("停止记录轨迹")
    expect(status).to_have_text("已记录轨迹点 1 个")
    page.context.set_geolocation({"latitude": LAT + 0.001, "longitude": LNG})  # ~111 m north
    expect(status).to_have_text("已记录轨迹点 2 个")
    page.context.set_geolocation({"latitude": LAT + 0.001, "longitude": LNG + 0.00003})  # ~3 m
    page.wait_for_timeout(500)
    expect(status).to_have_text("已记录轨迹点 2 个")  # standing still adds nothing

    page.reload()  # the points are kept on the phone
    page.wait_for_selector("#fw[data-ready='1']")
    expect(status).to_have_text("已记录轨迹点 2 个")
    page.click("#fw-route-toggle")
    page.context.set_geolocation({"latitude": LAT + 0.002, "longitude": LNG})
    expect(status).to_have_text("已记录轨迹点 3 个")

    page.click("#fw-patrol-form button[type=submit]")
    page.wait_for_selector("#fw-patrol-saved:not([hidden])")
    expect(status).to_have_text("")
    expect(page.locator("#fw-outbox-list li")).to_have_count(0, timeout=20000)
    patrol = Patrol.objects.get()
    expected = [LAT, LAT + 0.001, LAT + 0.002]
    assert len(patrol.route) == 3
    assert all(abs(p["lat"] - e) < 1e-6 for p, e in zip(patrol.route, expected, strict=True))
    assert 215 <= patrol.route_m <= 230
    assert region_fieldwork(region=world.street)["patrols"] == 1
    assert page.evaluate("localStorage.length") == 0
    assert page.js_errors == []


def test_an_empty_patrol_asks_before_it_is_saved(walker, log_in, world, make_user):
    """One tap on 保存巡查 with nothing written, found or walked asks first: declining keeps
    the form and stores nothing; a note makes it a patrol that needs no question."""
    page = walker
    make_user("gw", "grid_worker", grid=world.grid2)
    log_in(page, "gw")
    page.goto("/fieldwork/patrol/")
    page.wait_for_selector("#fw[data-ready='1']")
    asked = []

    def decline(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.click("#fw-patrol-form button[type=submit]")
    page.wait_for_timeout(500)
    assert len(asked) == 1 and "没有备注" in asked[0]
    expect(page.locator("#fw-patrol-saved")).to_be_hidden()
    assert Patrol.objects.count() == 0

    page.on("dialog", lambda d: asked.append(d.message) or d.dismiss())
    page.fill("#fw-patrol-note", "沿主路巡查一圈，未见异常")
    page.click("#fw-patrol-form button[type=submit]")
    page.wait_for_selector("#fw-patrol-saved:not([hidden])")
    expect(page.locator("#fw-outbox-list li")).to_have_count(0, timeout=20000)
    assert len(asked) == 1 and Patrol.objects.get().note == "沿主路巡查一圈，未见异常"
