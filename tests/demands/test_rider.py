"""骑手随手拍: a rider (a resident who is a mobile party member) reports through the riders'
own channel; the demand is routed like any other (to the grid under the pin) and counted by
the `rider_demands` figure; a resident who is no rider may not use the channel."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from banshi.core import figures
from banshi.core.periods import Period
from banshi.demands.models import Category, Demand
from tests.demands.busy import add_rider_demand, make_rider
from tests.demands.conftest import T0, inside


def _form(**over):
    lat, lng = inside(1)
    data = {
        "category": Category.objects.get(code="sanitation").pk,
        "description": "送单时看到楼道灭火器过期，存在安全隐患",
        "urgency": "normal",
        "lat": lat,
        "lng": lng,
        "address": "",
        "reporter_name": "",
        "reporter_phone": "",
    }
    return data | over


def test_a_rider_reports_through_their_channel(world, people):
    rider = make_rider(world)
    client = Client()
    client.force_login(rider)
    assert 'id="rider-link"' in client.get("/demands/new/").content.decode()
    page = client.get("/demands/rider/")
    assert page.status_code == 200 and "骑手随手拍" in page.content.decode()
    r = client.post("/demands/rider/", _form())
    assert r.status_code == 302, r.content.decode()[:2000]
    demand = Demand.objects.get(description__startswith="送单时")
    assert demand.channel == Demand.Channel.RIDER
    assert demand.grid == world.grid2  # routed to the grid under the pin, like any demand
    bad = client.post("/demands/rider/", _form(description=""))
    assert bad.status_code == 400 and Demand.objects.filter(channel="rider").count() == 1


def test_no_rider_no_channel(world, people, submit):
    client = Client()
    client.force_login(people.resident)
    assert 'id="rider-link"' not in client.get("/demands/new/").content.decode()
    assert client.get("/demands/rider/").status_code == 403
    assert client.post("/demands/rider/", _form()).status_code == 403
    with pytest.raises(ValidationError, match="骑手随手拍"):
        submit(channel=Demand.Channel.RIDER, user=people.resident)
    assert not Demand.objects.filter(channel="rider").exists()


def test_the_figure_counts_rider_demands(world, people, submit):
    ours = add_rider_demand(world, at=T0)
    submit(user=people.resident, at=T0)  # a resident's demand is not a rider's
    period = Period.month(T0.year, T0.month)
    figure = figures.get("rider_demands")
    assert figure.compute(world.street, period) == 1
    assert list(figure.part_records(world.street, period)) == [ours]
    assert figure.compute(world.other_district, period) == 0
