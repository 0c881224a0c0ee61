"""The field-work script speaks the reader's language: its words come from Django's
JavaScript catalog, so in English the network status, the outbox and the visit form's
need rows are in English, and in Chinese they stay Chinese."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _visit_form(page, live_server, log_in, world, language: str):
    log_in(page, "gw")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url + "/"}]
    )
    household = world.households[world.grid1.code][0]
    page.goto(f"/fieldwork/visit/?household={household.pk}")
    page.wait_for_selector("#fw[data-ready='1']")


def test_field_work_script_in_english(page, live_server, log_in, world, make_user):
    make_user("gw", "grid_worker", grid=world.grid1)
    _visit_form(page, live_server, log_in, world, "en")
    # The outbox writes its status once it has read IndexedDB, after the page is ready.
    expect(page.locator("#fw-net")).to_have_text("Online")
    expect(page.locator("#fw-outbox-summary")).to_have_text("Waiting to send: 0")
    assert "Turn into a demand" in page.inner_text("#fw-needs")
    assert page.js_errors == []


def test_field_work_script_in_chinese(page, live_server, log_in, world, make_user):
    make_user("gw", "grid_worker", grid=world.grid1)
    _visit_form(page, live_server, log_in, world, "zh-hans")
    expect(page.locator("#fw-net")).to_have_text("在线")
    assert "转为诉求" in page.inner_text("#fw-needs")
    assert page.js_errors == []
