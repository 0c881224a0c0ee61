"""A street's staff member checks the seed newspaper page in Chromium on a 360 px phone:
the upload says it is working, the report's page shows each figure highlighted with its
verdict's symbol and fits the screen, a mismatch's records link opens its records, and a
verdict dismissed with a note shows the note in the figure's trail."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from banshi.workreports.models import FigureReview, ReportFigure, WorkReport

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[1] / "workreports" / "data" / "seed_page.txt"
RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]
NOTE = "报送口径含在建网格，以街道台账为准"


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": RULES}})
    assert [v["id"] for v in results.response["violations"]] == []


def test_check_the_seed_page_open_a_mismatch_and_dismiss_it(phone, log_in, world, make_user):
    make_user("jd", "street", region=world.street)
    log_in(phone, "jd")
    phone.goto("/reports/check/")
    _fits(phone)
    phone.set_input_files("#wr-file", str(SEED))
    phone.select_option("#wr-region", world.street.code)
    # Reading a big file takes a few seconds: the button says so and cannot be pressed twice
    # (seen with the submission held back once, then sent).
    phone.evaluate("window.addEventListener('submit', (e) => e.preventDefault(), {once: true})")
    button = phone.locator("#check-form button[type=submit]")
    button.click()
    expect(button).to_be_disabled()
    expect(button).to_have_text("正在核对…")
    with phone.expect_navigation(timeout=90_000):
        phone.evaluate("document.getElementById('check-form').submit()")
    report = WorkReport.objects.get()
    assert phone.url.endswith(f"/reports/check/{report.pk}/")
    assert report.articles.count() == 11

    marks = phone.locator("#report-text mark")
    assert marks.count() == report.figures.count() > 0
    wrong = phone.locator('#report-text mark[data-verdict="mismatch"]').first
    assert wrong.locator(".sym").text_content() == "✗"
    assert wrong.get_attribute("title") == "不一致"
    _fits(phone)

    # The highlight leads to its row, and the row's records link opens the records.
    wrong.locator("a").click()
    row_id = phone.evaluate("location.hash").lstrip("#")
    row = phone.locator(f"tr#{row_id}")
    assert row.get_attribute("data-verdict") == "mismatch"
    figure = ReportFigure.objects.get(report=report, index=int(row_id.removeprefix("f-")))
    assert figure.records_url
    with phone.expect_navigation() as opened:
        row.locator("a.records-link").click()
    assert opened.value.status == 200
    assert phone.url.endswith(figure.records_url)

    phone.go_back()
    row = phone.locator(f"tr#{row_id}")
    row.locator("input[name=note]").fill(NOTE)
    with phone.expect_navigation():
        row.locator("button[value=dismissed]").click()
    row = phone.locator(f"tr#{row_id}")
    assert row.locator(".trail .note").text_content() == NOTE
    assert "已驳回" in row.locator(".review").text_content()
    review = FigureReview.objects.get()
    assert (review.figure, review.action, review.note) == (figure, "dismissed", NOTE)
    assert phone.js_errors == []
