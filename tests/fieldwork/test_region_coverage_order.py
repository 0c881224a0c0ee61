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
