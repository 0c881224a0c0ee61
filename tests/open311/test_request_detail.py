import pytest
from django.utils import timezone

from banshi.demands import services as demand_services
from banshi.demands.models import Demand

from .conftest import as_text, inside, xml_as_data

pytestmark = pytest.mark.django_db


def _post(client, api_key, grid=0, code="sanitation"):
    lat, lng = inside(grid)
    r = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": code,
            "lat": lat,
            "long": lng,
            "description": "路灯坏了",
            "media_url": "https://example.com/a.jpg",
        },
    )
    return Demand.objects.get(pk=int(r.json()[0]["service_request_id"]))


def test_detail_json_and_xml(client, world, api_key, schemas):
    demand = _post(client, api_key, grid=1)
    r = client.get(f"/open311/v2/requests/{demand.pk}.json")
    assert r.status_code == 200
    body = r.json()
    schemas.file("requests.json", body)
    (item,) = body
    schemas.file("request.json", item)
    schemas.definition("Request", item)
    assert item["service_request_id"] == str(demand.pk)
    assert item["status"] == "open"
    assert item["service_code"] == "sanitation" and item["service_name"] == "环境卫生"
    assert item["agency_responsible"] == world.grid2.name
    assert item["status_notes"] == "已派单"
    assert item["expected_datetime"] == timezone.localtime(demand.resolve_due).isoformat(
        timespec="seconds"
    )
    assert (item["lat"], item["long"]) == (demand.lat, demand.lng)
    assert item["media_url"] == "https://example.com/a.jpg"
    root, data = xml_as_data(client.get(f"/open311/v2/requests/{demand.pk}.xml").content)
    assert root == "service_requests"
    assert data == as_text(body)


def test_closed_status_follows_the_demand(client, world, api_key, make_user):
    demand = _post(client, api_key, grid=0)
    worker = make_user("gw", "grid_worker", grid=world.grid1)
    demand_services.demand_sign(demand=demand, user=worker)
    demand_services.demand_start(demand=demand, user=worker)
    item = client.get(f"/open311/v2/requests/{demand.pk}.json").json()[0]
    assert (item["status"], item["status_notes"]) == ("open", "办理中")
    demand_services.demand_resolve(demand=demand, user=worker, note="已修好")
    item = client.get(f"/open311/v2/requests/{demand.pk}.json").json()[0]
    assert (item["status"], item["status_notes"]) == ("closed", "已办结")
    assert "已修好" not in client.get(f"/open311/v2/requests/{demand.pk}.json").content.decode()


@pytest.mark.parametrize("rid", ["999999", "abc", "1e3"])
def test_unknown_request_404(client, db, rid):
    r = client.get(f"/open311/v2/requests/{rid}.json")
    assert r.status_code == 404
    assert r.json()[0]["code"] == 404
    root, data = xml_as_data(client.get(f"/open311/v2/requests/{rid}.xml").content)
    assert root == "errors" and data[0]["code"] == "404"


def test_detail_rejects_post(client, world, api_key):
    demand = _post(client, api_key)
    assert client.post(f"/open311/v2/requests/{demand.pk}.json").status_code == 405
