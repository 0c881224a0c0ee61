"""The demands API: same services and scopes as the web; Idempotency-Key makes a retried
POST create one demand; forbidden transitions answer 409, forbidden users 403."""

import pytest
from rest_framework.test import APIClient

from banshi.demands.models import Demand
from tests.demands.conftest import inside


@pytest.fixture
def api():
    def _api(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    return _api


def body(**kw):
    lat, lng = inside(0)
    return {"category": "noise", "description": "广场舞音响太吵", "lat": lat, "lng": lng, **kw}


def test_create_with_idempotency_key_once(world, people, api):
    c = api(people.resident)
    first = c.post("/api/v1/demands/", body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    again = c.post("/api/v1/demands/", body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Demand.objects.count() == 1
    # another user's identical key is another demand
    other = api(people.resident_b).post(
        "/api/v1/demands/", body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 201 and Demand.objects.count() == 2
    # without a key every POST is new
    assert c.post("/api/v1/demands/", body(), format="json").status_code == 201
    d = Demand.objects.get(pk=first.json()["id"])
    assert d.channel == "api" and d.reporter_user == people.resident
    data = first.json()
    assert data["assigned_unit"] == "grid:150105001001001" and data["state"] == "dispatched"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"category": "weather"}, "category"),
        ({"description": ""}, "description"),
        ({"lat": 100}, "lat"),
        ({"urgency": "now"}, "urgency"),
        ({"lat": 40.8, "lng": None}, "detail"),
        ({"household": 999999}, "household"),
    ],
)
def test_create_rejects_bad_input(world, people, api, payload, field):
    r = api(people.resident).post("/api/v1/demands/", body(**payload), format="json")
    assert r.status_code == 400 and field in r.json()
    assert Demand.objects.count() == 0


def test_household_outside_scope_is_refused(world, people, api):
    other = world.households[world.grid3.code][0]
    r = api(people.resident).post("/api/v1/demands/", body(household=other.pk), format="json")
    assert r.status_code == 400 and "household" in r.json()


def test_actions_walk_and_are_refused_like_on_the_web(world, people, api, submit):
    d = submit(user=people.resident)
    worker = api(people.grid1)
    url = f"/api/v1/demands/{d.pk}/"
    assert worker.post(url + "sign/", {}, format="json").status_code == 200
    again = worker.post(url + "sign/", {}, format="json")
    assert again.status_code == 409 and "不能执行" in again.json()["detail"]
    assert worker.post(url + "start/", {}, format="json").json()["state"] == "in_progress"
    bad = worker.post(url + "resolve/", {"note": ""}, format="json")
    assert bad.status_code == 400
    ok = worker.post(url + "resolve/", {"note": "已处理"}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "resolved"
    assert worker.post(url + "rate/", {"rating": "satisfied"}, format="json").status_code == 403
    resident = api(people.resident)
    assert resident.post(url + "rate/", {"rating": "great"}, format="json").status_code == 400
    r = resident.post(url + "rate/", {"rating": "unsatisfied"}, format="json")
    assert r.status_code == 200 and r.json()["rating"] == "unsatisfied"
    street = api(people.street)
    r = street.post(url + "reopen/", {"to": "dispatched", "note": "重办"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "dispatched"
    assert worker.post(url + "teleport/", {}, format="json").status_code == 404
    detail = worker.get(url).json()
    assert [e["kind"] for e in detail["events"]][-1] == "reopened"


def test_escalate_and_return_through_the_api(world, people, api, submit):
    d = submit(user=people.resident)
    url = f"/api/v1/demands/{d.pk}/"
    r = api(people.street).post(
        url + "escalate/", {"departments": [people.department.pk]}, format="json"
    )
    assert r.status_code == 200 and r.json()["state"] == "escalated"
    d2 = submit(user=people.resident)
    r = api(people.grid1).post(f"/api/v1/demands/{d2.pk}/return/", {}, format="json")
    assert r.status_code == 400 and "退单理由" in str(r.json())
    r = api(people.grid1).post(
        f"/api/v1/demands/{d2.pk}/return/", {"note": "不归本网格"}, format="json"
    )
    assert r.json()["state"] == "returned" and r.json()["assigned_unit"] == "street:150105001"


def test_list_filters_and_scope(world, people, api, submit, t0):
    submit(user=people.resident, at=t0)
    submit(grid=2, user=people.resident_b, at=t0)
    r = api(people.street).get("/api/v1/demands/", {"period": "2026-11", "figure": "dispatched"})
    assert r.status_code == 200 and r.json()["count"] == 2
    r = api(people.grid1).get("/api/v1/demands/")
    assert r.json()["count"] == 1
    r = api(people.street).get("/api/v1/demands/", {"unit": "community:150105001002"})
    assert r.json()["count"] == 1
    assert api(people.street).get("/api/v1/demands/", {"unit": "x"}).status_code == 400
    assert APIClient().get("/api/v1/demands/").status_code in (401, 403)
    # personal data leaves masked only
    item = api(people.street).get("/api/v1/demands/").json()["results"][0]
    assert not any(k.endswith(("_enc", "_hash")) for k in item)


def test_a_coordinate_out_of_range_is_refused_with_the_services_message(world, people, api):
    """The range is checked once, by the service; the API answers its message under the
    field, as it answers its own."""
    r = api(people.resident).post("/api/v1/demands/", body(lng=200), format="json")
    assert r.status_code == 400
    assert r.json() == {"lng": [f"经纬度超出范围：200.0, {inside(0)[0]}"]}
    assert Demand.objects.count() == 0


@pytest.mark.parametrize("raw", ["null", "[]", '"text"', "42"])
def test_a_body_that_is_not_an_object_gets_field_messages(world, people, api, raw):
    r = api(people.resident).post("/api/v1/demands/", raw, content_type="application/json")
    assert r.status_code == 400
    errors = r.json()
    assert isinstance(errors, dict) and errors["non_field_errors"]  # the schema's shape
    assert Demand.objects.count() == 0
