"""Visit plan, the daily list, coverage figures recounted from raw visits, the command,
the region page and scope."""

import datetime
import json

from django.core.management import call_command
from django.test import Client

from banshi.core.figures import all_figures
from banshi.fieldwork import selectors, views
from banshi.fieldwork.models import Finding, HomeVisit, Patrol
from banshi.people.models import ResidentTag
from banshi.territory.models import Building, Household

from .conftest import NOW


def visit(h, worker, days_ago):
    return HomeVisit.objects.create(
        grid=h.grid,
        household=h,
        household_ref=h.pk,
        worker=worker,
        visited_at=NOW - datetime.timedelta(days=days_ago),
    )


def recount(households, now):
    covered = 0
    for h in households:
        priority = ResidentTag.objects.filter(
            resident__household=h, tag__in=selectors.PRIORITY_TAGS
        ).exists()
        cycle = 30 if priority else 90
        last = HomeVisit.objects.filter(household=h).order_by("-visited_at").first()
        if last and last.visited_at >= now - datetime.timedelta(days=cycle):
            covered += 1
    return covered


def test_coverage_matches_a_recount_from_raw_visits(world, worker1, worker2):
    g1, g2 = world.households[world.grid1.code], world.households[world.grid2.code]
    # a priority household visited 40 days ago: outside its 30-day cycle
    ResidentTag.objects.create(resident=world.residents[world.grid1.code][0], tag="elderly_alone")
    visit(g1[0], worker1, 40)
    visit(g1[1], worker1, 40)  # normal, inside 90 days
    visit(g2[0], worker2, 100)  # outside
    visit(g2[0], worker2, 200)
    visit(g2[1], worker2, 10)
    figures = selectors.region_fieldwork(region=world.street, now=NOW)
    all_h = list(Household.objects.all())
    assert figures["households"] == 6
    assert figures["covered_households"] == recount(all_h, NOW) == 2
    assert figures["overdue_households"] == 4
    assert figures["visit_coverage_rate"] == 0.3333
    by_grid = {g["code"]: g for g in figures["grids"]}
    assert by_grid[world.grid1.code]["covered"] == recount(g1, NOW) == 1
    assert by_grid[world.grid2.code]["covered"] == recount(g2, NOW) == 1
    by_comm = {c["code"]: c for c in figures["communities"]}
    assert by_comm[world.community.code]["households"] == 4
    assert by_comm[world.community.code]["covered"] == 2
    assert figures["streets"][0]["code"] == world.street.code
    # lists behind the figures agree with the figures
    overdue = selectors.figure_records(
        key="overdue_households", region=world.street, user=None, now=NOW
    )
    assert overdue.count() == 4 and g1[0] in overdue
    covered = selectors.figure_records(
        key="covered_households", region=world.street, user=None, now=NOW
    )
    assert set(covered) == {g1[1], g2[1]}


def test_cycles_are_configurable(world, worker1, settings):
    settings.BANSHI_VISIT_CYCLE_DAYS = 30
    h = world.households[world.grid1.code][1]
    visit(h, worker1, 40)
    assert selectors.region_fieldwork(region=world.street, now=NOW)["covered_households"] == 0
    settings.BANSHI_VISIT_CYCLE_DAYS = 60
    assert selectors.region_fieldwork(region=world.street, now=NOW)["covered_households"] == 1


def test_figures_are_aggregate_queries(world, worker1, django_assert_max_num_queries):
    for h in world.households[world.grid1.code]:
        visit(h, worker1, 5)
    with django_assert_max_num_queries(8):
        selectors.region_fieldwork(region=world.street, now=NOW)


def test_daily_list_overdue_first_then_nearest_with_a_location(world, worker1):
    h1, h2 = world.households[world.grid1.code]
    far = Building.objects.create(grid=world.grid1, number="9号楼", lat=40.8135, lng=111.7035)
    Household.objects.filter(pk=h1.pk).update(building=far, unit=None)
    visit(h2, worker1, 85)  # due in 5 days
    rows = selectors.daily_list(user=worker1, grid=world.grid1, now=NOW)
    assert [r.household.pk for r in rows] == [h1.pk, h2.pk]  # never visited first
    assert rows[0].overdue and not rows[1].overdue
    rows = selectors.daily_list(user=worker1, grid=world.grid1, now=NOW, lat=40.8135, lng=111.7035)
    assert [r.household.pk for r in rows] == [h1.pk, h2.pk]
    rows = selectors.daily_list(user=worker1, grid=world.grid1, now=NOW, lat=40.810, lng=111.700)
    assert [r.household.pk for r in rows] == [h2.pk, h1.pk]  # nearest first
    assert rows[0].distance < rows[1].distance
    visit(h2, worker1, 1)  # just visited: no longer on the list
    rows = selectors.daily_list(user=worker1, grid=world.grid1, now=NOW)
    assert [r.household.pk for r in rows] == [h1.pk]


def test_scope_grid_worker_sees_only_own_grid(world, worker1, worker2, make_user):
    visit(world.households[world.grid1.code][0], worker1, 1)
    visit(world.households[world.grid2.code][0], worker2, 1)
    Patrol.objects.create(grid=world.grid2, worker=worker2, started_at=NOW)
    assert selectors.visit_list(user=worker1).count() == 1
    assert selectors.patrol_list(user=worker1).count() == 0
    street = make_user("street", "street", region=world.street)
    assert selectors.visit_list(user=street).count() == 2
    c = Client()
    c.force_login(worker1)
    assert c.get(f"/regions/{world.street.code}/fieldwork/").status_code == 404
    assert c.get("/fieldwork/household/?grid=" + world.grid2.code).status_code == 404


def test_region_page_and_lists(world, worker1, make_user):
    visit(world.households[world.grid1.code][0], worker1, 1)
    p = Patrol.objects.create(grid=world.grid1, worker=worker1, started_at=NOW)
    Finding.objects.create(patrol=p, kind="hazard", note="电动车楼道充电", found_at=NOW)
    street = make_user("street", "street", region=world.street)
    c = Client()
    c.force_login(street)
    r = c.get(f"/regions/{world.street.code}/fieldwork/")
    assert r.status_code == 200
    html = r.content.decode()
    # every figure opens into the one drill-down page, over the page's 91 days
    drill = f"/regions/{world.street.code}/figures"
    assert "走访覆盖率" in html and f"{drill}/overdue_households/?period=91d" in html
    for figure in all_figures(groups=["fieldwork"]):
        for part in figure.parts:
            r = c.get(f"{drill}/{figure.key}/", {"period": "91d", "part": part})
            assert r.status_code == 200, figure.key
    r = c.get(f"{drill}/findings_hazard/?period=91d")
    assert "电动车楼道充电" in r.content.decode()
    assert c.get(f"{drill}/nope/").status_code == 404


def test_command_prints_json(world, worker1, capsys):
    visit(world.households[world.grid1.code][0], worker1, 1)
    call_command("fieldwork", "--region", "大学东路街道", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["households"] == 6 and data["covered_households"] == 1


def test_worker_pages_and_pwa(world, client1):
    for url in ("/fieldwork/", "/fieldwork/visit/", "/fieldwork/patrol/", "/fieldwork/household/"):
        r = client1.get(url)
        assert r.status_code == 200 and b"manifest.webmanifest" in r.content, url
        assert b"<script>" not in r.content  # CSP: no inline script
    sw = client1.get("/sw.js")
    assert sw["Content-Type"] == "application/javascript"
    assert sw["Service-Worker-Allowed"] == "/"
    m = client1.get("/manifest.webmanifest")
    assert json.loads(m.content)["scope"] == "/"
    data = client1.get("/fieldwork/data/grid.json").json()
    assert {h["id"] for h in data["households"]} == {
        h.pk for h in world.households[world.grid1.code]
    }


def test_todays_list_shows_the_most_pressing_first_and_the_rest_on_request(
    world, client1, monkeypatch
):
    households = world.households[world.grid1.code]
    monkeypatch.setattr(views, "TODAY_SHOWN", 1)  # the test grid has a few households
    page = client1.get("/fieldwork/").content.decode()
    assert len(households) > 1 and page.count("data-household=") == 1
    assert f"逾期或近期到期的户：{len(households)} 户" in page
    assert 'id="fw-today-more"' in page and f"显示全部 {len(households)} 户" in page
    full = client1.get("/fieldwork/?all=1").content.decode()
    assert full.count("data-household=") == len(households) and 'id="fw-today-more"' not in full


def test_the_tiles_due_count_is_the_daily_lists_length(world, worker1):
    h1, h2 = world.households[world.grid1.code]
    resident = h2.residents.first()
    assert resident is not None

    def both():
        listed = len(selectors.daily_list(user=worker1, grid=world.grid1, now=NOW))
        return listed, selectors.due_count(user=worker1, grid=world.grid1, now=NOW)

    assert both() == (2, 2)  # never visited
    visit(h1, worker1, 84)  # a normal household due in 6 days: still on the week's list
    visit(h2, worker1, 25)  # visited within both cycles
    assert both() == (1, 1)
    ResidentTag.objects.create(resident=resident, tag=selectors.PRIORITY_TAGS[0])
    assert both() == (2, 2)  # a priority household's 30-day cycle ends within the week
    visit(h1, worker1, 1)
    assert both() == (1, 1)
