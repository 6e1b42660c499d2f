"""Shared test set-up: the cast of users and the demo-free database.

Permission tests read like sentences: ``coordinator`` coordinates ``partnership``;
``cluster_manager`` manages ``cluster`` (a partner); ``sme_member`` works for ``sme``,
a member of ``cluster``; ``outsider`` works for ``other_sme``, which belongs to nobody.
"""

import pytest

pytest_plugins = ["tests.cast"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():  # type: ignore[no-untyped-def]
    """Rate limits (API throttles, allauth's) count in the cache: in the tests' in-memory cache
    each test starts with none counted (ids and the client's address repeat across tests)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _english_afterwards():  # type: ignore[no-untyped-def]
    """A request in another language (``/de/...``) leaves that language active in the thread:
    the next test, rendering a document outside a request, would read German."""
    yield
    from django.utils import translation

    translation.activate("en")
