"""The demand round trip in Chromium, as three people see it: a resident submits a demand
through the web form and is given its tracking code; the grid worker signs, starts and
resolves it with a handling note and a photo; the resident follows the code to the tracking
page and from there to the rating page; the street's ranking shows the grid's three figures
change, and each figure's link lists the demand."""

import re

import pytest
from playwright.sync_api import expect

from banshi.core.periods import Period
from banshi.demands import deadlines
from tests.browser.conftest import PASSWORD, wait_for_the_server
from tests.browser.test_fieldwork_offline import png

pytestmark = pytest.mark.browser

DESCRIPTION = "3号楼楼道里堆满了垃圾，已经三天没有人清运"
NOTE = "已联系物业清运完毕，楼道已打扫干净"


@pytest.fixture
def quick_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    deadlines.clear_cache()
    yield
    deadlines.clear_cache()


@pytest.fixture
def people(quick_settings, world, make_user):
    head = world.residents[world.grid1.code][0]
    make_user("resident", "resident", resident=head)
    make_user("gridworker", "grid_worker", grid=world.grid1)
    make_user("street", "street", region=world.street)


@pytest.fixture
def open_page(chromium, live_server):
    """A page in a browser context of its own: one person on their own device."""
    contexts = []

    def _open():
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server.url
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        return page

    yield _open
    for context in contexts:
        context.close()
        wait_for_the_server()


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def log_in_at(page, path: str, username: str) -> None:
    """Open a page that needs a login, log in on the form it sends you to, land on it."""
    page.goto(path)
    assert "/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit(page, ".login-box button[type=submit]")
    assert page.url.endswith(path), page.url


def show_ranking(page, *, period: str, level: str) -> None:
    """Pick the month and the level in the ranking page's filter form."""
    if "/demands/ranking/" not in page.url:
        page.goto("/demands/ranking/")
    page.fill("input[name=period]", period)
    page.select_option("select[name=level]", level)
    submit(page, "form.filters button[type=submit]")
    expect(page.locator("input[name=period]")).to_have_value(period)


def figures(page, unit: str) -> dict | None:
    """One unit's row of the ranking shown, e.g. {"satisfaction": "100.0% (1/1)", …};
    None when the unit has no row."""
    row = page.locator(f'#ranking tr[data-unit="{unit}"]')
    if row.count() == 0:
        return None
    cells = row.locator("td")

    def text(i: int) -> str:
        return " ".join(cells.nth(i).inner_text().split())

    return {"response": text(2), "resolution": text(3), "satisfaction": text(4)}


def open_figure(page, unit: str, figure: str, code: str) -> None:
    """Click a figure of the unit's row; the list it opens holds exactly the demand."""
    link = page.locator(f'#ranking tr[data-unit="{unit}"] a[href*="figure={figure}"]')
    assert link.inner_text() == "1", figure
    with page.expect_navigation():
        link.click()
    assert "：1 件" in page.inner_text("#figure-context"), figure
    rows = page.locator("table.demands tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("a")).to_have_text(code)


def test_resident_submits_worker_resolves_resident_rates_ranking_changes(open_page, world, people):
    grid = f"grid:{world.grid1.code}"
    community = f"community:{world.community.code}"

    # The street's ranking of grids before: this month, the grid has no figures. The page
    # opens on the last complete month; this month so far is a choice.
    street = open_page()
    log_in_at(street, "/demands/ranking/", "street")
    assert street.input_value("input[name=period]") == Period.last_complete_month().key
    period = Period.current_month().key
    show_ranking(street, period=period, level="grid")
    nothing = {"response": "— (0/0)", "resolution": "— (0/0)", "satisfaction": "— (0/0)"}
    assert figures(street, grid) == nothing  # listed among its peers, with nothing to count

    # The resident submits through the web form and is shown the tracking code.
    resident = open_page()
    log_in_at(resident, "/demands/new/", "resident")
    resident.select_option("#id_category", label="环境卫生")
    resident.fill("#id_description", DESCRIPTION)
    household = world.households[world.grid1.code][0]
    resident.select_option("#id_household", str(household.pk))
    submit(resident, "#demand-form button[type=submit]")
    assert re.search(r"/demands/\d+/$", resident.url)
    message = resident.inner_text(".messages .msg.success")
    code = re.search(r"查询码 ([0-9A-Z]{10})", message).group(1)
    assert code in resident.inner_text("#facts")
    expect(resident.locator("#state")).to_have_text("已派单")  # routed to the grid at once

    # The public tracking page, by the code as the resident types it.
    resident.goto("/track/")
    resident.fill("#code", code.lower())
    submit(resident, "main form button[type=submit]")  # not the header's logout button
    assert resident.url.endswith(f"/track/{code}/")
    expect(resident.locator("#state")).to_have_text("已派单")
    assert world.grid1.name in resident.inner_text("#progress")
    expect(resident.locator("#rate-link")).to_have_count(0)

    # Dispatched to the grid, the demand counts: not signed yet, not rated.
    street.reload()
    before = figures(street, grid)
    assert before["response"] == "0.0% (0/1)"
    assert before["satisfaction"] == "— (0/0)"

    # The grid worker finds it in the queue.
    worker = open_page()
    log_in_at(worker, "/demands/queue/", "gridworker")
    submit(worker, f"table.demands a:text-is('{code}')")
    assert DESCRIPTION in worker.inner_text(".description")
    # Resolution counts in the month its deadline falls in (7 days on: maybe next month).
    due = worker.locator(
        "xpath=//dl[@id='facts']/dt[normalize-space()='办结时限']/following-sibling::dd[1]"
    )
    due_period = due.inner_text().strip()[:7]
    assert re.fullmatch(r"\d{4}-\d{2}", due_period)
    if due_period != period:
        show_ranking(street, period=due_period, level="grid")
    assert figures(street, grid)["resolution"] == "0.0% (0/1)"

    # … signs, starts and resolves it with a handling note and a photo.
    submit(worker, "form.action-sign button[type=submit]")
    expect(worker.locator("#state")).to_have_text("已签收")
    worker.fill("form.action-start textarea[name=note]", "已到现场查看")
    submit(worker, "form.action-start button[type=submit]")
    expect(worker.locator("#state")).to_have_text("办理中")
    worker.fill("form.action-resolve textarea[name=note]", NOTE)
    worker.set_input_files(
        "form.action-resolve input[name=photos]",
        files=[{"name": "done.png", "mimeType": "image/png", "buffer": png()}],
    )
    submit(worker, "form.action-resolve button[type=submit]")
    expect(worker.locator("#state")).to_have_text("已办结")
    assert NOTE in worker.inner_text("main")
    expect(worker.locator("ul.photos img")).to_have_count(1)
    expect(worker.locator("#actions")).to_have_count(0)  # nothing left for the handler

    # The resident follows the code: resolved, with the way to rate it.
    resident.reload()
    expect(resident.locator("#state")).to_have_text("已办结")
    timeline = resident.inner_text("#timeline")
    for label in ("受理", "派单", "签收", "开始办理", "办结"):
        assert label in timeline
    assert NOTE not in resident.inner_text("main")  # the public page shows no notes
    submit(resident, "#rate-link")
    assert code in resident.inner_text("h1")
    assert NOTE in resident.inner_text("main")  # the reporter sees how it was handled
    resident.get_by_label("满意", exact=True).check()
    resident.fill("#rate-form textarea[name=note]", "清运及时，谢谢")
    submit(resident, "#rate-form button[type=submit]")
    assert "感谢您的评价" in resident.inner_text(".messages")
    expect(resident.locator("#state")).to_have_text("已评价")
    resident.goto(f"/track/{code}/")
    expect(resident.locator("#state")).to_have_text("已评价")
    expect(resident.locator("#rate-link")).to_have_count(0)

    # The ranking after: resolved in its month; signed in time and rated satisfied in this.
    street.reload()
    assert figures(street, grid)["resolution"] == "100.0% (1/1)"
    open_figure(street, grid, "resolved", code)
    show_ranking(street, period=period, level="grid")
    after = figures(street, grid)
    assert after["response"] == "100.0% (1/1)"
    assert after["satisfaction"] == "100.0% (1/1)"
    open_figure(street, grid, "satisfied", code)
    # The community answers for its grids.
    show_ranking(street, period=period, level="community")
    assert figures(street, community)["satisfaction"] == "100.0% (1/1)"
    open_figure(street, community, "rated", code)

    for page in (street, resident, worker):
        assert page.js_errors == []
