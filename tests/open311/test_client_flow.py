"""Done-when: an Open311 client lists services, posts a request inside a grid, reads it
back in XML and JSON and sees it routed to that grid's community."""

import pytest

from banshi.demands.models import Demand

from .conftest import inside, xml_as_data

pytestmark = pytest.mark.django_db


def test_open311_client_round_trip(client, world, api_key, schemas):
    services = client.get("/open311/v2/services.json?jurisdiction_id=hohhot").json()
    schemas.file("services.json", services)
    service = next(s for s in services if s["service_name"] == "物业管理")  # community level
    definition = client.get(f"/open311/v2/services/{service['service_code']}.json").json()
    schemas.file("service-definition.json", definition)

    lat, lng = inside(1)  # 乌兰社区第二网格
    form = {
        "jurisdiction_id": "hohhot",
        "api_key": api_key,
        "service_code": service["service_code"],
        "lat": lat,
        "long": lng,
        "description": "单元门禁坏了一周，物业一直没来修",
    }
    headers = {"Idempotency-Key": "client-uuid-1"}
    posted = client.post("/open311/v2/requests.json", form, headers=headers)
    retried = client.post("/open311/v2/requests.json", form, headers=headers)
    assert posted.status_code == retried.status_code == 200
    assert posted.json() == retried.json()
    assert Demand.objects.count() == 1
    rid = posted.json()[0]["service_request_id"]

    # The token works too.
    token = posted.json()[0]["token"]
    assert client.get(f"/open311/v2/tokens/{token}.json").json()[0]["service_request_id"] == rid

    as_json = client.get(f"/open311/v2/requests/{rid}.json").json()
    schemas.file("requests.json", as_json)
    (item,) = as_json
    assert item["agency_responsible"] == world.community.name == "乌兰社区"
    assert item["status"] == "open" and item["service_code"] == service["service_code"]

    root, data = xml_as_data(client.get(f"/open311/v2/requests/{rid}.xml").content)
    assert root == "service_requests"
    assert data[0]["agency_responsible"] == "乌兰社区"
    assert data[0]["service_request_id"] == rid

    listed = client.get("/open311/v2/requests.json", {"service_code": service["service_code"]})
    assert [i["service_request_id"] for i in listed.json()] == [rid]
    demand = Demand.objects.get(pk=int(rid))
    assert demand.grid == world.grid2 and demand.assigned_region == world.community
