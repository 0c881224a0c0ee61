import pytest
from django.core.cache import cache

# The audit receivers are connected by AccessConfig.ready once banshi/access/apps.py imports
# audit_signals; importing it here too keeps these tests independent of that wiring (which
# test_audit_wiring.py checks on its own).
import banshi.access.audit_signals  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
