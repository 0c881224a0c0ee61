"""The household picker of the visit form: a grid's few hundred addresses are found by typing
words of the address (楼栋, 单元, 门牌); one match is chosen, and the count is announced."""

import pytest
from playwright.sync_api import expect

from banshi.territory.models import Building, Household, Unit

pytestmark = pytest.mark.browser


@pytest.fixture
def many_households(world):
    for b in range(2, 7):
        building = Building.objects.create(grid=world.grid1, number=f"{b}号楼")
        for u in (1, 2):
            unit = Unit.objects.create(building=building, number=f"{u}单元")
            for door in ("101", "102", "201", "202", "301"):
                Household.objects.create(
                    grid=world.grid1,
                    building=building,
                    unit=unit,
                    door_number=door,
                    address=f"{world.grid1.name}{b}号楼{u}单元{door}",
                )
    return Household.objects.get(building__number="4号楼", unit__number="2单元", door_number="201")


def test_typing_words_of_an_address_finds_and_chooses_the_household(
    page, log_in, world, make_user, many_households
):
    make_user("gw", "grid_worker", grid=world.grid1)
    log_in(page, "gw")
    page.goto("/fieldwork/visit/")
    page.wait_for_selector("#fw[data-ready='1']")
    select = page.locator("#fw-household")
    assert select.locator("option").count() == 1 + 2 + 50
    search = page.get_by_role("searchbox", name="输入楼栋、单元或门牌查找")
    search.fill("4号楼 2单元")
    expect(page.locator(".select-search-status")).to_have_text("找到 5 户")
    visible = select.evaluate("s => [...s.options].filter(o => o.value && !o.hidden).length")
    assert visible == 5
    search.fill("4号楼 2单元 201")
    expect(page.locator(".select-search-status")).to_have_text("找到 1 户")
    assert select.input_value() == str(many_households.pk)
    search.fill("")
    hidden = select.evaluate("s => [...s.options].filter(o => o.hidden).length")
    assert hidden == 0
    assert page.js_errors == []
