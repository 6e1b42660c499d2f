"""The roadmap action's "Implements" choice: the site's checkbox group, the other sections'
items grouped under their section's name; the submitted keys are unchanged."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.strategy import queries
from crosscluster.strategy.models import SectionKey, Strategy
from crosscluster.strategy.tests.helpers import build_jis
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def _roadmap_page(cast) -> str:  # type: ignore[no-untyped-def]
    return reverse("strategy:section", args=[cast.partnership.slug, "roadmap"])


def test_implements_is_a_checkbox_group_grouped_by_section(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    client.login(email=cast.coordinator.email, password=PASSWORD)
    html = client.get(_roadmap_page(cast)).content.decode()
    group = re.search(
        r'<div id="id_implements" class="check-group">(.*?)</div>\s*</fieldset>', html, re.S
    )
    assert group, "the implements field is the site's check-group"
    box = group.group(1)
    # the section's name heads its items, which no longer repeat it
    assert "<label>Priority markets</label>" in box
    assert "<label>Technology domains</label>" in box
    assert "Priority markets:" not in box
    assert "Roadmap of actions" not in box  # an action implements the other sections


def test_the_section_names_follow_the_readers_language(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    client.login(email=cast.coordinator.email, password=PASSWORD)
    with translation.override("de"):
        german = str(SectionKey.MARKETS.label)
    assert german != "Priority markets"
    with translation.override("de"):
        response = client.get(_roadmap_page(cast))  # the page's address in German: /de/...
    html = response.content.decode()
    assert f"<label>{german}</label>" in html
    assert "<label>Priority markets</label>" not in html


def test_the_checked_keys_are_saved_as_before(cast, client: Client) -> None:
    strategy = build_jis(cast, actions=0)
    client.login(email=cast.coordinator.email, password=PASSWORD)
    snapshot = queries.build_snapshot(partnership=cast.partnership, strategy=strategy)
    market = snapshot["sections"]["markets"][0]["key"]
    offering = snapshot["sections"]["offerings"][0]["key"]
    response = client.post(
        _roadmap_page(cast),
        {
            "code": "A9",
            "title": "Trade fair",
            "owner": cast.cluster.pk,
            "start_date": "2020-03-01",
            "end_date": "2020-12-31",
            "implements": [market, offering],
        },
    )
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    strategy = Strategy.objects.get(partnership=cast.partnership)
    snapshot = queries.build_snapshot(partnership=cast.partnership, strategy=strategy)
    (action,) = snapshot["sections"]["roadmap"]
    assert set(action["implements"]) == {market, offering}
