"""Each demo role's workbench in Chromium: the numbers on its tiles are the ones a recount of
the raw records gives, and each tile opens exactly the records it counts (the queue and its
overdue demands, a resident's own demands and those owing a rating, the unread
notifications, the unit's three rates and rank, the day's home visits per grid); a resident
sees no staff tile and no staff menu.

The recounts below are written against the model fields and the documented definitions
(the three rates in banshi/demands/rates.py, the visit cycle in banshi/fieldwork), not
through the selectors the tiles use."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.db.models import Max, Q
from django.utils import timezone

from banshi.access.models import RoleAssignment
from banshi.core.periods import Period
from banshi.demands import services
from banshi.demands.models import Demand, Level, Notification
from banshi.demands.units import HandlingUnit
from banshi.fieldwork.models import HomeVisit
from banshi.fieldwork.selectors import DUE_SOON_DAYS, PRIORITY_TAGS
from banshi.people.models import ResidentTag
from banshi.territory.models import Household
from tests.demands.conftest import (  # noqa: F401 (fixtures)
    cat,
    dept,
    dept2,
    fresh_deadline_rules,
    immediate_tasks,
    media,
    people,
    submit,
    walk,
)

pytestmark = pytest.mark.browser

S = Demand.State
OUTSIDE = {"lat": 40.0, "lng": 111.0}  # in no grid: the demand waits at the street's desk
STAFF_MENUS = ("区划", "居民", "党组织", "非公企业", "待办", "三率排名")
FIGURES = ("responded_in_time", "dispatched", "resolved", "due", "satisfied", "rated")
RATES = {
    "response_rate": ("responded_in_time", "dispatched"),
    "resolution_rate": ("resolved", "due"),
    "satisfaction_rate": ("satisfied", "rated"),
}
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


class Records:
    pass


def _to(demand, unit, staff, at):
    """A demand waiting at the street's desk, dispatched by the street to `unit`."""
    return services.demand_dispatch(demand=demand, user=staff.street, unit=unit, now=at)


@pytest.fixture
def records(world, people, make_user, submit):  # noqa: F811 (fixtures imported above)
    """Last month: demands walked to their rating at every level (one unsatisfied, one of
    the resident's own); this month: demands waiting at the grids, the street's desk, the
    community and a department, two of them overdue, one being handled, the resident's
    open one and one resolved that waits for their rating; home visits done, overdue and
    never made in the two grids of one grid worker; some notifications read."""
    r = Records()
    r.people, r.submit = people, submit
    r.now = timezone.now()
    r.last = Period.current_month().previous().key
    r.this = Period.current_month().key
    people.district = make_user("district", "district", region=world.district)
    admin = make_user("admin", "system_admin")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    people.admin = admin
    # The grid worker of the workbench serves two grids.
    RoleAssignment.objects.create(user=people.grid1, role="grid_worker", grid=world.grid2)
    community = HandlingUnit(Level.COMMUNITY, code=world.community.prefix)
    department = HandlingUnit.of_department(people.department)

    at = Period.parse(r.last).bounds[0] + datetime.timedelta(days=3, hours=10)
    walk(submit(grid=0, at=at), people, at=at)
    walk(submit(grid=0, at=at + HOUR, text="路灯坏了一个星期"), people, at=at, rating="unsatisfied")
    walk(submit(grid=1, at=at, text="小区门口积水严重"), people, at=at)
    walk(submit(grid=2, at=at, text="楼上漏水到我家"), people, at=at)
    walk(_to(submit(at=at, region=world.street, **OUTSIDE), department, people, at), people, at=at)
    walk(
        _to(submit(at=at, region=world.community, **OUTSIDE), community, people, at), people, at=at
    )
    mine = walk(submit(grid=0, user=people.resident, at=at), people, at=at, rating=None)
    services.demand_rate(demand=mine, user=people.resident, rating="satisfied", now=at + DAY)

    now = r.now
    r.g_wait = submit(grid=0, at=now - 5 * datetime.timedelta(minutes=1), text="垃圾桶满了")
    r.g_late = submit(grid=0, at=now - 10 * DAY, text="楼道灯不亮")
    r.g_progress = submit(grid=0, at=now - DAY, text="暖气不热")
    services.demand_sign(demand=r.g_progress, user=people.grid1, now=now - DAY + HOUR)
    services.demand_start(demand=r.g_progress, user=people.grid1, now=now - DAY + 2 * HOUR)
    r.g2_wait = submit(grid=1, at=now - 10 * datetime.timedelta(minutes=1), text="井盖松动")
    r.r_open = submit(grid=0, user=people.resident, at=now - HOUR, text="电梯经常停运")
    r.r_resolved = walk(
        submit(grid=0, user=people.resident, at=now - DAY, text="单元门禁坏了"),
        people,
        at=now - DAY,
        rating=None,
    )
    r.s_wait = submit(at=now - 30 * datetime.timedelta(minutes=1), region=world.street, **OUTSIDE)
    r.c_disp = _to(submit(at=now - HOUR, region=world.community, **OUTSIDE), community, people, now)
    r.d_disp = _to(submit(at=now - HOUR, region=world.street, **OUTSIDE), department, people, now)
    late_at = now - 10 * DAY
    r.d_late = _to(
        submit(at=late_at, region=world.street, **OUTSIDE), department, people, late_at + HOUR
    )

    first, second = world.households[world.grid1.code]
    for household, when in ((first, now - DAY), (second, now - 100 * DAY)):
        HomeVisit.objects.create(
            grid=world.grid1,
            household=household,
            household_ref=household.pk,
            worker=people.grid1,
            visited_at=when,
        )
    # Two of the grid worker's notifications already read: the tile counts the others.
    read = Notification.objects.filter(recipient_user=people.grid1).order_by("pk")[:2]
    Notification.objects.filter(pk__in=[n.pk for n in read]).update(read=True)
    return r


# --- recounts from the records ------------------------------------------------------------


def stage_due(d: Demand):
    """The deadline of the demand's current stage (None once it is resolved)."""
    if d.state in (S.RECEIVED, S.RETURNED):
        return d.dispatch_due
    if d.state == S.DISPATCHED:
        return d.sign_due
    if d.state in (S.SIGNED, S.IN_PROGRESS, S.ESCALATED):
        return d.resolve_due
    return None


def codes_of(demands) -> set[str]:
    return {d.tracking_code for d in demands}


def late_of(demands, now) -> set[str]:
    return {d.tracking_code for d in demands if stage_due(d) and stage_due(d) < now}


def unit_figures(unit: HandlingUnit, period: str) -> dict[str, set[str]]:
    """The tracking codes each figure of the unit's three rates counts in the month."""
    start, end = Period.parse(period).bounds
    if unit.is_department:
        mine = Demand.objects.filter(assigned_department_id=unit.department_id)
    else:
        mine = Demand.objects.filter(assigned_code__startswith=unit.code)
    mine = list(mine.exclude(state=S.MERGED))

    def within(value):
        return value is not None and start <= value < end

    dispatched = [d for d in mine if within(d.dispatched_at)]
    due = [d for d in mine if within(d.resolve_due)]
    rated = [d for d in mine if within(d.rated_at) and d.rating]
    return {
        "dispatched": codes_of(dispatched),
        "responded_in_time": codes_of(
            d for d in dispatched if d.signed_at and d.signed_at <= d.sign_due
        ),
        "due": codes_of(due),
        "resolved": codes_of(d for d in due if d.resolved_at),
        "rated": codes_of(rated),
        "satisfied": codes_of(d for d in rated if d.rating in ("satisfied", "basic")),
    }


def percent(n: int, d: int) -> str:
    return f"{n / d * 100:.1f}%" if d else "—"


def due_households(grid, now) -> set[int]:
    """Households never visited, or whose visit cycle ends within the coming week."""
    horizon = now + datetime.timedelta(days=DUE_SOON_DAYS)
    due = set()
    for h in Household.objects.filter(grid=grid):
        last = HomeVisit.objects.filter(household=h).aggregate(last=Max("visited_at"))["last"]
        priority = ResidentTag.objects.filter(resident__household=h, tag__in=PRIORITY_TAGS)
        days = (
            django_settings.BANSHI_VISIT_PRIORITY_CYCLE_DAYS
            if priority.exists()
            else django_settings.BANSHI_VISIT_CYCLE_DAYS
        )
        if last is None or last + datetime.timedelta(days=days) <= horizon:
            due.add(h.pk)
    return due


# --- reading the pages ----------------------------------------------------------------------


def open_home(page, log_in, username: str) -> None:
    log_in(page, username)
    page.goto("/")
    assert page.js_errors == []


def tile_keys(page) -> list[str]:
    return page.eval_on_selector_all("[data-tile]", "els => els.map(e => e.dataset.tile)")


def tile(page, key: str):
    return page.locator(f'[data-tile="{key}"]')


def follow(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def listed(page) -> set[str]:
    """The tracking codes of the demand table on the page."""
    return set(page.locator("table.demands tbody tr td.card-title a").all_inner_texts())


def nav_text(page) -> str:
    return page.inner_text("nav.nav")


def check_queue(page, expected: set[str], now) -> None:
    """The queue tile gives the count and the overdue among them; its link lists them, the
    overdue ones marked and first."""
    demands = list(Demand.objects.filter(tracking_code__in=expected))
    late = late_of(demands, now)
    box = tile(page, "demands.queue")
    assert int(box.locator("[data-total]").inner_text()) == len(expected)
    if late:
        tag = box.locator("[data-late]")
        assert int(tag.get_attribute("data-late")) == len(late)
        assert str(len(late)) in tag.inner_text()
    else:
        assert box.locator("[data-late]").count() == 0
    follow(page, box.locator("a").first)
    assert page.url.endswith("/demands/queue/")
    assert listed(page) == expected
    rows = page.locator("table.demands tbody tr")
    marked = set(page.locator("table.demands tbody tr.late td.card-title a").all_inner_texts())
    assert marked == late
    order = [rows.nth(i).get_attribute("class") or "" for i in range(rows.count())]
    assert order == sorted(order, key=lambda c: "late" not in c)  # the overdue first
    page.goto("/")
    if late:
        # "N 件已超时" opens exactly the overdue ones.
        follow(page, tile(page, "demands.queue").locator("a[data-late]"))
        assert page.url.endswith("/demands/queue/?late=1")
        assert listed(page) == late
        page.goto("/")


def check_rates(page, unit: HandlingUnit, periods: list[str]) -> None:
    """Each month's row shows the rates of a recount with their numerators and denominators;
    each of those numbers lists exactly the demands it counts; the rank opens the ranking,
    whose row for the unit has the same figures."""
    box = tile(page, "demands.rates")
    assert box.count() == 1
    for period in periods:
        counted = unit_figures(unit, period)
        row = box.locator(f'tr[data-period="{period}"]')
        for rate, (num, den) in RATES.items():
            cell = row.locator(f'td[data-rate="{rate}"]')
            n, d = len(counted[num]), len(counted[den])
            assert cell.locator(f'a[data-figure="{num}"]').inner_text() == str(n), (period, num)
            assert cell.locator(f'a[data-figure="{den}"]').inner_text() == str(d), (period, den)
            assert cell.inner_text().split()[0] == percent(n, d), (period, rate)
        assert any(counted[f] for f in FIGURES), period  # something to count
        for figure in FIGURES:
            follow(page, row.locator(f'a[data-figure="{figure}"]'))
            assert listed(page) == counted[figure], (period, figure)
            assert f"：{len(counted[figure])} 件" in page.inner_text("#figure-context")
            page.go_back()
        rank = row.locator("td[data-rank] a")
        if period == periods[0]:
            assert rank.count() == 1, period  # a complete month ranks every unit with figures
        if rank.count():
            shown_rank = rank.inner_text().split("/")[0]
            follow(page, rank)
            ranked = page.locator(f'#ranking tr[data-unit="{unit.key}"]')
            assert ranked.locator("td").first.inner_text() == shown_rank
            text = " ".join(ranked.inner_text().split())
            for num, den in RATES.values():
                assert f"({len(counted[num])}/{len(counted[den])})" in text, (period, num)
            page.go_back()


def check_notifications(page, user) -> None:
    """Unread count of the user's notifications; the link lists them all, the unread marked."""
    mine = Notification.objects.filter(recipient_user=user)
    box = tile(page, "demands.notifications")
    if not mine.exists():
        assert box.count() == 0
        return
    unread = mine.filter(read=False)
    assert int(box.locator("[data-unread]").inner_text()) == unread.count()
    follow(page, box.locator("a").first)
    assert page.url.endswith("/demands/notifications/")
    marked = page.locator("ul.notifications li.unread a").all_inner_texts()
    assert sorted(marked) == sorted(n.demand.tracking_code for n in unread)
    assert page.locator("ul.notifications li").count() == mine.count()
    page.goto("/")


def staff_nav(page) -> None:
    nav = nav_text(page)
    assert "接诉即办" in nav, nav


# --- the roles --------------------------------------------------------------------------------


def test_grid_worker_workbench(page, log_in, world, records):
    r = records
    open_home(page, log_in, "grid1")
    assert tile_keys(page) == [
        "demands.queue",
        "demands.notifications",
        "demands.rates",
        "fieldwork.today",
    ]
    staff_nav(page)
    check_queue(page, codes_of([r.g_wait, r.g_late, r.g_progress, r.g2_wait, r.r_open]), r.now)
    assert r.g_late.tracking_code in late_of([r.g_late], r.now)
    check_notifications(page, r.people.grid1)
    check_rates(page, HandlingUnit(Level.GRID, code=world.grid1.code), [r.last, r.this])

    box = tile(page, "fieldwork.today")
    due = {g.code: due_households(g, r.now) for g in (world.grid1, world.grid2)}
    assert int(box.locator("[data-total]").inner_text()) == sum(len(v) for v in due.values())
    assert all(due.values())  # something due in each grid
    for code, households in due.items():
        item = box.locator(f'li[data-grid="{code}"]')
        assert int(item.locator("[data-due]").inner_text()) == len(households)
        # The grid's coverage opens its covered households: as many as the rate says.
        link = item.locator("a[data-coverage]")
        rate = float(link.get_attribute("data-coverage"))
        shown_rate = link.inner_text().split()[-1]
        follow(page, link)
        assert page.inner_text("[data-figure-value]") == shown_rate
        covered = int(
            re.search(r"共 ([\d,]+) 条记录", page.inner_text("main")).group(1).replace(",", "")
        )
        households_in_grid = Household.objects.filter(grid__code=code).count()
        assert round(covered / households_in_grid, 4) == rate
        page.goto("/")
        follow(page, item.locator("a").first)
        shown = page.eval_on_selector_all(
            "#fw-today tbody tr[data-household]", "els => els.map(e => +e.dataset.household)"
        )
        assert set(shown) == households, code
        assert code in page.inner_text("#fw").replace(" ", "") or page.url.endswith(code)
        page.goto("/")


def test_community_workbench(page, log_in, world, records):
    r = records
    open_home(page, log_in, "community")
    assert "demands.queue" in tile_keys(page) and "fieldwork.today" not in tile_keys(page)
    staff_nav(page)
    check_queue(page, codes_of([r.c_disp]), r.now)
    check_notifications(page, r.people.community)
    check_rates(page, HandlingUnit(Level.COMMUNITY, code=world.community.prefix), [r.last, r.this])


def test_street_workbench(page, log_in, world, records):
    r = records
    open_home(page, log_in, "street")
    staff_nav(page)
    check_queue(page, codes_of([r.s_wait]), r.now)
    check_notifications(page, r.people.street)
    check_rates(page, HandlingUnit(Level.STREET, code=world.street.prefix), [r.last, r.this])
    # The communities' ranking of last month, as the ranking page gives it.
    ranked = tile(page, "demands.rates").locator("ol.compact-ranking li[data-unit]")
    keys = ranked.evaluate_all("els => els.map(e => e.dataset.unit)")
    assert f"community:{world.community.prefix}" in keys
    follow(page, tile(page, "demands.rates").locator("a", has_text="查看排名").last)
    assert "level=community" in page.url and f"period={r.last}" in page.url
    on_page = page.eval_on_selector_all(
        "#ranking tr[data-unit]", "els => els.map(e => e.dataset.unit)"
    )
    assert on_page[: len(keys)] == keys


def test_district_workbench(page, log_in, world, records):
    r = records
    open_home(page, log_in, "district")
    staff_nav(page)
    check_queue(page, set(), r.now)  # nothing waits at a district: it supervises
    check_rates(page, HandlingUnit(Level.DISTRICT, code=world.district.prefix), [r.last, r.this])
    ranked = tile(page, "demands.rates").locator("ol.compact-ranking li[data-unit]")
    assert f"street:{world.street.prefix}" in ranked.evaluate_all(
        "els => els.map(e => e.dataset.unit)"
    )


def test_department_workbench(page, log_in, world, records):
    r = records
    open_home(page, log_in, "dept")
    assert "您的账户尚未分配管辖范围" not in page.inner_text("main")
    check_queue(page, codes_of([r.d_disp, r.d_late]), r.now)
    assert late_of([r.d_late], r.now)  # the overdue one is counted as such
    check_notifications(page, r.people.dept)
    check_rates(page, HandlingUnit.of_department(r.people.department), [r.last, r.this])


def test_system_admin_workbench(page, log_in, world, records):
    r = records
    open_home(page, log_in, "admin")
    assert "demands.mine" not in tile_keys(page)
    active = Demand.objects.filter(state__in=Demand.ACTIVE_STATES)
    check_queue(page, codes_of(active), r.now)


def test_resident_workbench(page, log_in, world, records):
    r = records
    open_home(page, log_in, "resident")
    keys = tile_keys(page)
    assert "demands.mine" in keys
    assert not {"demands.queue", "demands.rates", "fieldwork.today"} & set(keys)
    nav = nav_text(page)
    for menu in STAFF_MENUS:
        assert menu not in nav, menu
    assert "您的管辖范围" not in page.inner_text("main")

    theirs = Demand.objects.filter(
        Q(reporter_user=r.people.resident)
        | Q(reporter_resident=r.people.resident.role_assignments.get().resident)
    )
    box = tile(page, "demands.mine")
    assert int(box.locator("[data-total]").inner_text()) == theirs.count() == 3
    is_open = theirs.filter(state__in=Demand.ACTIVE_STATES)
    assert int(box.locator("[data-open]").get_attribute("data-open")) == is_open.count()
    to_rate = theirs.filter(state=S.RESOLVED)
    assert int(box.locator("[data-to-rate]").get_attribute("data-to-rate")) == to_rate.count()
    recent = box.locator("li[data-demand]").evaluate_all("els => els.map(e => +e.dataset.demand)")
    assert recent[0] == r.r_resolved.pk  # the rating owed comes first
    assert box.locator(f'li[data-demand="{r.r_resolved.pk}"] a[href$="/rate/"]').count() == 1

    follow(page, box.locator("a").first)
    assert listed(page) == codes_of(theirs)
    page.goto("/")
    follow(page, box.locator("a[data-to-rate]"))
    assert listed(page) == codes_of(to_rate)
    page.goto("/")
    check_notifications(page, r.people.resident)


# --- found here and fixed: a resident's demand pages, a demand dispatched to a community ---


def test_a_residents_demand_pages_show_no_staff_menus(page, log_in, world, records):
    log_in(page, "resident")
    page.goto("/demands/")
    menus = " ".join(page.locator("nav").all_inner_texts())
    for menu in STAFF_MENUS:
        assert menu not in menus, menu


def test_a_demand_dispatched_to_the_community_is_in_its_queue(page, log_in, world, records):
    r = records
    community = HandlingUnit(Level.COMMUNITY, code=world.community.prefix)
    desk = r.submit(at=r.now - HOUR, region=world.street, text="小区围墙倒塌", **OUTSIDE)
    sent = _to(desk, community, r.people, r.now)
    open_home(page, log_in, "community")
    check_queue(page, codes_of([r.c_disp, sent]), r.now)
