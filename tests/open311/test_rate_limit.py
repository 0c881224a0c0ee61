import pytest

from .conftest import inside

pytestmark = pytest.mark.django_db


def test_get_limit_per_address(client, settings):
    settings.BANSHI_OPEN311_RATE = {"GET": 3, "POST": 1}
    for _ in range(3):
        assert client.get("/open311/v2/services.json").status_code == 200
    r = client.get("/open311/v2/services.xml")
    assert r.status_code == 429
    assert int(r["Retry-After"]) >= 1
    assert b"<code>429</code>" in r.content
    # Another address has its own count.
    assert client.get("/open311/v2/services.json", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_post_limit_is_separate(client, world, api_key, settings):
    settings.BANSHI_OPEN311_RATE = {"GET": 100, "POST": 1}
    lat, lng = inside(0)
    form = {"api_key": api_key, "service_code": "noise", "lat": lat, "long": lng}
    assert (
        client.post("/open311/v2/requests.json", {**form, "description": "一"}).status_code == 200
    )
    r = client.post("/open311/v2/requests.json", {**form, "description": "二"})
    assert r.status_code == 429 and r.json()[0]["code"] == 429
    assert client.get("/open311/v2/requests.json").status_code == 200
