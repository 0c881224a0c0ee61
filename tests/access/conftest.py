import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    # The cache is the database's (CACHES): only a test with the database has one to clear.
    if not {"db", "transactional_db"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    cache.clear()
    yield
    cache.clear()
