"""A judge on a phone (360 × 740) scores two entrants offline: the sheets wait in the
page's outbox; back online they are sent, stored once each (sending again changes
nothing), and once the heat is published the round's ranking lists each entrant once."""

import pytest
from django.utils import timezone

from banshi.contests import services
from banshi.contests.models import Result, ScoreSheet
from tests.browser.conftest import wait_for_the_server
from tests.contests.cworld import contest_world, score

pytestmark = pytest.mark.browser


def test_a_judge_scores_two_entrants_offline_then_online(chromium, live_server, log_in, world):
    c = contest_world(world, n=2, judges=3, quota=1, when=timezone.now())
    me = c.judge_users[0]
    for judge, totals in zip(c.judge_users[1:], ([90, 80], [85, 88]), strict=True):
        for entry, total in zip(c.entries, totals, strict=True):
            score(c, entry, judge, total)
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        bypass_csp=True,  # wait_for_function evaluates its predicate
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(page, me.username)
        page.goto("/contests/judge/")
        page.wait_for_selector("#ct-net")
        context.set_offline(True)
        page.wait_for_function("!navigator.onLine")
        for entry, (a, b) in zip(c.entries, ((55, 36), (50, 30)), strict=True):
            box = f'.ct-entry[data-entry="{entry.pk}"]'
            if not page.is_visible(f"#s-{entry.pk}-{c.item1.pk}"):
                page.click(f"{box} summary")  # the first entrant's form is open already
            page.fill(f"#s-{entry.pk}-{c.item1.pk}", str(a))
            page.fill(f"#s-{entry.pk}-{c.item2.pk}", str(b))
            page.click(f"{box} button[type=submit]")
        page.wait_for_function("document.querySelectorAll('#ct-outbox li').length === 2")
        assert "没有网络" in page.inner_text("#ct-result")
        assert ScoreSheet.objects.filter(judge__user=me).count() == 0

        context.set_offline(False)
        page.wait_for_function("document.querySelectorAll('#ct-outbox li').length === 0")
        assert ScoreSheet.objects.filter(judge__user=me).count() == 2
        # Sending the outbox again (another "online") stores nothing twice.
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_timeout(500)
        assert ScoreSheet.objects.filter(judge__user=me).count() == 2
        totals = sorted(str(s.total) for s in ScoreSheet.objects.filter(judge__user=me))
        assert totals == ["80.00", "91.00"]

        services.heat_close(heat=c.heat)
        services.heat_publish(heat=c.heat)
        page.goto(f"/contests/heats/{c.heat.pk}/")
        rows = page.locator("#heat-ranking tbody tr")
        assert rows.count() == 2 == Result.objects.filter(entry__heat=c.heat).count()
        names = [rows.nth(i).locator(".entrant").inner_text() for i in range(2)]
        assert sorted(names) == sorted(str(e.member) for e in c.entries)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
        assert errors == []
    finally:
        context.close()
        wait_for_the_server()


def test_the_contest_and_heat_pages_fit_a_phone(chromium, live_server, log_in, world, make_user):
    c = contest_world(world, n=3, judges=3, quota=1, when=timezone.now())
    for entry, total in zip(c.entries, (90, 80, 80), strict=True):
        for judge in c.judge_users:
            score(c, entry, judge, total)
    services.heat_close(heat=c.heat)
    services.heat_publish(heat=c.heat)
    county = make_user("county-phone", "district", region=world.district)
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(page, county.username)
        wide = []
        for path in (
            "/contests/",
            f"/contests/{c.contest.pk}/",
            f"/contests/heats/{c.heat.pk}/",
            f"/contests/heats/{c.final_heat.pk}/",
        ):
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wide.append((path, width))
        assert wide == []
        page.goto(f"/contests/heats/{c.heat.pk}/")
        # The tie on 80.00 is explained on the page, in words.
        assert "并列第2名" in page.inner_text("#heat-ranking")
        assert errors == []
    finally:
        context.close()
        wait_for_the_server()
