"""The obligations pages and the party-life tiles on a 360 × 740 phone: nothing wider than
the screen, axe-core finds no contrast failure and no control without a label; a secretary
taps the tile into their branch's calendar, a district into its branches behind."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from banshi.access.models import RoleAssignment
from tests.browser.conftest import wait_for_the_server
from tests.partylife.pl_world import busy_party_life

pytestmark = pytest.mark.browser

RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]
ROLE = RoleAssignment.Role


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


def _check(page, path) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        problems.append(f"{path}: {width} px wide")
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": RULES}})
    for violation in results.response["violations"]:
        targets = [n["target"] for n in violation["nodes"]][:3]
        problems.append(f"{path}: {violation['id']} {targets}")
    return problems


def test_a_secretary_opens_the_calendar_from_the_tile(phone, log_in, world, make_user):
    b = busy_party_life(world)
    make_user("sec", ROLE.PARTY_SECRETARY, party_organization=b.b)
    log_in(phone, "sec")
    problems = _check(phone, "/")
    phone.click(f'[data-tile="partylife.branch"] a[href="/partylife/obligations/branch/{b.b.pk}/"]')
    phone.wait_for_url(f"**/partylife/obligations/branch/{b.b.pk}/")
    assert phone.locator("tr[data-rule='theme_day']").count() == 1
    problems += _check(phone, f"/partylife/obligations/branch/{b.b.pk}/?month=2026-11")
    assert phone.locator("tr[data-rule='theme_day'][data-status='held']").count() == 1
    assert problems == []


def test_a_district_opens_the_branches_behind(phone, log_in, world, make_user):
    busy_party_life(world)
    make_user("dist", ROLE.DISTRICT, region=world.district)
    log_in(phone, "dist")
    problems = _check(phone, "/")
    phone.click(f'[data-tile="partylife.department"] a[href*="{world.district.code}"]')
    phone.wait_for_url(f"**/partylife/obligations/region/{world.district.code}/")
    problems += _check(phone, f"/partylife/obligations/region/{world.district.code}/?month=2026-11")
    assert phone.locator("tr[data-branch]").count() == 2
    phone.locator("tr[data-branch] a").first.click()
    phone.wait_for_url("**/partylife/obligations/branch/**")
    problems += _check(phone, phone.url)
    assert problems == []
