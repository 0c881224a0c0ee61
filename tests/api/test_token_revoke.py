"""POST /api/v1/auth/token/revoke/: the caller ends their own API token (204)."""

import pytest
from rest_framework.authtoken.models import Token

URL = "/api/v1/auth/token/revoke/"


@pytest.fixture
def worker(world, make_user):
    return make_user("wg1", "grid_worker", grid=world.grid1)


def _with_token(api, key):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_revoke_ends_the_callers_token(api, worker, make_user, world):
    other = make_user("wg2", "grid_worker", grid=world.grid1)
    mine = Token.objects.create(user=worker).key
    theirs = Token.objects.create(user=other).key
    client = _with_token(api, mine)
    r = client.post(URL)
    assert r.status_code == 204
    assert client.get("/api/v1/residents/").status_code == 401
    assert not Token.objects.filter(user=worker).exists()
    assert _with_token(api, theirs).get("/api/v1/residents/").status_code == 200


def test_revoke_needs_a_caller(api, db):
    assert api().post(URL).status_code == 401


def test_revoke_is_post_only(api, worker):
    key = Token.objects.create(user=worker).key
    assert _with_token(api, key).get(URL).status_code == 405


def test_the_schema_documents_revoke(api, db):
    r = api().get("/api/v1/schema/", {"format": "json"})
    operation = r.json()["paths"][URL]["post"]
    assert "204" in operation["responses"]
