import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttles(request):
    # The cache is the database's (CACHES): only a test with the database has one to clear.
    if not {"db", "transactional_db"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    # DRF's throttles count in the cache; every test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    def _client(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client
