import pytest

from banshi.demands.models import Category

from .conftest import as_text, xml_as_data

pytestmark = pytest.mark.django_db


def test_definition_json_validates(client, schemas):
    r = client.get("/open311/v2/services/water.json")
    assert r.status_code == 200
    body = r.json()
    schemas.file("service-definition.json", body)
    schemas.definition("ServiceDefinition", body)
    assert body["service_code"] == "water"
    codes = {a["code"]: a for a in body["attributes"]}
    assert set(codes) == {"urgency", "client_ref"}
    assert {v["key"] for v in codes["urgency"]["values"]} == {"normal", "urgent", "emergency"}
    assert all(a["required"] is False for a in body["attributes"])


def test_definition_xml_matches_json(client):
    j = client.get("/open311/v2/services/water.json").json()
    root, data = xml_as_data(client.get("/open311/v2/services/water.xml").content)
    assert root == "service_definition"
    assert data == as_text(j)


@pytest.mark.parametrize("code", ["nope", "heating.json", "%E4%BE%9B%E6%9A%96"])
def test_unknown_service_404(client, code):
    r = client.get(f"/open311/v2/services/{code}.json")
    assert r.status_code == 404
    assert r.json()[0]["code"] == 404


def test_inactive_service_404(client):
    Category.objects.filter(code="water").update(active=False)
    r = client.get("/open311/v2/services/water.xml")
    assert r.status_code == 404
    root, data = xml_as_data(r.content)
    assert root == "errors" and data[0]["code"] == "404"
