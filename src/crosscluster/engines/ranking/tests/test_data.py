"""The shipped data: found relative to the package, complete for the catalogue, with vintages."""

from __future__ import annotations

import pytest

from crosscluster.engines.ranking import (
    CATALOGUE,
    DEFAULT_INDICATORS,
    Screens,
    build_market_matrix,
    equal_weights,
    load_market_data,
)
from crosscluster.engines.ranking.data import MarketData, data_directory, resolve_partner
from crosscluster.engines.ranking.indicators import WDI


@pytest.fixture(scope="module")
def data() -> MarketData:
    return load_market_data()


def test_files_ship_inside_the_package() -> None:
    directory = data_directory()
    assert directory.parts[-3:] == ("crosscluster", "data", "markets")
    for name in ("SOURCE.md", "wdi/wdi_selected_long.csv", "wdi/indicators_index.csv",
                 "geodist/geo_cepii.csv", "geodist/dist_eu27_to_world.csv"):  # fmt: skip
        assert (directory / name).is_file(), name


def test_about_two_hundred_countries_and_the_aggregates_flagged(data: MarketData) -> None:
    countries = [c for c in data.countries if not c.is_aggregate]
    aggregates = {c.iso3 for c in data.countries if c.is_aggregate}
    assert 200 <= len(countries) <= 230
    assert {"WLD", "EUU", "HIC", "SSF"} <= aggregates
    assert "USA" not in aggregates


def test_every_wdi_indicator_of_the_catalogue_is_shipped(data: MarketData) -> None:
    for spec in CATALOGUE:
        if spec.source == WDI:
            assert spec.source_code in data.series, spec.code
            assert len(data.series[spec.source_code]) > 100, spec.code


def test_regions(data: MarketData) -> None:
    region = {c.iso3: c for c in data.countries}
    assert region["ROU"].in_europe  # CEPII's ROM, recoded
    assert region["SRB"].in_europe
    assert region["MNE"].in_europe
    assert region["RUS"].in_europe
    assert "M49" in region["RUS"].europe_basis
    assert not region["USA"].in_europe
    assert region["USA"].continent == "America"
    assert not region["TUN"].in_europe
    assert not region["GEO"].in_europe


def test_distances_from_every_eu27_country(data: MarketData) -> None:
    assert len(data.origins) == 27
    assert resolve_partner("FR", data.origins) == "FRA"
    assert resolve_partner("el", data.origins) == "GRC"
    assert resolve_partner("SWE", data.origins) == "SWE"
    assert 5000 < data.bilateral[("FRA", "USA")].distance_km < 9000
    assert data.bilateral[("ESP", "MEX")].common_official_language


def test_default_indicators_rank_most_countries_outside_europe(data: MarketData) -> None:
    matrix = build_market_matrix(
        data,
        weights=equal_weights(DEFAULT_INDICATORS),
        partners=("FR", "ES", "PT", "DE", "IT", "SE"),
        screens=Screens(outside_europe=True),
    )
    ranked = {a.iso3 for a in matrix.alternatives}
    assert 120 <= len(ranked) <= 170
    assert {"USA", "CHN", "JPN", "BRA", "IND"} <= ranked
    assert not ranked & {"FRA", "NOR", "CHE", "RUS", "WLD"}
    years = [cell.year for a in matrix.alternatives for cell in a.cells if cell.year is not None]
    assert min(years) >= 2015
    assert max(years) <= 2025
    assert "WDI update 2026-07-01" in matrix.vintage
    assert "CEPII" in matrix.source


def test_countries_carry_the_site_s_names_not_the_world_bank_s() -> None:
    """Issue 13: the same country was "Korea, Rep." in the ranking and "South Korea" elsewhere."""
    names = {country.iso3: country.name for country in load_market_data().countries}
    assert names["KOR"] == "South Korea"
    assert names["USA"] == "United States"
    assert not any(name.endswith(", Rep.") for name in names.values())


def test_a_ranking_method_reads_as_words() -> None:
    """Issue 13: "WSM with ahp weights"."""
    from crosscluster.engines.ranking.report import describe_method

    text = describe_method("wsm", "ahp")
    assert text == "a weighted sum (WSM) with weights from the partners' pairwise comparisons (AHP)"
