"""Screens and the missing-data rule: from the shipped data to the decision matrix that is ranked.

Screens run first, and every screened-out country keeps all the reasons that applied:

1. World Bank aggregates (``is_aggregate``: regions, income groups) are not countries.
2. The partners' own countries are home markets, not export markets (``exclude_partner_countries``).
3. Europe, when the programme targets markets outside Europe (``outside_europe``).
4. The user's exclusions.
5. Minimum size: GDP (latest in the window) below ``minimum_gdp_usd``; no GDP figure fails too.
6. Missing data: a country whose missing indicators carry more than ``maximum_missing_weight`` of
   the total weight is screened out (ranking it would mostly rank the imputation).

Every other missing value is imputed with the median (after transform and clipping) of the
countries that are ranked, flagged on its cell (``imputed=True``, ``raw=None``): visible, and
neither rewarded nor punished. Normalisation and clipping use the ranked countries only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from crosscluster.engines.ranking.data import MarketData, resolve_partner
from crosscluster.engines.ranking.indicators import (
    BY_CODE,
    IndicatorSpec,
    RawCell,
    get_indicator,
    indicator_cell,
    wdi_cell,
)
from crosscluster.engines.ranking.model import (
    Alternative,
    Cell,
    DecisionMatrix,
    InputError,
    ScreenedOut,
    Weights,
)

DEFAULT_FIRST_YEAR = 2015
DEFAULT_LAST_YEAR = 2025
DEFAULT_MAXIMUM_MISSING_WEIGHT = 0.25


@dataclass(frozen=True)
class Screens:
    outside_europe: bool = False
    exclude: frozenset[str] = frozenset()
    minimum_gdp_usd: float = 0.0
    exclude_partner_countries: bool = True
    maximum_missing_weight: float = DEFAULT_MAXIMUM_MISSING_WEIGHT
    first_year: int = DEFAULT_FIRST_YEAR
    last_year: int = DEFAULT_LAST_YEAR

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise InputError(
                f"window: first year {self.first_year} is after last year {self.last_year}"
            )
        if not 0 <= self.maximum_missing_weight <= 1:
            raise InputError(
                f"maximum missing weight: must be between 0 and 1, got {self.maximum_missing_weight}"
            )
        if self.minimum_gdp_usd < 0:
            raise InputError(f"minimum GDP: must not be negative, got {self.minimum_gdp_usd}")

    @property
    def window(self) -> str:
        return f"{self.first_year}-{self.last_year}"


def missing_rule(screens: Screens) -> str:
    return (
        "a country whose missing indicators carry more than "
        f"{screens.maximum_missing_weight:.0%} of the weight is screened out; any other missing "
        "value is imputed with the median of the ranked countries and flagged on its cell"
    )


def format_usd(value: float) -> str:
    if value >= 1e12:
        return f"US$ {value / 1e12:.1f} tn"
    if value >= 1e9:
        return f"US$ {value / 1e9:.1f} bn"
    return f"US$ {value / 1e6:.0f} m"


def build_market_matrix(
    data: MarketData,
    *,
    weights: Weights,
    partners: Sequence[str] = (),
    screens: Screens | None = None,
) -> DecisionMatrix:
    """Screen the countries, extract and transform their indicators (``weights.criteria``), and
    impute what is missing, transparently. Raises ``InputError`` on unusable input."""
    screens = screens or Screens()
    partner_codes = tuple(dict.fromkeys(resolve_partner(code, data.origins) for code in partners))
    specs = [get_indicator(code) for code in weights.criteria]
    for spec in specs:
        if spec.needs_partners and not partner_codes:
            raise InputError(
                f"indicator {spec.code}: needs the partners' countries (e.g. --partners FR,DE)"
            )
    weight_of = weights.as_dict()
    gdp = BY_CODE["gdp"]
    known = {country.iso3 for country in data.countries}
    unknown = sorted(screens.exclude - known)
    warnings = [f"exclusion {code}: not a country in the data" for code in unknown]
    warning_parts: list[Mapping[str, object]] = [
        {"code": "unknown_exclusion", "iso3": code} for code in unknown
    ]

    kept: list[tuple[str, str, list[RawCell]]] = []
    screened: list[ScreenedOut] = []
    for country in data.countries:
        reasons: list[str] = []
        parts: list[Mapping[str, object]] = []
        cells: list[RawCell] = []
        window = {"first_year": screens.first_year, "last_year": screens.last_year}
        if country.is_aggregate:
            reasons.append("World Bank aggregate (a region or income group), not a country")
            parts.append({"code": "aggregate"})
        else:
            if screens.exclude_partner_countries and country.iso3 in partner_codes:
                reasons.append("a partner's own country (a home market, not an export market)")
                parts.append({"code": "home_market"})
            if screens.outside_europe and country.in_europe:
                reasons.append(
                    f"in Europe ({country.europe_basis}); the programme targets markets outside "
                    "Europe"
                )
                parts.append(
                    {
                        "code": "in_europe",
                        # CEPII's continent, or the UN M49 region where CEPII says otherwise
                        "basis": "cepii" if country.continent == "Europe" else "un_m49",
                    }
                )
            if country.iso3 in screens.exclude:
                reasons.append("excluded by the user")
                parts.append({"code": "excluded"})
            if screens.minimum_gdp_usd > 0:
                size = wdi_cell(data, gdp, country.iso3, screens.first_year, screens.last_year)
                if size.raw is None:
                    reasons.append(
                        f"no GDP figure in {screens.window}: the minimum size cannot be checked"
                    )
                    parts.append({"code": "no_gdp", **window})
                elif size.raw < screens.minimum_gdp_usd:
                    reasons.append(
                        f"GDP {format_usd(size.raw)} ({size.year}) is below the minimum "
                        f"{format_usd(screens.minimum_gdp_usd)}"
                    )
                    parts.append(
                        {
                            "code": "small_gdp",
                            "gdp": size.raw,
                            "year": size.year,
                            "minimum": screens.minimum_gdp_usd,
                        }
                    )
            cells = [
                indicator_cell(
                    data,
                    spec,
                    country.iso3,
                    partners=partner_codes,
                    first_year=screens.first_year,
                    last_year=screens.last_year,
                )
                for spec in specs
            ]
            missing = [spec for spec, cell in zip(specs, cells, strict=True) if cell.value is None]
            missing_weight = sum(weight_of[spec.code] for spec in missing)
            if missing_weight > screens.maximum_missing_weight + 1e-12:
                reasons.append(
                    f"too much missing data in {screens.window}: "
                    f"{', '.join(spec.label for spec in missing)} "
                    f"({missing_weight:.0%} of the weight; the limit is "
                    f"{screens.maximum_missing_weight:.0%})"
                )
                parts.append(
                    {
                        "code": "missing_data",
                        **window,
                        "indicators": [spec.code for spec in missing],
                        "share": missing_weight,
                        "limit": screens.maximum_missing_weight,
                    }
                )
        if reasons:
            screened.append(ScreenedOut(country.iso3, country.name, tuple(reasons), tuple(parts)))
        else:
            kept.append((country.iso3, country.name, cells))
    if not kept:
        raise InputError("screens: no country passes the screens; relax them")

    columns, imputed_counts = _finish_columns(specs, [cells for _, _, cells in kept], screens)
    imputed = [(spec, count) for spec, count in zip(specs, imputed_counts, strict=True) if count]
    warnings += [
        f"{spec.label}: imputed (median) for {count} of {len(kept)} ranked countries"
        for spec, count in imputed
    ]
    warning_parts += [
        {"code": "imputed", "indicator": spec.code, "count": count, "ranked": len(kept)}
        for spec, count in imputed
    ]
    alternatives = tuple(
        Alternative(iso3=iso3, name=name, cells=tuple(column[row] for column in columns))
        for row, (iso3, name, _) in enumerate(kept)
    )
    return DecisionMatrix(
        criteria=tuple(spec.criterion() for spec in specs),
        alternatives=alternatives,
        screened_out=tuple(screened),
        missing_rule=missing_rule(screens),
        source=data.source,
        vintage=(
            f"{data.vintage}; latest value per country in {screens.window} "
            "(each value's year is given with it)"
        ),
        warnings=tuple(warnings),
        warning_parts=tuple(warning_parts),
        missing_limit=screens.maximum_missing_weight,
        source_parts=data.source_parts,
        vintage_parts=(
            *data.vintage_parts,
            {"code": "window", "first_year": screens.first_year, "last_year": screens.last_year},
        )
        if data.vintage_parts
        else (),
    )


def _finish_columns(
    specs: Sequence[IndicatorSpec], rows: Sequence[Sequence[RawCell]], screens: Screens
) -> tuple[list[list[Cell]], list[int]]:
    """Clip and impute each indicator over the kept countries; returns columns of cells."""
    columns: list[list[Cell]] = []
    imputed_counts: list[int] = []
    for index, spec in enumerate(specs):
        raw_cells = [row[index] for row in rows]
        present = np.array([cell.value for cell in raw_cells if cell.value is not None])
        if present.size == 0:
            raise InputError(
                f"indicator {spec.code}: no ranked country has a value in {screens.window}"
            )
        low, high = -np.inf, np.inf
        if spec.clip is not None:
            low, high = (float(bound) for bound in np.quantile(present, spec.clip))
            present = np.clip(present, low, high)
        median = float(np.median(present))
        column = []
        count = 0
        for cell in raw_cells:
            if cell.value is None:
                count += 1
                column.append(Cell(raw=None, year=None, value=median, imputed=True))
            else:
                clipped = float(min(max(cell.value, low), high))
                column.append(Cell(raw=cell.raw, year=cell.year, value=clipped))
        columns.append(column)
        imputed_counts.append(count)
    return columns, imputed_counts
