import datetime

import pytest
from django.utils import timezone

from banshi.demands import services as demand_services
from banshi.demands.models import Category, Demand

from .conftest import as_text, inside, xml_as_data

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.json"


@pytest.fixture
def demands(world, client, api_key):
    """Two Open311 demands now, one hotline demand with a household now, one 100 days ago."""
    made = {}
    for name, grid, code in (("a", 0, "sanitation"), ("b", 2, "heating")):
        lat, lng = inside(grid)
        r = client.post(
            URL,
            {
                "api_key": api_key,
                "service_code": code,
                "lat": lat,
                "long": lng,
                "address_string": "乌兰小区3号楼东侧",
                "description": f"请求{name}：联系我 13804719999",
                "first_name": "秘密",
                "last_name": "王",
                "phone": "13804719999",
                "email": "wang@example.com",
            },
        )
        made[name] = Demand.objects.get(pk=int(r.json()[0]["service_request_id"]))
    household = world.households[world.grid2.code][0]
    made["hotline"] = demand_services.demand_submit(
        category=Category.objects.get(code="water"),
        description="停水了，家里有老人，请尽快处理",
        channel=Demand.Channel.HOTLINE,
        household=household,
        address=household.address,
        reporter_name="李四",
        reporter_phone="13904710000",
    ).demand
    old = timezone.now() - datetime.timedelta(days=100)
    made["old"] = demand_services.demand_submit(
        category=Category.objects.get(code="noise"),
        description="很久以前的噪音",
        channel=Demand.Channel.WEB,
        lat=inside(1)[0],
        lng=inside(1)[1],
        received_at=old,
        now=old,
    ).demand
    return made


def _ids(body):
    return {int(item["service_request_id"]) for item in body}


def test_default_window_is_last_90_days(client, demands, schemas):
    r = client.get(URL)
    assert r.status_code == 200
    body = r.json()
    schemas.file("requests.json", body)
    schemas.response("/requests.{response_format}", "get", 200, body)
    for item in body:
        schemas.file("request.json", item)
        schemas.definition("Request", item)
    assert _ids(body) == {demands["a"].pk, demands["b"].pk, demands["hotline"].pk}


def test_no_personal_information(client, demands):
    text = (
        client.get(URL).content.decode() + client.get("/open311/v2/requests.xml").content.decode()
    )
    for secret in ("秘密", "王秘密", "13804719999", "wang@example.com", "李四", "13904710000"):
        assert secret not in text
    assert "联系我" not in text  # descriptions are not published
    # A hotline demand's household address is replaced by its grid, its point coarsened.
    hotline = next(
        i for i in client.get(URL).json() if i["service_request_id"] == str(demands["hotline"].pk)
    )
    assert hotline["address"] == demands["hotline"].grid.name
    assert "101" not in hotline.get("address", "")


def test_xml_matches_json(client, demands):
    j = client.get(URL).json()
    root, data = xml_as_data(client.get("/open311/v2/requests.xml").content)
    assert root == "service_requests"
    assert data == as_text(j)


def test_filter_by_ids_overrides_others(client, demands):
    ids = f"{demands['a'].pk},{demands['old'].pk},999999"
    r = client.get(URL, {"service_request_id": ids, "service_code": "heating"})
    assert _ids(r.json()) == {demands["a"].pk, demands["old"].pk}


def test_filter_by_service_code(client, demands):
    assert _ids(client.get(URL, {"service_code": "heating"}).json()) == {demands["b"].pk}
    both = client.get(URL, {"service_code": "heating,water"}).json()
    assert _ids(both) == {demands["b"].pk, demands["hotline"].pk}
    assert client.get(URL, {"service_code": "unicorns"}).status_code == 404


def test_filter_by_status(client, demands):
    Demand.objects.filter(pk=demands["a"].pk).update(state=Demand.State.RESOLVED)
    closed = client.get(URL, {"status": "closed"}).json()
    assert _ids(closed) == {demands["a"].pk}
    assert closed[0]["status"] == "closed"
    assert demands["a"].pk not in _ids(client.get(URL, {"status": "open"}).json())
    assert len(client.get(URL, {"status": "open,closed"}).json()) == 3
    assert client.get(URL, {"status": "pending"}).status_code == 400


def test_date_window(client, demands):
    old = timezone.localtime(demands["old"].received_at)
    start = (old - datetime.timedelta(days=1)).isoformat()
    end = (old + datetime.timedelta(days=1)).isoformat()
    r = client.get(URL, {"start_date": start, "end_date": end})
    assert r.status_code == 200
    assert _ids(r.json()) == {demands["old"].pk}
    # A date alone, and only a start (end = start + 90 days).
    r = client.get(URL, {"start_date": old.date().isoformat()})
    assert _ids(r.json()) == {demands["old"].pk}
    # The Z form.
    soon = timezone.now() + datetime.timedelta(minutes=1)
    r = client.get(URL, {"end_date": soon.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    assert demands["a"].pk in _ids(r.json())


@pytest.mark.parametrize(
    "params, words",
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"}, "90"),
        ({"start_date": "2026-02-01", "end_date": "2026-01-01"}, "晚于"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-02-30"}, "end_date"),
        ({"service_request_id": "1,abc"}, "service_request_id"),
    ],
)
def test_bad_filters_400(client, demands, params, words):
    r = client.get(URL, params)
    assert r.status_code == 400
    assert r.json()[0]["code"] == 400 and words in r.json()[0]["description"]
    r = client.get("/open311/v2/requests.xml", params)
    root, data = xml_as_data(r.content)
    assert r.status_code == 400 and root == "errors" and data[0]["code"] == "400"
