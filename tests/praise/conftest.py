"""Fixtures for praise: the bus fleet's branch in 大学东路街道 (the unit praised) with its
brand and carriers (66路, 73路, a carriage, a post model), a unit in 新城区 outside the
street's scope, and users: the street's staff, the other district's, the branch's
secretary, a resident and a user with no role."""

from types import SimpleNamespace

import pytest
from django.test import Client

from banshi.organizations.models import PartyOrganization
from banshi.praise import services
from banshi.praise.models import Carrier


@pytest.fixture
def login():
    def _login(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _login


@pytest.fixture
def pw(world, make_user):
    unit = PartyOrganization.objects.create(
        name="公交三公司党支部", kind=PartyOrganization.Kind.BRANCH, region=world.street
    )
    other = PartyOrganization.objects.create(
        name="新城区公交党支部", kind=PartyOrganization.Kind.BRANCH, region=world.other_district
    )
    brand = services.brand_create(
        owner=unit, name="学雷锋365", goals=["做好事", "做好人"], linkage=["公司", "车队"]
    )
    other_brand = services.brand_create(owner=other, name="红色车厢")
    K = Carrier.Kind
    route = services.carrier_create(brand=brand, kind=K.ROUTE, name="66路", number="66路")
    route73 = services.carrier_create(brand=brand, kind=K.ROUTE, name="73路", number="73路")
    carriage = services.carrier_create(
        brand=brand, kind=K.CARRIAGE, name="雷锋车厢一号", number="蒙A·12345"
    )
    model = services.carrier_create(brand=brand, kind=K.POST_MODEL, name="李师傅", level="company")
    other_route = services.carrier_create(brand=other_brand, kind=K.ROUTE, name="1路", number="1路")
    return SimpleNamespace(
        world=world,
        unit=unit,
        other=other,
        brand=brand,
        other_brand=other_brand,
        route=route,
        route73=route73,
        carriage=carriage,
        model=model,
        other_route=other_route,
        street=make_user("street", "street", region=world.street),
        elsewhere=make_user("xc", "district", region=world.other_district),
        secretary=make_user("sec", "party_secretary", party_organization=unit),
        resident=make_user("res", "resident", resident=world.residents[world.grid1.code][0]),
        nobody=make_user("nobody", None),
    )
