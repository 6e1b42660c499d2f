"""Business-plan tests start with a clean cache (the strategy's rankings are cached)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()
