"""The queue on a phone: one card per demand with the time remaining on top (the overdue
ones first, saying by how much); on a 1366 px screen every column, the deadline included,
is inside the window."""

import datetime

import pytest
from django.utils import timezone

from banshi.demands.models import Category, Demand
from banshi.demands.services import demand_submit
from tests.browser.conftest import wait_for_the_server

pytestmark = pytest.mark.browser


@pytest.fixture
def queue(world, make_user):
    make_user("gw", "grid_worker", grid=world.grid1)
    made = []
    for text in ("楼道里堆满了垃圾，已经三天没有人清运", "小区东门路灯不亮已经一周了"):
        made.append(
            demand_submit(
                category=Category.objects.get(code="sanitation"),
                description=text,
                channel=Demand.Channel.WEB,
                household=world.households[world.grid1.code][0],
                user=None,
            ).demand
        )
    late, on_time = made
    assert late.state == Demand.State.DISPATCHED  # routed to the grid by its household
    past = timezone.now() - datetime.timedelta(hours=5)
    Demand.objects.filter(pk=late.pk).update(sign_due=past)
    return late, on_time


def _cards(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('table.cards tbody tr')].map(tr => {
            const cells = [...tr.querySelectorAll('td')].filter(td => td.offsetParent);
            const box = tr.getBoundingClientRect();
            return {
              first: cells[0].className, text: cells[0].innerText.trim(),
              code: tr.querySelector('a').innerText.trim(),
              width: box.width, display: getComputedStyle(tr).display };
        })"""
    )


def test_queue_is_cards_with_time_remaining_first_on_a_phone(chromium, live_server, log_in, queue):
    late, on_time = queue
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url
    )
    page = context.new_page()
    log_in(page, "gw")
    page.goto("/demands/queue/")
    cards = _cards(page)
    assert [c["code"] for c in cards] == [late.tracking_code, on_time.tracking_code]
    for card in cards:
        assert card["display"] == "block" and card["width"] <= 360
        assert card["first"] == "remaining"
    assert cards[0]["text"].startswith("已超时") and "小时" in cards[0]["text"]
    assert cards[1]["text"].startswith("还剩")
    # The column names are not shown as a header row, but each value says what it is.
    assert page.locator("table.cards thead").bounding_box()["height"] <= 1
    labels = page.evaluate(
        """() => [...document.querySelector('table.cards tbody tr').querySelectorAll('td')]
        .map(td => getComputedStyle(td, '::before').content)"""
    )
    assert '"状态："' in labels and '"当前时限："' in labels
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
    wait_for_the_server()


def test_every_queue_column_fits_a_laptop_screen(chromium, live_server, log_in, queue):
    context = chromium.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=live_server.url
    )
    page = context.new_page()
    log_in(page, "gw")
    page.goto("/demands/queue/")
    right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('table.cards th')]"
        ".map(th => th.getBoundingClientRect().right))"
    )
    assert right <= 1366
    assert page.locator("table.cards th").last.inner_text() == "当前时限"
    context.close()
    wait_for_the_server()
