"""A priority market chosen before its ranking's data kept their parts (no ``source_parts``,
``vintage_parts``: the English source and vintage only) gets them once, from migration 0006,
in the working copy and in every adopted version: read back with the engine's forms of the
time and kept only when they give the very English stored. Then its data line reads in the
reader's language like one chosen today, on the strategy page and in the API; a text of another
form keeps no parts and is shown as stored. (A market's explanation is put together again
from the figures its ranking keeps, ``wording.explanation_parts``.)"""

from __future__ import annotations

import copy
import html
import importlib

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
    WDI_UPDATE,
    WDI_VINTAGE,
)
from crosscluster.strategy import wording
from crosscluster.strategy.models import PriorityMarket, StrategyVersion
from crosscluster.strategy.tests.helpers import adopt, build_jis
from tests.migrations import migrate_from

migration = importlib.import_module("crosscluster.strategy.migrations.0006_structure_ranking_data")

WINDOW = "latest value per country in 2015-2024 (each value's year is given with it)"
FRENCH = f"mise à jour des WDI du {WDI_UPDATE}; CEPII GeoDist (statique)"
GERMAN = f"WDI-Aktualisierung vom {WDI_UPDATE}; CEPII GeoDist (statisch)"
OWN = "Our own survey, 2025"


def the_old_way(ranking: dict) -> dict:  # type: ignore[type-arg]
    """A market's ranking as it was stored before the parts were kept."""
    old = copy.deepcopy(ranking)
    old.pop("explanation_parts", None)
    for key in ("source_parts", "vintage_parts"):
        old.get("data", {}).pop(key, None)
    return old


def data_line(ranking: dict, language: str) -> str:  # type: ignore[type-arg]
    with translation.override(language):
        return wording.ranking_data_line(ranking)


def test_the_migration_reads_the_engines_source_and_vintage_back_into_their_parts() -> None:
    assert migration.parts_of(f"{WDI_SOURCE}; {CEPII_SOURCE}", migration.SOURCE_FORMS, False) == [
        *SOURCE_PARTS
    ]
    assert migration.parts_of(
        f"{WDI_VINTAGE}; {CEPII_VINTAGE}; {WINDOW}", migration.VINTAGE_FORMS, True
    ) == [*VINTAGE_PARTS, {"code": "window", "first_year": 2015, "last_year": 2024}]
    assert migration.parts_of(OWN, migration.SOURCE_FORMS, False) == []
    assert migration.parts_of(f"{WDI_VINTAGE}; last spring", migration.VINTAGE_FORMS, True) == []
    # of a known form, but not the very text (a year written "02015")
    assert migration.parts_of(WINDOW.replace("2015", "02015"), migration.VINTAGE_FORMS, True) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "words"), [("fr", FRENCH), ("de", GERMAN)])
def test_a_market_chosen_today_words_its_data_for_the_reader(
    cast, language: str, words: str
) -> None:
    build_jis(cast, markets=1)
    ranking = PriorityMarket.objects.get().ranking
    assert ranking["data"]["source_parts"] == [*SOURCE_PARTS]
    line = data_line(ranking, language)
    assert words in line
    assert WDI_SOURCE not in line
    assert WDI_SOURCE in data_line(ranking, "en")


@pytest.mark.django_db(transaction=True)
def test_old_markets_and_versions_are_structured_once_and_worded_for_the_reader(
    cast, token_for
) -> None:
    build_jis(cast, markets=2)
    adopt(cast)
    first, second = PriorityMarket.objects.order_by("pk")
    today = {market.pk: copy.deepcopy(market.ranking) for market in (first, second)}
    for market in (first, second):
        PriorityMarket.objects.filter(pk=market.pk).update(ranking=the_old_way(market.ranking))
    unread = the_old_way(second.ranking)
    unread["data"]["source"] = OWN
    PriorityMarket.objects.filter(pk=second.pk).update(ranking=unread)
    version = StrategyVersion.objects.get()
    snapshot = copy.deepcopy(version.snapshot)
    kept = snapshot["sections"]["markets"]
    for market in kept:
        market["ranking"] = the_old_way(market["ranking"])
    StrategyVersion.objects.filter(pk=version.pk).update(snapshot=snapshot)

    migrate_from("strategy", "0005_support_mechanism_country")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.ranking["data"] == today[first.pk]["data"]  # the parts written today
    assert "source_parts" not in second.ranking["data"]  # kept as stored
    assert second.ranking["data"]["vintage_parts"] == today[second.pk]["data"]["vintage_parts"]
    adopted = StrategyVersion.objects.get().snapshot["sections"]["markets"]
    assert [market["ranking"]["data"] for market in adopted] == [
        market["ranking"]["data"] for market in version.snapshot["sections"]["markets"]
    ]
    assert [market["ranking"]["data"]["source"] for market in adopted] == [
        market["ranking"]["data"]["source"] for market in kept
    ]  # the English unchanged
    assert FRENCH in data_line(first.ranking, "fr")
    assert GERMAN in data_line(first.ranking, "de")
    second_line = data_line(second.ranking, "de")
    assert OWN in second_line
    assert GERMAN in second_line  # the vintage read back all the same
    with translation.override("de"):
        worded = wording.markets_for_reader(StrategyVersion.objects.get().snapshot)
    assert all(GERMAN in market["data_text"] for market in worded["sections"]["markets"])

    headers = {"authorization": token_for(cast.coordinator), "accept-language": "fr"}
    answer = Client().get(f"/api/v1/strategy/{cast.partnership.slug}", headers=headers)
    shown = {market["id"]: market for market in answer.json()["sections"]["markets"]}
    assert FRENCH in shown[first.pk]["data_text"]
    assert OWN in shown[second.pk]["data_text"]
    client = Client()
    client.force_login(cast.coordinator)
    with translation.override("fr"):
        page = html.unescape(
            client.get(reverse("strategy:overview", args=[cast.partnership.slug])).content.decode()
        )
    assert FRENCH in page
    assert WDI_SOURCE not in page


@pytest.mark.django_db
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
