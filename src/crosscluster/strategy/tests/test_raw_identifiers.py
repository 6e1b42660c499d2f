"""No raw identifiers on the strategy's pages (issue 13): an item's key ("Key: offering:1") and
the ranking's indicator codes (``gdp_growth``) were on screen."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.engines.ranking.indicators import get_indicator
from crosscluster.strategy import adapters
from crosscluster.strategy.tests.helpers import build_jis
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

KEY = re.compile(r"\b(?:offering|technology|initiative|mechanism|action|market):\w+")


def shown_text(page: str) -> str:
    """What a reader sees: the page without its tags (attribute values such as the comment
    form's option values are not on screen)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_sections_show_titles_not_item_keys(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    client.login(email=cast.coordinator.email, password=PASSWORD)
    slug = cast.partnership.slug
    for section in ("technologies", "offerings", "initiatives", "mechanisms", "roadmap"):
        page = client.get(reverse("strategy:section", args=[slug, section])).content.decode()
        text = shown_text(page)
        assert "Key:" not in text, section
        assert not KEY.search(text), (section, KEY.findall(text))
    overview = shown_text(client.get(reverse("strategy:overview", args=[slug])).content.decode())
    assert "Smart factory retrofit kit 1" in overview  # the item, by its title
    assert not KEY.search(overview), KEY.findall(overview)


def test_the_market_criteria_name_their_indicators_in_words(cast, client: Client) -> None:
    client.login(email=cast.cluster_manager.email, password=PASSWORD)
    page = client.get(reverse("strategy:judgements", args=[cast.partnership.slug])).content
    text = shown_text(page.decode())
    codes = [code for criterion in adapters.MARKET_CRITERIA for code in criterion.indicators]
    assert "gdp_growth" in codes
    for code in codes:
        assert get_indicator(code).label in text, code
    raw = [code for code in codes if "_" in code and code in text]  # a one-word code is a word
    assert raw == []
