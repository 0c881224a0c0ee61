import pytest

from banshi.demands.models import Demand
from banshi.open311.models import Open311Request
from banshi.open311.services import open311_key_revoke

from .conftest import inside, xml_as_data

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.json"


def _form(api_key, grid=0, **extra):
    lat, lng = inside(grid)
    form = {
        "api_key": api_key,
        "service_code": "sanitation",
        "lat": str(lat),
        "long": str(lng),
        "description": "小区门口的垃圾桶满了，三天没人清运",
    }
    form.update(extra)
    return {k: v for k, v in form.items() if v is not None}


def test_post_creates_routed_demand(client, world, api_key, schemas):
    r = client.post(
        URL,
        _form(
            api_key,
            grid=2,
            first_name="三",
            last_name="张",
            phone="13804711234",
            email="zhang@example.com",
            device_id="phone-1",
            account_id="acct-9",
            media_url="https://example.com/p/1.jpg",
        ),
    )
    assert r.status_code == 200, r.content
    body = r.json()
    schemas.response("/requests.{response_format}", "post", 200, body)
    (item,) = body
    demand = Demand.objects.get(pk=int(item["service_request_id"]))
    assert demand.channel == Demand.Channel.OPEN311
    assert demand.grid == world.grid3
    assert demand.community == world.community2
    # sanitation is handled at the grid level: dispatched at once to the grid.
    assert demand.state == Demand.State.DISPATCHED
    assert demand.assigned_grid == world.grid3
    assert item["account_id"] == "acct-9"
    assert demand.tracking_code in item["service_notice"]
    extra = Open311Request.objects.get(demand=demand)
    assert item["token"] == extra.token
    assert (extra.device_id, extra.media_url) == ("phone-1", "https://example.com/p/1.jpg")
    # Contact is stored encrypted, readable through the model only.
    assert demand.reporter_name == "张三"
    assert demand.reporter_phone_masked.endswith("1234")
    assert "13804711234" not in demand.reporter_phone_enc
    assert extra.reporter_email == "zhang@example.com"
    assert "zhang@example.com" not in extra.reporter_email_enc


def test_post_xml(client, world, api_key):
    r = client.post("/open311/v2/requests.xml", _form(api_key))
    assert r.status_code == 200
    root, data = xml_as_data(r.content)
    assert root == "service_requests"
    (item,) = data
    assert Demand.objects.filter(pk=int(item["service_request_id"])).exists()
    assert item["token"]


def test_post_with_address_only_waits_for_city_dispatch(client, world, api_key):
    form = _form(api_key, lat=None, long=None, address_string="大学东路12号")
    r = client.post(URL, form)
    assert r.status_code == 200
    demand = Demand.objects.get(pk=int(r.json()[0]["service_request_id"]))
    assert demand.address == "大学东路12号"
    assert demand.grid is None and demand.needs_city_dispatch


def test_params_in_query_string_are_accepted(client, world, api_key):
    lat, lng = inside(0)
    r = client.post(
        f"{URL}?api_key={api_key}&service_code=noise&lat={lat}&long={lng}",
        {"description": "夜里楼上装修噪音很大"},
    )
    assert r.status_code == 200, r.content
    assert Demand.objects.get().category.code == "noise"


@pytest.mark.parametrize("key", [None, "", "wrong-key-wrong-key"])
def test_missing_or_bad_api_key_403(client, world, api_key, key, schemas):
    r = client.post(URL, _form(key))
    assert r.status_code == 403
    body = r.json()
    assert body[0]["code"] == 403 and "api_key" in body[0]["description"]
    assert not Demand.objects.exists()


def test_revoked_key_403(client, world, api_key):
    open311_key_revoke(name="测试客户端")
    assert client.post(URL, _form(api_key)).status_code == 403
    r = client.post("/open311/v2/requests.xml", _form(api_key))
    root, data = xml_as_data(r.content)
    assert r.status_code == 403 and root == "errors" and data[0]["code"] == "403"


def test_unknown_service_404(client, world, api_key):
    r = client.post(URL, _form(api_key, service_code="unicorns"))
    assert r.status_code == 404
    assert not Demand.objects.exists()


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"service_code": ""}, "service_code"),
        ({"description": ""}, "诉求内容"),
        ({"description": "长" * 2001}, "2000"),
        ({"lat": "abc"}, "lat"),
        ({"lat": "nan"}, "lat"),
        ({"long": ""}, "long"),
        ({"lat": "95"}, "经纬度"),
        ({"lat": "", "long": ""}, "address_string"),
        ({"phone": "12345"}, "联系电话"),
        ({"email": "not-an-email"}, "邮箱"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"device_id": "x" * 65}, "device_id"),
        ({"attribute[urgency]": "panic"}, "urgency"),
    ],
)
def test_bad_input_400(client, world, api_key, extra, words):
    r = client.post(URL, _form(api_key, **extra))
    assert r.status_code == 400, r.content
    (error,) = r.json()
    assert error["code"] == 400
    assert words in error["description"]
    assert not Demand.objects.exists()


def test_urgency_attribute(client, world, api_key):
    r = client.post(URL, _form(api_key, **{"attribute[urgency]": "emergency"}))
    assert r.status_code == 200
    assert Demand.objects.get().urgency == "emergency"


def test_retry_with_same_idempotency_key_creates_one_demand(client, world, api_key):
    first = client.post(URL, _form(api_key), headers={"Idempotency-Key": "k-1"})
    again = client.post(URL, _form(api_key), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert Demand.objects.count() == 1
    other = client.post(URL, _form(api_key), headers={"Idempotency-Key": "k-2"})
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    assert Demand.objects.count() == 2


def test_idempotency_key_is_per_api_key(client, world, api_key):
    from banshi.open311.services import open311_key_create

    _record, other_key = open311_key_create(name="另一个客户端")
    client.post(URL, _form(api_key), headers={"Idempotency-Key": "same"})
    client.post(URL, _form(other_key), headers={"Idempotency-Key": "same"})
    assert Demand.objects.count() == 2


def test_retry_with_same_device_and_client_ref_creates_one_demand(client, world, api_key):
    form = _form(api_key, device_id="dev-7", **{"attribute[client_ref]": "r-42"})
    a = client.post(URL, form).json()
    b = client.post(URL, form).json()
    assert a == b and Demand.objects.count() == 1
    # Another reference, or no device id, is another request.
    client.post(URL, _form(api_key, device_id="dev-7", **{"attribute[client_ref]": "r-43"}))
    client.post(URL, _form(api_key, **{"attribute[client_ref]": "r-42"}))
    client.post(URL, _form(api_key, **{"attribute[client_ref]": "r-42"}))
    assert Demand.objects.count() == 4


def test_too_long_idempotency_key_400(client, world, api_key):
    r = client.post(URL, _form(api_key), headers={"Idempotency-Key": "k" * 101})
    assert r.status_code == 400
    assert not Demand.objects.exists()


def test_csrf_is_not_required(world, api_key):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, _form(api_key)).status_code == 200


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_wrong_method_405(client, world, method):
    r = getattr(client, method)(URL)
    assert r.status_code == 405
    assert r.json()[0]["code"] == 405
