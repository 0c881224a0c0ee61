"""Categories are data with translatable labels: each default category's name is in the
English catalogue, so pages in English name it in English; a category an administrator
adds shows as it was typed; the stored name (the API's and Open311's) never changes."""

import pytest
from django.urls import reverse
from django.utils import translation

from banshi.demands.defaults import CATEGORIES
from banshi.demands.models import Category

pytestmark = pytest.mark.django_db


def test_every_default_category_has_an_english_label():
    with translation.override("en"):
        for code, name, _level, _complexity in CATEGORIES:
            category = Category.objects.get(code=code)
            assert category.name == name
            assert category.label != name, code
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in category.label), category.label
    with translation.override("zh-hans"):
        assert Category.objects.get(code="heating").label == "供暖"


def test_a_category_an_administrator_adds_shows_as_typed():
    category = Category.objects.create(code="snow", name="清雪除冰", sort_order=999)
    with translation.override("en"):
        assert category.label == "清雪除冰" and str(category) == "清雪除冰"


def test_the_demand_list_names_categories_in_the_readers_language(client, world, make_user):
    client.force_login(make_user("street", "street", region=world.street))
    heating = Category.objects.get(code="heating")
    with translation.override("en"):
        english = heating.label
    client.cookies["django_language"] = "en"
    html = client.get(reverse("demands:list")).content.decode()
    assert f">{english}</option>" in html
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("demands:list")).content.decode()
    assert ">供暖</option>" in html
