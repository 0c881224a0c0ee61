import pytest

from banshi.demands.models import Category

from .conftest import as_text, xml_as_data

pytestmark = pytest.mark.django_db


def test_services_json_lists_active_categories_and_validates(client, schemas):
    Category.objects.filter(code="other").update(active=False)
    r = client.get("/open311/v2/services.json")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/json")
    body = r.json()
    schemas.file("services.json", body)
    schemas.response("/services.{response_format}", "get", 200, body)
    for item in body:
        schemas.definition("Service", item)
    codes = [s["service_code"] for s in body]
    assert "heating" in codes and "sanitation" in codes
    assert "other" not in codes  # inactive
    heating = next(s for s in body if s["service_code"] == "heating")
    assert heating["service_name"] == "供暖"
    assert heating["type"] == "realtime"
    assert heating["metadata"] is True  # attributes are defined


def test_services_xml_matches_json(client):
    j = client.get("/open311/v2/services.json").json()
    r = client.get("/open311/v2/services.xml")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/xml")
    root, data = xml_as_data(r.content)
    assert root == "services"
    assert data == as_text(j)


def test_services_jurisdiction(client):
    assert client.get("/open311/v2/services.json?jurisdiction_id=hohhot").status_code == 200
    r = client.get("/open311/v2/services.json?jurisdiction_id=beijing")
    assert r.status_code == 404
    assert r.json()[0]["code"] == 404
    assert "jurisdiction_id" in r.json()[0]["description"]
    r = client.get("/open311/v2/services.xml?jurisdiction_id=beijing")
    root, data = xml_as_data(r.content)
    assert root == "errors" and data[0]["code"] == "404"


def test_services_wrong_method_and_format(client):
    r = client.post("/open311/v2/services.json")
    assert r.status_code == 405
    assert r.json() == [{"code": 405, "description": r.json()[0]["description"]}]
    assert "GET" in r["Allow"]
    assert client.get("/open311/v2/services.csv").status_code == 404
