import pytest

from .conftest import as_text, inside, xml_as_data

pytestmark = pytest.mark.django_db


def test_token_maps_to_request_id(client, world, api_key, schemas):
    lat, lng = inside(0)
    posted = client.post(
        "/open311/v2/requests.json",
        {"api_key": api_key, "service_code": "noise", "lat": lat, "long": lng, "description": "吵"},
    ).json()[0]
    r = client.get(f"/open311/v2/tokens/{posted['token']}.json")
    assert r.status_code == 200
    body = r.json()
    (item,) = body
    schemas.definition("TokenResponse", item)
    assert item == {"service_request_id": posted["service_request_id"], "token": posted["token"]}
    root, data = xml_as_data(client.get(f"/open311/v2/tokens/{posted['token']}.xml").content)
    assert root == "service_requests" and data == as_text(body)


@pytest.mark.parametrize("token", ["0123456789abcdef0123", "x" * 40])
def test_unknown_token_404(client, db, token):
    r = client.get(f"/open311/v2/tokens/{token}.json")
    assert r.status_code == 404
    assert r.json()[0]["code"] == 404
