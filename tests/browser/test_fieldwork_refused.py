"""A record the server refuses with a 4xx stays in the phone's outbox, shown with the
server's message, and is not sent again by itself; the worker may send it again or, after
a confirm, discard it. A 5xx is retried as before."""

import pytest
from playwright.sync_api import expect

from banshi.fieldwork.models import HomeVisit

from .test_fieldwork_offline import settings_for_browser  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


def test_a_refused_visit_stays_with_its_message_and_is_not_resent(
    page,
    log_in,
    world,
    make_user,
    settings_for_browser,  # noqa: F811
):
    make_user("gw", "grid_worker", grid=world.grid1)
    log_in(page, "gw")
    posts = []
    page.on(
        "request",
        lambda r: (
            posts.append(r.url)
            if r.method == "POST" and "/fieldwork/sync/visits/" in r.url
            else None
        ),
    )
    household = world.households[world.grid1.code][0]
    page.goto(f"/fieldwork/visit/?household={household.pk}")
    page.wait_for_selector("#fw[data-ready='1']")
    page.fill("#fw-follow-up", "2020-01-01")  # before the visit: the server refuses it
    page.click("#fw-visit-form button[type=submit]")
    item = page.locator("#fw-outbox-list li[data-state='rejected']")
    expect(item).to_have_count(1, timeout=15000)
    expect(item.locator(".fw-refused-error")).to_have_text("回访日期早于走访日期")
    expect(page.locator("#fw-outbox-summary")).to_contain_text("未被接受：1 条")
    assert len(posts) == 1 and HomeVisit.objects.count() == 0

    page.evaluate("window.banshiFieldwork.flush()")  # a flush passes it by
    page.reload()
    page.wait_for_selector("#fw[data-ready='1']")
    page.wait_for_timeout(500)
    expect(page.locator("#fw-outbox-list li[data-state='rejected']")).to_have_count(1)
    assert len(posts) == 1

    page.once("dialog", lambda d: d.dismiss())  # the confirm refused: nothing discarded
    page.click("#fw-outbox-list .fw-discard")
    expect(page.locator("#fw-outbox-list li")).to_have_count(1)
    page.once("dialog", lambda d: d.accept())
    page.click("#fw-outbox-list .fw-discard")
    expect(page.locator("#fw-outbox-list li")).to_have_count(0)
    assert len(posts) == 1 and HomeVisit.objects.count() == 0
    assert page.js_errors == []


def test_a_server_error_is_retried(page, log_in, world, make_user, settings_for_browser):  # noqa: F811
    make_user("gw", "grid_worker", grid=world.grid1)
    log_in(page, "gw")
    calls = []

    def fail_once(route):
        calls.append(1)
        if len(calls) == 1:
            return route.fulfill(status=500, json={"error": "服务器错误"})
        return route.continue_()

    page.route("**/fieldwork/sync/visits/", fail_once)
    household = world.households[world.grid1.code][0]
    page.goto(f"/fieldwork/visit/?household={household.pk}")
    page.wait_for_selector("#fw[data-ready='1']")
    page.click("#fw-visit-form button[type=submit]")
    expect(page.locator("#fw-outbox-list li[data-state='waiting']")).to_have_count(1)
    for _ in range(50):  # the first attempt answered (500) and its flush finished
        if calls:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)
    expect(page.locator("#fw-outbox-list li[data-state='waiting']")).to_have_count(1)
    page.evaluate("window.banshiFieldwork.flush()")
    expect(page.locator("#fw-outbox-list li")).to_have_count(0, timeout=10000)
    assert len(calls) == 2 and HomeVisit.objects.count() == 1


def test_a_refused_visit_is_corrected_and_sent(
    page,
    log_in,
    world,
    make_user,
    settings_for_browser,  # noqa: F811
):
    make_user("gw", "grid_worker", grid=world.grid1)
    log_in(page, "gw")
    household = world.households[world.grid1.code][0]
    page.goto(f"/fieldwork/visit/?household={household.pk}")
    page.wait_for_selector("#fw[data-ready='1']")
    page.fill("#fw-met", "户主")
    page.fill("#fw-follow-up", "2020-01-01")
    page.click("#fw-visit-form button[type=submit]")
    expect(page.locator("#fw-outbox-list li[data-state='rejected']")).to_have_count(1)

    page.click("#fw-outbox-list .fw-edit")
    page.wait_for_selector("#fw[data-ready='1']")
    assert page.input_value("#fw-household") == str(household.pk)
    assert page.input_value("#fw-met") == "户主"
    assert page.input_value("#fw-follow-up") == "2020-01-01"
    expect(page.locator("#fw-visit-error")).to_have_text("回访日期早于走访日期")
    page.fill("#fw-follow-up", "")
    page.click("#fw-visit-form button[type=submit]")
    expect(page.locator("#fw-outbox-list li")).to_have_count(0, timeout=15000)
    visit = HomeVisit.objects.get()
    assert visit.household == household and visit.met == "户主" and visit.follow_up_on is None
    assert page.js_errors == []
