"""The lectures and materials pages on a 360 × 740 phone, in Chromium: nothing wider than
the screen, and axe-core finds no contrast failure and no control without a label. The
member opens a material from their list and it is marked read."""

# ruff: noqa: F811  (the tests take the materials fixtures imported below as arguments)
import pytest
from axe_playwright_python.sync_playwright import Axe

from banshi.lectures.services import lecture_team_create
from banshi.materials import services
from banshi.materials.models import MaterialReceipt
from tests.browser.conftest import wait_for_the_server
from tests.lectures.conftest import talk
from tests.materials.conftest import _media, material, tree, users  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]


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


def _check(page, paths):
    axe = Axe()
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
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


def test_the_member_reads_a_material_on_the_phone(phone, log_in, tree, material, users):
    services.material_push(material=material, subtree=tree.committee)
    log_in(phone, "member_a")
    _check(phone, ["/", "/materials/mine/"])
    phone.click("#my-materials a")
    phone.wait_for_url("**/materials/mine/*/")
    assert material.title in phone.inner_text("h1")
    assert MaterialReceipt.objects.get(member=tree.members_a[0]).opened_at is not None
    receipt = MaterialReceipt.objects.get(member=tree.members_a[0])
    _check(phone, [f"/materials/mine/{receipt.pk}/"])
    phone.goto("/materials/mine/")
    assert phone.locator("[data-unread]").count() == 0


def test_the_publishers_and_lecture_pages_fit_a_phone(
    phone, log_in, tree, material, users, world, make_user
):
    services.material_push(material=material, organizations=[tree.branch_a])
    log_in(phone, "committee")
    _check(phone, ["/", "/materials/", f"/materials/{material.pk}/", "/materials/new/"])
    team = lecture_team_create(name="大学东路街道理论宣讲队", region=world.street, host_unit="街道")
    talk(world.community, team=team, topic="杏园里的宣讲：学习贯彻党的二十大精神")
    make_user("street1", "street", region=world.street)
    phone.context.clear_cookies()
    log_in(phone, "street1")
    _check(
        phone,
        [
            "/lectures/",
            f"/lectures/teams/{team.pk}/",
            f"/regions/{world.street.code}/lectures/",
            "/lectures/new/",
        ],
    )
