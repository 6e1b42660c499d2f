"""A priority market chosen before the ranking's parts were kept beside its English texts (no
``explanation_parts``, no ``source_parts``/``vintage_parts``) reads in the reader's language all
the same: the explanation's parts are put together again from what the ranking keeps, the
data's read back from the English source and vintage, each accepted only when it words to the
very English text stored. On the strategy page, in the API and in an adopted version."""

from __future__ import annotations

import copy
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.engines.ranking.data import (
    CEPII_SOURCE,
    CEPII_VINTAGE,
    SOURCE_PARTS,
    VINTAGE_PARTS,
    WDI_SOURCE,
    WDI_VINTAGE,
    source_parts_of,
    vintage_parts_of,
)
from crosscluster.strategy import wording
from crosscluster.strategy.models import PriorityMarket, StrategyVersion
from crosscluster.strategy.tests.helpers import adopt, build_jis

pytestmark = pytest.mark.django_db


def the_old_way(ranking: dict) -> dict:  # type: ignore[type-arg]
    """A market's ranking as it was stored before the parts were kept."""
    old = copy.deepcopy(ranking)
    old.pop("explanation_parts", None)
    for key in ("source_parts", "vintage_parts"):
        old.get("data", {}).pop(key, None)
    return old


def test_the_engine_reads_its_source_and_vintage_back_into_their_parts() -> None:
    window = "latest value per country in 2015-2024 (each value's year is given with it)"
    assert source_parts_of(f"{WDI_SOURCE}; {CEPII_SOURCE}") == SOURCE_PARTS
    assert vintage_parts_of(f"{WDI_VINTAGE}; {CEPII_VINTAGE}; {window}") == (
        *VINTAGE_PARTS,
        {"code": "window", "first_year": 2015, "last_year": 2024},
    )
    assert source_parts_of("Our own survey, 2025") is None
    assert vintage_parts_of(f"{WDI_VINTAGE}; last spring") is None


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_market_chosen_before_the_parts_is_worded_for_the_reader(cast, language: str) -> None:
    build_jis(cast, markets=2)
    for market in PriorityMarket.objects.all():
        ranking = market.ranking
        assert ranking["explanation_parts"]
        assert ranking["data"]["source_parts"]
        old = the_old_way(ranking)
        # the oracle: what is put together again is what the engine kept
        assert wording.explanation_parts(old) == ranking["explanation_parts"]
        with translation.override(language):
            then = wording.markets_for_reader(
                {"sections": {"markets": [{"rationale": market.rationale, "ranking": old}]}}
            )["sections"]["markets"][0]
            now = wording.markets_for_reader(
                {"sections": {"markets": [{"rationale": market.rationale, "ranking": ranking}]}}
            )["sections"]["markets"][0]
        assert then["rationale"] == now["rationale"] != market.rationale
        assert then["data_text"] == now["data_text"]
        assert WDI_SOURCE not in then["data_text"]
        assert "Ranking data:" not in then["data_text"]
        PriorityMarket.objects.filter(pk=market.pk).update(ranking=old)
    client = Client()
    client.force_login(cast.coordinator)
    with translation.override(language):
        page = html.unescape(
            client.get(reverse("strategy:overview", args=[cast.partnership.slug])).content.decode()
        )
    for market in PriorityMarket.objects.all():
        assert market.rationale not in page  # the English copy
        with translation.override(language):
            assert (
                wording.market_rationale({"rationale": market.rationale, "ranking": market.ranking})
                in page
            )


def test_the_api_and_an_adopted_version_stored_the_old_way_are_worded(cast, token_for) -> None:
    build_jis(cast, markets=1)
    market = PriorityMarket.objects.get()
    PriorityMarket.objects.filter(pk=market.pk).update(ranking=the_old_way(market.ranking))
    headers = {"authorization": token_for(cast.coordinator)}
    base = f"/api/v1/strategy/{cast.partnership.slug}"
    client = Client()
    [shown] = client.get(base, headers={**headers, "accept-language": "de"}).json()["sections"][
        "markets"
    ]
    assert shown["rationale"] == market.rationale  # as stored
    assert shown["rationale_text"].startswith("Rang 1 von ")
    adopt(cast)
    version = StrategyVersion.objects.get()
    snapshot = version.snapshot
    [kept] = snapshot["sections"]["markets"]
    kept["ranking"] = the_old_way(kept["ranking"])
    StrategyVersion.objects.filter(pk=version.pk).update(snapshot=snapshot)
    with translation.override("de"):
        worded = wording.markets_for_reader(StrategyVersion.objects.get().snapshot)
    [german] = worded["sections"]["markets"]
    assert german["rationale"].startswith("Rang 1 von ")
    assert german["langs"]["rationale"] == "de"


def test_an_explanation_that_does_not_match_its_figures_stays_as_stored(cast) -> None:
    build_jis(cast, markets=1)
    old = the_old_way(PriorityMarket.objects.get().ranking)
    old["explanation"] = "Ranked first: a strong market."  # another, older text
    assert wording.explanation_parts(old) == {}
    with translation.override("de"):
        assert (
            wording.market_rationale({"rationale": old["explanation"], "ranking": old})
            == "Ranked first: a strong market."
        )
