"""Strategy tests start with a clean cache (rankings are cached per partners and options)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()
