"""A resident of a project's compound rates the project from their own page on a 360 px
phone, in Chromium: the home tile leads to their projects, the page fits the screen and
axe-core finds no unlabelled control, the rating is saved, and the project's feedback
figures (the community's count and satisfaction rate this month) move."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.projects import services
from banshi.projects.models import ProjectFeedback
from banshi.territory.models import Building

pytestmark = pytest.mark.browser

RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]


@pytest.fixture
def project(world):
    today = timezone.localdate()
    p = services.project_create(
        region=world.community,
        title="拆墙并院",
        starts_on=today - datetime.timedelta(days=90),
        due_on=today,
        deliverables=[("规划停车位", "个", "68", 2), ("新增绿地", "m²", "700", 1)],
        buildings=[Building.objects.get(grid=world.grid1)],
    )
    services.project_move(project=p, to="running", on=p.starts_on)
    services.project_move(project=p, to="finished", on=today)
    return p


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": RULES}})
    assert [v["id"] for v in results.response["violations"]] == []


def test_a_resident_rates_the_project_from_their_page(phone, log_in, world, make_user, project):
    make_user("resident", "resident", resident=world.residents[world.grid1.code][0])
    period = Period.month(timezone.localdate().year, timezone.localdate().month)

    def figure(key):
        return figures.get(key).compute(world.community, period)

    assert figure("project_feedback") == 0 and figure("project_satisfaction") is None

    log_in(phone, "resident")
    phone.goto("/")
    box = phone.locator('[data-tile="projects.mine"]')
    assert box.locator("[data-to-rate]").get_attribute("data-to-rate") == "1"
    with phone.expect_navigation():
        box.locator("a").first.click()
    assert phone.url.endswith("/projects/mine/")
    phone.wait_for_load_state("networkidle")
    _fits(phone)

    form = phone.locator(f'form[data-rate="{project.pk}"]')
    form.get_by_label("满意", exact=True).check()
    form.locator("textarea[name=comment]").fill("院子敞亮了，停车方便多了")
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    assert phone.url.endswith("/projects/mine/")
    assert phone.locator('[data-own-rating="satisfied"]').count() == 1
    assert phone.js_errors == []

    fb = ProjectFeedback.objects.get()
    assert fb.project == project and fb.household == world.households[world.grid1.code][0]
    assert figure("project_feedback") == 1 and figure("project_satisfaction") == 1

    # the project's page shows the summary and lets the household change its rating
    phone.goto(f"/projects/{project.pk}/")
    assert phone.locator("#feedback").get_attribute("data-total") == "1"
    _fits(phone)
    form = phone.locator(f'form[data-rate="{project.pk}"]')
    form.get_by_label("不满意", exact=True).check()
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    assert ProjectFeedback.objects.get().rating == "unsatisfied"
    assert figure("project_feedback") == 1 and figure("project_satisfaction") == 0
