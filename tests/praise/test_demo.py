"""The praise demo on a minimal world (the city and 市公交公司's party committee): the brand
学雷锋365 with its goals, five levels of linkage and six kinds of carrier in the seed's
numbers, and 2022's praise exactly 410 / 373 / 27; the registered figures and the command
say the same; built again, it replaces itself; under 3 seconds."""

import datetime
import json
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from banshi.core import figures
from banshi.core.periods import Period
from banshi.organizations.demo_units import bus_company_committee
from banshi.praise.demo import build_demo_praise
from banshi.praise.models import Brand, Carrier, PraiseRecord
from banshi.territory.models import Region

NOW = timezone.make_aware(datetime.datetime(2026, 11, 27, 0, 0))


@pytest.fixture
def city(db):
    return Region.objects.create(code="150100000000", name="呼和浩特市", kind="city")


def test_the_demo_reproduces_the_seed(city):
    started = time.perf_counter()
    out = build_demo_praise(seed=7, now=NOW)
    assert time.perf_counter() - started < 3
    unit = bus_company_committee()
    brand = Brand.objects.get(pk=out["brand"])
    assert brand.owner == unit and brand.name == "学雷锋365"
    assert brand.goals == ["学雷锋做好事", "学雷锋做好人", "学雷锋做标杆"]
    assert len(brand.linkage) == 5
    kinds = set(brand.carriers.values_list("kind", flat=True))
    assert kinds == set(Carrier.Kind.values)
    routes = set(brand.carriers.filter(kind="route").values_list("name", flat=True))
    assert len(routes) == 16 and {"66路", "73路", "26路"} <= routes
    assert brand.carriers.filter(kind="carriage").count() == 39
    assert brand.carriers.filter(kind="model_post").count() == 2
    models = brand.carriers.filter(kind="post_model")
    assert models.count() == 42 and set(models.values_list("level", flat=True)) == {"company"}
    praise = PraiseRecord.objects.filter(unit=unit, received_on__year=2022)
    assert praise.filter(kind="hotline").count() == 410
    assert praise.filter(kind="letter").count() == 373
    assert praise.filter(kind="banner").count() == 27
    assert PraiseRecord.objects.count() == 810
    months = {d.month for d in praise.values_list("received_on", flat=True)}
    assert months == set(range(1, 13))
    assert praise.filter(carrier__kind="route").exists()
    assert praise.filter(kind="hotline").exclude(external_id="").count() == 410
    values = figures.compute(city, Period.year(2022), groups=["praise"])
    assert values == {
        "praise_hotline": 410,
        "praise_letters": 373,
        "praise_banners": 27,
        "lei_feng_routes": 16,
        "lei_feng_carriages": 39,
        "model_posts": 2,
        "post_models": 42,
    }
    text = StringIO()
    call_command("praise", unit=unit.name, year=2022, as_json=True, stdout=text)
    data = json.loads(text.getvalue())
    assert data["praise"] == {"hotline": 410, "letter": 373, "banner": 27, "in_person": 0}
    assert data["carriers"]["route"] == 16 and data["carriers"]["post_model"] == 42
    again = build_demo_praise(seed=7, now=NOW)
    assert again == {**out, "brand": again["brand"]}
    assert Brand.objects.count() == 1 and PraiseRecord.objects.count() == 810
    assert Carrier.objects.count() == out["carriers_route"] + 39 + 2 + 42 + 2


def test_without_the_city_the_demo_does_nothing(db):
    assert build_demo_praise(seed=7, now=NOW) == {}
    assert not Brand.objects.exists()
