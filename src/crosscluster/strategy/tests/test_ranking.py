"""The partnership's market ranking: partner countries, AHP pillars, options, caching."""

from __future__ import annotations

import math

import pytest
from django.core.exceptions import ValidationError

from crosscluster.engines.ranking import DEFAULT_INDICATORS, InputError, combine_judgements
from crosscluster.engines.ranking.ahp import consistent_matrix
from crosscluster.strategy import adapters, queries, services
from crosscluster.strategy.tests.helpers import NOW, make_other_partnership
from tests.cast import make_country, make_organisation

FRANCE = adapters.partner_country("Pole", "FR", "FRA", "France")
GERMANY = adapters.partner_country("Baltic", "DE", "DEU", "Germany")
NORWAY = adapters.partner_country("Fjord", "NO", "NOR", "Norway")


def judgement(name: str, weights: list[float]) -> tuple[str, list[str], list[list[float]]]:
    return name, list(adapters.CRITERION_CODES), [list(row) for row in consistent_matrix(weights)]


def test_pillars_cover_the_default_indicators_once() -> None:
    codes = [code for criterion in adapters.MARKET_CRITERIA for code in criterion.indicators]
    assert sorted(codes) == sorted(DEFAULT_INDICATORS)


def test_saaty_values_and_reciprocal_matrices() -> None:
    assert adapters.parse_saaty("1/3") == pytest.approx(1 / 3)
    assert adapters.parse_saaty("7") == 7
    with pytest.raises(ValueError, match="not a positive number"):
        adapters.parse_saaty("-1")
    matrix = adapters.matrix_from_pairs({(0, 1): 3.0, (0, 2): 5.0, (1, 2): 0.5}, 3)
    assert matrix == [[1.0, 3.0, 5.0], [1 / 3, 1.0, 0.5], [0.2, 2.0, 1.0]]


def test_ahp_pillar_weights_are_split_over_their_indicators() -> None:
    criteria = adapters.available_criteria(with_partner_distances=True)
    judgements = adapters.judgements_from_rows(
        [judgement("A", [4, 1, 2, 1, 2]), judgement("B", [1, 1, 2, 1, 5])], criteria
    )
    weights = adapters.ahp_indicator_weights(judgements, criteria)
    group = combine_judgements(judgements)
    pillar = dict(zip(adapters.CRITERION_CODES, group.combined.weights, strict=True))
    # the geometric mean of two consistent partners is consistent with weights ∝ sqrt(w1 w2)
    expected = [math.sqrt(a * b) for a, b in zip([4, 1, 2, 1, 2], [1, 1, 2, 1, 5], strict=True)]
    assert list(pillar.values()) == pytest.approx([w / sum(expected) for w in expected])
    by_code = weights.as_dict()
    assert by_code["gdp"] == pytest.approx(pillar["market"] / 3)
    assert by_code["researchers"] == pytest.approx(pillar["technology"] / 5)
    assert by_code["distance"] == pytest.approx(pillar["proximity"] / 2)
    assert math.fsum(weights.values) == pytest.approx(1.0, abs=1e-12)
    assert weights.basis == "ahp"


def test_without_partner_distances_proximity_is_dropped_from_the_judgements() -> None:
    criteria = adapters.available_criteria(with_partner_distances=False)
    [partner] = adapters.judgements_from_rows([judgement("A", [4, 1, 2, 1, 2])], criteria)
    assert partner.criteria == ("market", "income", "technology", "infrastructure")
    assert partner.matrix[0] == (1.0, 4.0, 2.0, 4.0)


def test_a_partner_outside_the_eu_is_a_home_market_without_distances() -> None:
    result = adapters.rank_for_partnership(
        partners=[FRANCE, NORWAY],
        options=adapters.RankingOptions(outside_europe=False),
        judgements=[],
    )
    norway = next(item for item in result["screened_out"] if item["iso3"] == "NOR")
    assert norway["reasons"] == ["a partner's own country (a home market, not an export market)"]
    assert result["notes"] == [
        "Fjord (Norway): no CEPII distances are shipped from this country; it counts as a home "
        "market but not in distance and common language."
    ]
    assert "distance" in result["weights"]
    alone = adapters.rank_for_partnership(
        partners=[NORWAY], options=adapters.RankingOptions(), judgements=[]
    )
    assert "distance" not in alone["weights"]
    assert alone["notes"][0].startswith("No partner is in an EU country")


def test_bad_options_name_the_field() -> None:
    with pytest.raises(InputError, match=r"^weights: No partner has entered"):
        adapters.rank_for_partnership(
            partners=[FRANCE], options=adapters.RankingOptions(weights="ahp"), judgements=[]
        )
    with pytest.raises(InputError, match=r"^method: Use wsm or topsis"):
        adapters.rank_for_partnership(
            partners=[FRANCE], options=adapters.RankingOptions(method="best"), judgements=[]
        )
    with pytest.raises(InputError, match=r"^top: Give a number from 1 to 20"):
        adapters.rank_for_partnership(
            partners=[FRANCE], options=adapters.RankingOptions(top=0), judgements=[]
        )


def test_topsis_and_the_top_n_are_passed_to_the_engine() -> None:
    result = adapters.rank_for_partnership(
        partners=[FRANCE, GERMANY],
        options=adapters.RankingOptions(method="topsis", top=6),
        judgements=[],
    )
    assert result["method"] == "topsis"
    assert result["top"] == 6
    assert sum(market["p_top"] for market in result["ranking"]) == pytest.approx(6, abs=0.01)
    assert not any(
        market["iso3"] in {"FRA", "DEU", "CHE", "USA"} and market["rank"] > 200
        for market in result["ranking"]
    )
    assert {item["iso3"] for item in result["screened_out"]} >= {"FRA", "DEU", "CHE"}


@pytest.mark.django_db
def test_the_partnership_ranking_uses_its_partners_and_is_cached(cast, monkeypatch) -> None:
    calls = []
    real = adapters.rank_for_partnership

    def counting(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(adapters, "rank_for_partnership", counting)
    options = queries.default_ranking_options(partnership=cast.partnership)
    assert options.outside_europe is True  # an ESCP-4i partnership goes international
    first = queries.get_market_ranking(partnership=cast.partnership, options=options)
    again = queries.get_market_ranking(partnership=cast.partnership, options=options)
    assert first == again
    assert len(calls) == 1
    assert [p.iso3 for p in calls[0]["partners"]] == ["DEU", "FRA"]  # by organisation name
    assert first["data"]["vintage"].startswith("WDI update")
    queries.get_market_ranking(
        partnership=cast.partnership, options=adapters.RankingOptions(outside_europe=False)
    )
    assert len(calls) == 2


@pytest.mark.django_db
def test_ahp_weights_come_from_the_stored_judgements(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        queries.get_market_ranking(
            partnership=cast.partnership, options=adapters.RankingOptions(weights="ahp")
        )
    assert list(excinfo.value.message_dict) == ["weights"]
    size = len(adapters.CRITERION_CODES)
    market_first = {(0, column): 9.0 for column in range(1, size)}
    market_first.update(
        {(row, column): 1.0 for row in range(1, size) for column in range(row + 1, size)}
    )
    services.save_market_judgement(
        user=cast.coordinator,
        partnership=cast.partnership,
        organisation=cast.cluster,
        pairs=market_first,
        now=NOW,
    )
    result = queries.get_market_ranking(
        partnership=cast.partnership, options=adapters.RankingOptions(weights="ahp")
    )
    assert result["weights_basis"] == "ahp"
    assert list(result["ahp"]["partners"]) == ["Pole Test Cluster"]
    assert result["ahp"]["combined"]["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)
    # market size and demand 9 times as important as each other pillar: 9/13 split over 3
    assert result["weights"]["gdp"] == pytest.approx(9 / 13 / 3)
    assert result["weights"]["income"] == pytest.approx(1 / 13)
    assert result["ranking"][0]["iso3"] in {"USA", "CHN", "JPN", "IND"}  # size first


@pytest.mark.django_db
def test_partner_countries_follow_the_partnership(cast) -> None:
    other = make_other_partnership(cast)
    spain = make_country("ES", "ESP", "Spain")
    from crosscluster.partnerships.models import PartnershipMember

    PartnershipMember.objects.create(
        partnership=other.partnership,
        organisation=make_organisation("Spanish Cluster", "cluster", spain),
    )
    assert [p.iso3 for p in queries.list_partner_countries(partnership=other.partnership)] == [
        "DEU",
        "ESP",
    ]
