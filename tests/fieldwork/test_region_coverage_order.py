"""The street's coverage tables put the grids that most need visits first (lowest coverage,
then most overdue), and by code on request."""

import re

from django.test import Client

from tests.fieldwork.test_plan_and_figures import visit


def _order(html: str, section: str) -> list[str]:
    table = html.split(section, 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-code="(\d+)">', table)


def test_grids_needing_visits_come_first(world, worker1, worker2, make_user):
    for h in world.households[world.grid1.code]:
        visit(h, worker1, 5)  # grid 1 fully covered
    visit(world.households[world.grid2.code][0], worker2, 5)  # grid 2 half; grid 3 none
    client = Client()
    client.force_login(make_user("street", "street", region=world.street))
    url = f"/regions/{world.street.code}/fieldwork/"
    html = client.get(url).content.decode()
    assert _order(html, "各网格走访覆盖率") == [
        world.grid3.code,
        world.grid2.code,
        world.grid1.code,
    ]
    by_code = client.get(url, {"sort": "code"}).content.decode()
    assert _order(by_code, "各网格走访覆盖率") == sorted(
        [world.grid1.code, world.grid2.code, world.grid3.code]
    )


def test_for_a_month_the_page_gives_the_region_pages_figures(world, worker1, make_user):
    """From the region page the field-work page opens on the same month, so its figures are
    the dashboard's; a bad period is a 400 with a message."""
    visit(world.households[world.grid1.code][0], worker1, 5)
    client = Client()
    client.force_login(make_user("street", "street", region=world.street))
    region = client.get(f"/regions/{world.street.code}/", {"period": "2026-10"})
    assert f'/regions/{world.street.code}/fieldwork/?period=2026-10"' in region.content.decode()
    page = client.get(f"/regions/{world.street.code}/fieldwork/", {"period": "2026-10"})
    html = page.content.decode()
    assert page.status_code == 200 and "统计期间 2026-10" in html
    assert "covered_households/?period=2026-10" in html
    bad = client.get(f"/regions/{world.street.code}/fieldwork/", {"period": "2026-13"})
    assert bad.status_code == 400 and "月份无效" in bad.content.decode()
