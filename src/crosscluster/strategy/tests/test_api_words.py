"""The market ranking's API in the request's language, as the ranking page words it
(apiwords): why countries were screened out, the warnings, the method, the data's source and
vintage (``source_parts``, ``vintage_parts``), the AHP consistency warnings, and a chosen
market's data line. Each keeps its parts beside; in English each is the engine's own text."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.core.dates import format_iso_date
from crosscluster.engines.ranking.ahp import analyse_pairwise
from crosscluster.engines.ranking.data import (
    CEPII_SOURCE,
    CEPII_VINTAGE,
    WDI_SOURCE,
    WDI_VINTAGE,
)
from crosscluster.engines.ranking.report import describe_method
from crosscluster.strategy import queries, wording
from crosscluster.strategy.adapters import CRITERION_CODES
from crosscluster.strategy.models import MarketJudgement, PriorityMarket
from crosscluster.strategy.tests.helpers import build_jis

pytestmark = pytest.mark.django_db

#: what the German and French catalogues say (the screens, warnings and method existed before;
#: the source and vintage are new sentences, filled in when the lead merges the catalogues)
WORDS = {
    "de": {
        "screened": "Aggregat der Weltbank (eine Region oder Einkommensgruppe), kein Land",
        "warning": "imputiert (Median) für",
        "method": "Methode: ",
        "source": "Weltbank, World Development Indicators (CC BY 4.0), über github.com",
        "vintage": "WDI-Aktualisierung vom 2026-07-01; CEPII GeoDist (statisch); neuester Wert",
        "consistency": "Konsistenzverhältnis ",
    },
    "fr": {
        "screened": "agrégat de la Banque mondiale (une région ou un groupe de revenu), pas un pays",
        "warning": "imputé (médiane) pour",
        "method": "Méthode\u00a0: ",
        "source": "Banque mondiale, World Development Indicators (CC BY 4.0), via github.com",
        "vintage": "mise à jour des WDI du 2026-07-01; CEPII GeoDist (statique); dernière valeur",
        "consistency": "le ratio de cohérence ",
    },
}


def ranking_api(client: Client, slug: str, language: str, **query: str) -> dict:  # type: ignore[type-arg]
    answer = client.get(
        f"/api/v1/strategy/{slug}/markets/ranking", query, headers={"accept-language": language}
    )
    assert answer.status_code == 200, answer.content
    return dict(answer.json())


def contradictory_pairs() -> dict[str, float]:
    codes = CRITERION_CODES
    pairs = {
        f"{codes[row]}:{codes[column]}": 1.0
        for row in range(len(codes))
        for column in range(row + 1, len(codes))
    }
    pairs.update(
        {f"{codes[0]}:{codes[1]}": 9, f"{codes[1]}:{codes[2]}": 9, f"{codes[0]}:{codes[2]}": 1 / 9}
    )
    return pairs


def test_in_english_the_ranking_api_gives_the_engines_own_text(cast, client: Client) -> None:
    client.force_login(cast.coordinator)
    body = ranking_api(client, cast.partnership.slug, "en")
    assert body["data"]["source"] == f"{WDI_SOURCE}; {CEPII_SOURCE}"
    assert body["data"]["vintage"].startswith(f"{WDI_VINTAGE}; {CEPII_VINTAGE}; latest value ")
    default = queries.default_ranking_options(partnership=cast.partnership)
    engine = queries.get_market_ranking(partnership=cast.partnership, options=default)
    assert body["data"]["vintage"] == engine["data"]["vintage"]
    assert body["warnings"] == engine["warnings"]
    assert [item["reasons"] for item in body["screened_out"]] == [
        item["reasons"] for item in engine["screened_out"]
    ]
    # the parts the schema dropped before
    assert body["warning_parts"] == engine["warning_parts"]
    assert body["screened_out"][0]["reason_parts"] == engine["screened_out"][0]["reason_parts"]
    assert [part["code"] for part in body["data"]["vintage_parts"]] == [
        "wdi",
        "cepii_static",
        "window",
    ]
    assert body["data"]["missing_limit"] == engine["data"]["missing_limit"]
    assert body["method_line"].startswith("Method: weighted sum (WSM) on min-max")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_ranking_api_words_its_rules_and_data_in_the_requests_language(
    cast, client: Client, language: str
) -> None:
    client.force_login(cast.coordinator)
    words = WORDS[language]
    body = ranking_api(client, cast.partnership.slug, language)
    reasons = [reason for item in body["screened_out"] for reason in item["reasons"]]
    assert words["screened"] in reasons
    assert "World Bank aggregate (a region or income group), not a country" not in reasons
    assert any(words["warning"] in warning for warning in body["warnings"])
    assert body["method_line"].startswith(words["method"])
    assert body["data"]["source"].startswith(words["source"])
    assert body["data"]["vintage"].startswith(words["vintage"])
    assert body["data"]["source_parts"][0] == {"code": "wdi", "update": "2026-07-01"}
    # the page shows the same source and vintage
    with translation.override(language):  # the API request left its language active here
        address = reverse("strategy:ranking", args=[cast.partnership.slug])
    page = html.unescape(client.get(address).content.decode())
    assert body["data"]["source"] in page
    assert body["data"]["vintage"] in page
    assert "WDI update 2026-07-01" not in page


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_ahp_consistency_warnings_are_in_the_requests_language(
    cast, client: Client, token_for, language: str
) -> None:
    words = WORDS[language]
    address = f"/api/v1/strategy/{cast.partnership.slug}/markets/judgements/{cast.other_cluster.pk}"
    pairs = contradictory_pairs()
    headers = {"authorization": token_for(cast.coordinator)}
    english = client.put(
        address, {"pairs": pairs}, content_type="application/json", headers=headers
    ).json()
    judgement = MarketJudgement.objects.get()
    engine = analyse_pairwise(judgement.criteria, judgement.matrix)
    assert engine.warning
    assert english["warning"] == engine.warning  # in English, the engine's own sentence
    answer = client.put(
        address,
        {"pairs": pairs},
        content_type="application/json",
        headers={**headers, "accept-language": language},
    ).json()
    assert answer["warning"].startswith(words["consistency"]), answer["warning"]
    assert "contradict each other" not in answer["warning"]
    # the ranking with the partners' weights, and the judgement's page
    client.force_login(cast.coordinator)
    body = ranking_api(client, cast.partnership.slug, language, weights="ahp")
    for result in [body["ahp"]["combined"], *body["ahp"]["partners"].values()]:
        assert result["warning"].startswith(words["consistency"]), result["warning"]
    with translation.override(language):
        address = reverse(
            "strategy:judgement_edit", args=[cast.partnership.slug, cast.other_cluster.pk]
        )
    page = html.unescape(client.get(address).content.decode())
    assert answer["warning"] in page
    assert engine.warning not in page


def test_a_chosen_markets_data_line_is_in_the_requests_language(cast, token_for) -> None:
    build_jis(cast, markets=1)
    market = PriorityMarket.objects.get()
    assert market.ranking["data"]["source_parts"]  # kept with the market when it was chosen
    client = Client()
    headers = {"authorization": token_for(cast.coordinator)}
    address = f"/api/v1/strategy/{cast.partnership.slug}"
    [english] = client.get(address, headers=headers).json()["sections"]["markets"]
    ranking = market.ranking
    assert english["data_text"] == (
        f"Ranking data: {ranking['data']['source']}. Vintage: {ranking['data']['vintage']}. "
        f"Computed on {format_iso_date(ranking['computed_at'][:10])} by "
        f"{describe_method(ranking['method'], ranking['weights_basis'])}."
    )
    [german] = client.get(address, headers={**headers, "accept-language": "de"}).json()["sections"][
        "markets"
    ]
    assert german["data_text"].startswith("Daten der Rangliste: " + WORDS["de"]["source"])
    assert "mit einer gewichteten Summe (WSM) mit gleichen Gewichten." in german["data_text"]
    # the strategy page says the same
    client.force_login(cast.coordinator)
    with translation.override("de"):
        page = client.get(reverse("strategy:overview", args=[cast.partnership.slug]))
    assert german["data_text"] in html.unescape(page.content.decode())
    assert wording.ranking_data_line({}) == ""
