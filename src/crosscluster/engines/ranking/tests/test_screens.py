"""Screens, vintages, transforms and the missing-data rule on a small synthetic data set."""

from __future__ import annotations

import math

import pytest

from crosscluster.engines.ranking import InputError, Screens, build_market_matrix, direct_weights
from crosscluster.engines.ranking.data import Bilateral, Country, MarketData

GDP, GROWTH, RD = "NY.GDP.MKTP.CD", "NY.GDP.MKTP.KD.ZG", "GB.XPD.RSDV.GD.ZS"


def country(iso3: str, *, europe: bool = False, aggregate: bool = False) -> Country:
    return Country(
        iso3=iso3,
        name=f"Land {iso3}",
        is_aggregate=aggregate,
        continent=None if aggregate else ("Europe" if europe else "Asia"),
        in_europe=europe,
        europe_basis="CEPII continent Europe" if europe else "CEPII continent Asia",
    )


def link(distance: float, language: bool = False) -> Bilateral:
    return Bilateral(
        distance_km=distance,
        contiguous=False,
        common_official_language=language,
        common_language=language,
    )


def dataset() -> MarketData:
    countries = (
        country("WLD", aggregate=True),
        country("FRA", europe=True),
        country("DEU", europe=True),
        country("NOR", europe=True),
        country("AAA"),
        country("BBB"),
        country("CCC"),
        country("SML"),
        country("GAP"),
        country("MID"),
    )
    series = {
        GDP: {
            "WLD": ((2020, 9e13),),
            "FRA": ((2024, 3e12),),
            "DEU": ((2024, 4e12),),
            "NOR": ((2024, 5e11),),
            # 2026 is outside the default window (2015-2025): 2023 is the latest used.
            "AAA": ((2022, 1e12), (2023, 2e12), (2026, 9e12)),
            "BBB": ((2012, 7e12), (2019, 1e11)),  # 2012 is before the window
            "CCC": ((2024, 1e10),),
            "SML": ((2024, 1e8),),
            "MID": ((2024, 1e11),),
        },
        GROWTH: {
            "AAA": ((2019, 1.0), (2020, 2.0), (2021, 3.0), (2022, 4.0), (2023, 5.0), (2024, 6.0)),
            "BBB": ((2024, 2.0),),
            "CCC": ((2024, 40.0),),
            "SML": ((2024, 1.0),),
            "MID": ((2024, 3.0),),
            "NOR": ((2024, 1.0),),
        },
        RD: {
            "AAA": ((2021, 2.5),),
            "BBB": ((2020, 1.0),),
            "CCC": ((2022, 0.5),),
            "SML": ((2022, 0.1),),
            "NOR": ((2022, 2.0),),
            # MID has no R&D figure: imputed; GAP has nothing at all.
        },
    }
    destinations = ["FRA", "DEU", "NOR", "AAA", "BBB", "CCC", "SML", "GAP", "MID"]
    bilateral = {}
    for origin, offset in (("FRA", 0.0), ("DEU", 1000.0)):
        for index, destination in enumerate(destinations):
            bilateral[(origin, destination)] = link(
                1000.0 * (index + 1) + offset, language=(origin, destination) == ("FRA", "CCC")
            )
    return MarketData(
        countries=countries, series=series, bilateral=bilateral, source="synthetic", vintage="v1"
    )


WEIGHTS = direct_weights({"gdp": 1, "gdp_growth": 1, "rd_expenditure": 1, "distance": 1})


def build(screens: Screens | None = None, partners: tuple[str, ...] = ("FR", "DE")):  # type: ignore[no-untyped-def]
    return build_market_matrix(dataset(), weights=WEIGHTS, partners=partners, screens=screens)


def reasons(matrix, iso3: str) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return next(item.reasons for item in matrix.screened_out if item.iso3 == iso3)


def cells(matrix, iso3: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    alternative = next(a for a in matrix.alternatives if a.iso3 == iso3)
    return dict(zip(matrix.codes, alternative.cells, strict=True))


def test_every_screened_out_country_says_why() -> None:
    matrix = build(Screens(outside_europe=True, exclude=frozenset({"BBB"}), minimum_gdp_usd=1e9))
    assert [a.iso3 for a in matrix.alternatives] == ["AAA", "CCC", "MID"]
    assert reasons(matrix, "WLD") == (
        "World Bank aggregate (a region or income group), not a country",
    )
    assert reasons(matrix, "FRA")[0].startswith("a partner's own country")
    assert "in Europe (CEPII continent Europe)" in reasons(matrix, "FRA")[1]
    assert reasons(matrix, "NOR") == (
        "in Europe (CEPII continent Europe); the programme targets markets outside Europe",
    )
    assert reasons(matrix, "BBB") == ("excluded by the user",)
    assert reasons(matrix, "SML") == ("GDP US$ 100 m (2024) is below the minimum US$ 1.0 bn",)
    gap = reasons(matrix, "GAP")
    assert gap[0] == "no GDP figure in 2015-2025: the minimum size cannot be checked"
    assert gap[1].startswith("too much missing data in 2015-2025: Market size (GDP), GDP growth")
    assert "(75% of the weight; the limit is 25%)" in gap[1]


def test_without_screens_only_aggregates_partners_and_missing_data_are_removed() -> None:
    matrix = build()
    assert {a.iso3 for a in matrix.alternatives} == {"NOR", "AAA", "BBB", "CCC", "SML", "MID"}
    assert {s.iso3 for s in matrix.screened_out} == {"WLD", "FRA", "DEU", "GAP"}


def test_latest_value_in_the_window_with_its_year() -> None:
    values = cells(build(), "AAA")
    assert values["gdp"].raw == 2e12
    assert values["gdp"].year == 2023
    assert values["gdp"].value == pytest.approx(math.log10(2e12))
    bbb = cells(build(), "BBB")["gdp"]
    assert (bbb.raw, bbb.year) == (1e11, 2019)
    earlier = build_market_matrix(
        dataset(),
        weights=direct_weights({"gdp": 1}),
        screens=Screens(first_year=2010, last_year=2013),
    )
    window = cells(earlier, "BBB")["gdp"]
    assert (window.raw, window.year) == (7e12, 2012)


def test_growth_is_the_mean_of_the_latest_five_years() -> None:
    growth = cells(build(), "AAA")["gdp_growth"]
    assert growth.year == 2024
    assert growth.raw == pytest.approx((2.0 + 3.0 + 4.0 + 5.0 + 6.0) / 5)


def test_growth_is_clipped_to_the_quantiles_of_the_ranked_countries() -> None:
    matrix = build()
    ccc = cells(matrix, "CCC")["gdp_growth"]
    assert ccc.raw == 40.0
    ranked = sorted(cells(matrix, a.iso3)["gdp_growth"].raw for a in matrix.alternatives)
    # numpy's default (linear) 95% quantile of the six ranked values
    position = 0.95 * (len(ranked) - 1)
    lower = ranked[int(position)]
    expected = lower + (position - int(position)) * (ranked[int(position) + 1] - lower)
    assert ccc.value == pytest.approx(expected)
    assert ccc.value < 40.0


def test_a_missing_value_is_imputed_with_the_median_and_flagged() -> None:
    matrix = build()
    rd = cells(matrix, "MID")["rd_expenditure"]
    assert rd.imputed
    assert rd.raw is None
    assert rd.year is None
    present = sorted(
        cells(matrix, code)["rd_expenditure"].raw for code in ("NOR", "AAA", "BBB", "CCC", "SML")
    )
    assert rd.value == present[2]
    assert "imputed (median) for 1 of 6 ranked countries" in " ".join(matrix.warnings)
    assert "imputed with the median" in matrix.missing_rule


def test_a_stricter_missing_rule_excludes_instead() -> None:
    matrix = build(Screens(maximum_missing_weight=0.0))
    assert "MID" in {s.iso3 for s in matrix.screened_out}
    assert not any(cell.imputed for a in matrix.alternatives for cell in a.cells)


def test_partner_indicators_average_over_the_partners() -> None:
    weights = direct_weights({"gdp": 1, "distance": 1, "common_language": 1})
    matrix = build_market_matrix(dataset(), weights=weights, partners=("FRA", "DE"))
    ccc = cells(matrix, "CCC")
    # CCC is destination 6: 6000 km from FRA, 7000 km from DEU; shares a language with FRA only
    assert ccc["distance"].raw == 6500.0
    assert ccc["distance"].year is None
    assert ccc["distance"].value == pytest.approx(math.log10(6500.0))
    assert ccc["common_language"].raw == 0.5
    assert matrix.criteria[1].direction == "cost"


def test_partner_codes_are_checked() -> None:
    with pytest.raises(InputError, match="partner 'US': not an EU27 country code"):
        build(partners=("FR", "US"))
    with pytest.raises(InputError, match="indicator distance: needs the partners"):
        build(partners=())


def test_unknown_exclusions_are_reported_and_empty_results_refused() -> None:
    matrix = build(Screens(exclude=frozenset({"QQQ"})))
    assert "exclusion QQQ: not a country in the data" in matrix.warnings
    with pytest.raises(InputError, match="no country passes the screens"):
        build(Screens(minimum_gdp_usd=1e15))


@pytest.mark.parametrize(
    ("screens", "message"),
    [
        ({"first_year": 2025, "last_year": 2020}, "first year 2025 is after last year 2020"),
        ({"maximum_missing_weight": 1.5}, "must be between 0 and 1"),
        ({"minimum_gdp_usd": -1.0}, "must not be negative"),
    ],
)
def test_bad_screens_are_refused(screens: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=message):
        Screens(**screens)
