import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def cache_limpo():
    """Lockout counters live in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()
