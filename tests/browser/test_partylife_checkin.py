"""The theme party day on two phones (360 × 740): the organiser's page shows the rotating
code, a member types it into their check-in page, and the organiser's attendance list (polled
by htmx) shows them present without a reload. Both pages fit the screen and pass axe's
contrast and label rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from banshi.partylife import services
from banshi.partylife.codes import checkin_code
from banshi.partylife.models import Attendance
from tests.browser.conftest import wait_for_the_server
from tests.partylife.life import life  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

RULES = ["color-contrast", "label", "button-name", "select-name", "link-name", "input-button-name"]


def _phone(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        base_url=live_server.url,
        bypass_csp=True,  # axe is injected into the page
    )
    context.set_default_timeout(15_000)
    return context


def _fits_and_passes_axe(page) -> list[str]:
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        problems.append(f"{page.url}: {width} px wide")
    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": RULES}})
    for violation in results.response["violations"]:
        targets = [n["target"] for n in violation["nodes"]][:3]
        problems.append(f"{page.url}: {violation['id']} {targets}")
    return problems


def test_member_checks_in_with_the_code_the_organiser_shows(
    chromium,
    live_server,
    log_in,
    life,  # noqa: F811
):
    activity = services.activity_plan(
        organization=life.branch,
        kind="theme_day",
        planned_at=timezone.now(),
        title="主题党日：重温入党誓词",
    )
    services.activity_hold(activity=activity, held_at=timezone.now())
    member = life.members[0]
    organiser_ctx = _phone(chromium, live_server)
    member_ctx = _phone(chromium, live_server)
    try:
        organiser = organiser_ctx.new_page()
        errors = []
        organiser.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(organiser, life.secretary.username)
        organiser.goto(f"/partylife/activities/{activity.pk}/")
        row = f'#pl-attendance-list tr[data-member="{member.pk}"]'
        assert organiser.get_attribute(row, "data-status") == "expected"
        code = organiser.inner_text("#pl-code-digits").strip()
        assert len(code) == 6 and code.isdigit()

        phone = member_ctx.new_page()
        phone.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(phone, life.member_users[0].username)
        phone.goto("/partylife/checkin/")
        phone.fill("#pl-code-input", code)
        phone.click("#pl-checkin-submit")
        phone.wait_for_selector("#pl-checkin-result.ok")
        assert "签到成功" in phone.inner_text("#pl-checkin-result")
        assert Attendance.objects.get(activity=activity, member=member).status == "present"

        # The organiser's list updates by itself (htmx polls every 3 s).
        organiser.wait_for_selector(f'{row}[data-status="present"]', timeout=12_000)
        assert "手机签到" in organiser.inner_text(row)

        problems = _fits_and_passes_axe(organiser) + _fits_and_passes_axe(phone)
        assert problems == []
        assert errors == []
    finally:
        organiser_ctx.close()
        member_ctx.close()
        wait_for_the_server()


def test_plan_and_activity_pages_fit_a_phone(chromium, live_server, log_in, life):  # noqa: F811
    plan = services.plan_create(
        organization=life.district_org,
        year=2026,
        months=[
            {"month": m, "theme": f"主题{m}", "required_items": ["重温入党誓词"]}
            for m in range(1, 13)
        ],
    )
    services.plan_publish(plan=plan)
    planned = services.activity_plan(
        organization=life.branch,
        kind="committee",
        planned_at=timezone.now(),
        title="支委会",
    )
    problems = []
    context = _phone(chromium, live_server)
    try:
        page = context.new_page()
        log_in(page, life.secretary.username)
        for path in (
            "/partylife/",
            f"/partylife/?org={life.branch.pk}",
            "/partylife/plans/",
            f"/partylife/plans/{plan.pk}/",
            f"/partylife/activities/{planned.pk}/",
            f"/partylife/organizations/{life.branch.pk}/appraisal/",
            f"/partylife/organizations/{life.branch.pk}/committee/",
        ):
            page.goto(path)
            page.wait_for_load_state("networkidle")
            problems += _fits_and_passes_axe(page)
    finally:
        context.close()
        wait_for_the_server()
    context = _phone(chromium, live_server)
    try:
        page = context.new_page()
        log_in(page, life.member_users[1].username)
        page.goto("/partylife/checkin/")
        problems += _fits_and_passes_axe(page)
    finally:
        context.close()
        wait_for_the_server()
    assert problems == []


def test_an_offline_check_in_is_sent_once_the_phone_is_online(
    chromium,
    live_server,
    log_in,
    life,  # noqa: F811
):
    activity = services.activity_plan(
        organization=life.branch, kind="theme_day", planned_at=timezone.now(), title="主题党日"
    )
    services.activity_hold(activity=activity, held_at=timezone.now())
    member = life.members[1]
    context = _phone(chromium, live_server)
    try:
        phone = context.new_page()
        log_in(phone, life.member_users[1].username)
        phone.goto("/partylife/checkin/")
        phone.wait_for_load_state("networkidle")
        context.set_offline(True)
        phone.fill("#pl-code-input", checkin_code(activity, timezone.now()))
        phone.click("#pl-checkin-submit")
        phone.wait_for_selector("#pl-outbox li.waiting")
        assert Attendance.objects.get(activity=activity, member=member).status == "expected"
        context.set_offline(False)  # the page hears "online" and sends its outbox
        phone.wait_for_selector("#pl-checkin-result.ok")
        phone.wait_for_selector("#pl-outbox li", state="detached")
        row = Attendance.objects.get(activity=activity, member=member)
        assert (row.status, row.method) == ("present", "code")
        assert Attendance.objects.filter(client_id=row.client_id).count() == 1
    finally:
        context.close()
        wait_for_the_server()
