import re

import pytest
from django.urls import reverse

HX = {"HTTP_HX_REQUEST": "true"}


def listed(html, residents):
    return {r.name for r in residents if reverse("resident_detail", args=[r.pk]) in html}


@pytest.mark.parametrize("term", ["张三", "张", "zhangsan", "zhang", "ZS", "zs"])
def test_search_by_characters_pinyin_and_initials(login, street_user, named_residents, term):
    zhang, li = named_residents
    html = login(street_user).get(reverse("resident_list"), {"q": term}).content.decode()
    assert listed(html, named_residents) == {"张三"}
    assert "共 1 人" in html


def test_search_with_no_match_shows_none(login, street_user, named_residents):
    html = login(street_user).get(reverse("resident_list"), {"q": "wangwu"}).content.decode()
    assert listed(html, named_residents) == set()
    assert "共 0 人" in html


def test_search_stays_in_scope(login, grid_user, named_residents):
    client = login(grid_user)
    assert (
        listed(client.get(reverse("resident_list"), {"q": "ls"}).content.decode(), named_residents)
        == set()
    )
    assert listed(
        client.get(reverse("resident_list"), {"q": "zs"}).content.decode(), named_residents
    ) == {"张三"}


def test_list_columns_are_masked(login, grid_user, world):
    html = login(grid_user).get(reverse("resident_list")).content.decode()
    for r in world.residents[world.grid1.code]:
        assert r.id_number_masked in html and r.phone_masked in html
        assert r.id_number not in html and r.phone not in html
    for r in world.residents[world.grid3.code]:
        assert reverse("resident_detail", args=[r.pk]) not in html
    for header in ("姓名", "性别", "年龄", "公民身份号码", "联系电话", "网格", "户"):
        assert re.search(rf"<th[^>]*>{header}</th>", html), header


def test_htmx_search_returns_the_results_fragment(login, street_user, named_residents):
    response = login(street_user).get(reverse("resident_list"), {"q": "zs"}, **HX)
    html = response.content.decode()
    assert "<html" not in html
    assert listed(html, named_residents) == {"张三"}


def test_list_is_paginated_with_the_query_kept(login, superuser, world):
    from banshi.people.services import resident_create
    from tests.conftest import make_id_number

    household = world.households[world.grid1.code][0]
    for i in range(52):
        resident_create(name="王五", id_number=make_id_number(100 + i), household=household)
    client = login(superuser)
    first = client.get(reverse("resident_list"), {"q": "ww"}).content.decode()
    assert "共 52 人" in first
    assert "?q=ww&amp;page=2" in first
    second = client.get(reverse("resident_list"), {"q": "ww", "page": 2}).content.decode()
    assert second.count("王五</a>") == 2
