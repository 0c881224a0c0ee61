"""The rectification pages on a 360 × 740 phone, in Chromium: the campaign's flagged list
and a plan, nothing wider than the screen, and axe-core finds no contrast failure and no
control without a label. The township reports progress from the phone."""

# ruff: noqa: F811  (the tests take the fixtures imported below as arguments)
import datetime

import pytest

from banshi.organizations.services import committee_seat_vacate
from banshi.rectification import services
from banshi.rectification.models import ProgressReport
from tests.browser.test_materials_phone import _check, phone  # noqa: F401 (fixtures)
from tests.rectification.conftest import campaign  # noqa: F401 (fixture)
from tests.villages.conftest import county, places, users  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
D = datetime.date


def test_the_rectification_pages_on_the_phone(phone, log_in, places, users, campaign):
    committee_seat_vacate(seat=places.a.secretary, ended_on=D(2025, 12, 1), note="调任")
    s = next(
        s
        for s in services.screen(campaign=campaign, on=D(2026, 4, 25))
        if s.village == places.a.region
    )
    services.screening_decide(screening=s, confirm=True, on=D(2026, 4, 28))
    plan = services.plan_create(
        screening=s,
        problems="书记空缺",
        goals="选优配强",
        measures="乡镇党委选派",
        responsible="城关镇党委书记",
        paired_leader="县委组织部部长",
        on=D(2026, 5, 5),
        deadline=D(2026, 6, 30),
    )
    services.task_add(plan=plan, title="选派书记", due_on=D(2026, 5, 31))
    log_in(phone, "v_county")
    _check(phone, [f"/rectification/{campaign.pk}/", f"/rectification/plans/{plan.pk}/"])
    phone.context.clear_cookies()
    log_in(phone, "v_town")
    _check(phone, [f"/rectification/plans/{plan.pk}/"])
    phone.locator("textarea[name=report]").fill("已物色人选")
    phone.locator("textarea[name=report]").locator("xpath=ancestor::form//button").click()
    phone.wait_for_load_state("networkidle")
    assert ProgressReport.objects.get().text == "已物色人选"
