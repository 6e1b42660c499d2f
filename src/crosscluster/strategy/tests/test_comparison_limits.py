"""Comparing versions diffs whole snapshots: rate-limited per person or address (page and API
together, 429 with Retry-After), and only adopted versions of public partnerships are public."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from crosscluster.strategy.tests.helpers import adopt, build_jis

pytestmark = pytest.mark.django_db


def test_comparison_is_rate_limited_on_the_page_and_the_api_together(cast) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    build_jis(cast, actions=1)
    adopt(cast)
    slug = cast.partnership.slug
    page = reverse("strategy:compare", args=[slug, 1])
    api = f"/api/v1/strategy/{slug}/versions/1/comparison"
    client = Client()
    answer = client.get(api)
    assert answer.status_code == 200
    assert answer.json()["number"] == 1
    assert answer.json()["previous"] is None
    assert answer.json()["counts"]["added"] > 0
    for _ in range(19):
        assert client.get(page).status_code == 200
    refused = client.get(page)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many requests" in refused.content.decode()
    assert client.get(api).status_code == 429
    # Someone else (another address) is counted apart.
    assert Client(REMOTE_ADDR="192.0.2.7").get(api).status_code == 200
    cache.clear()


def test_a_hidden_partnership_s_comparison_is_a_404(cast) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    build_jis(cast, actions=1)
    adopt(cast)
    cast.partnership.is_public = False
    cast.partnership.save()
    slug = cast.partnership.slug
    client = Client()
    assert client.get(reverse("strategy:compare", args=[slug, 1])).status_code == 404
    assert client.get(f"/api/v1/strategy/{slug}/versions/1/comparison").status_code == 404
    assert client.get(f"/api/v1/strategy/{slug}/versions/2/comparison").status_code == 404
    coordinator = Client()  # a hidden partnership is seen by its coordinators only
    coordinator.force_login(cast.coordinator)
    assert coordinator.get(f"/api/v1/strategy/{slug}/versions/1/comparison").status_code == 200
    cache.clear()
