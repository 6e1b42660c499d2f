"""Regional indicators from the shipped data (``crosscluster/data/regions``), without the ORM.

Business enterprise R&D expenditure (EUR per inhabitant), Eurostat rd_e_gerdreg 2014-2018, is
published on NUTS 2016 codes; partner regions are NUTS 2024. A NUTS 2016 code is used for a
NUTS 2024 region only when the shipped NUTS 2021 -> 2024 correspondence shows it as the same
region:

- the code is a NUTS 2021 code (Eurostat gives a region a new code when its boundary changes, so a
  code present in both 2016 and 2021 is the same territory), and
- the correspondence keeps the code in 2024 (unchanged, a name change, or an art. 5(2a) minor
  adjustment, which is noted).

Every other code is listed as unmapped with its reason, and a NUTS 2024 region without a mapped
code shows its value as missing, with the reason. Nothing is interpolated.

The EU-wide comparison ranks the value among the NUTS-2 regions of the 27 member states in the
data (as published, NUTS 2016) that have a value for the same year: rank 1 is the highest, and
the percentile is the share of the other regions with a lower value.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NUTS2_FILE = "randd_private_eur_hab.nuts2.csv"
NUTS0_FILE = "randd_private_eur_hab.nuts0.csv"
CORRESPONDENCE_FILE = "nuts2021_to_2024_correspondence.csv"
VALUE_COLUMN = "r&d_private_eur_hab"
INDICATOR_LABEL = "Business enterprise R&D expenditure (EUR per inhabitant)"
SOURCE = (
    "Eurostat rd_e_gerdreg (business enterprise sector R&D expenditure), via "
    "github.com/nestauk/eurito_indicators (MIT)"
)
VINTAGE = "reference years 2014-2018, NUTS 2016 codes"
EU_AGGREGATE = "EU28"
KEPT_CHANGES = {"": "", "Name change": "name changed", "art. 5(2a)": "minor boundary adjustment"}


@dataclass(frozen=True)
class NutsMapping:
    """NUTS 2016 codes of the data -> NUTS 2024 codes, with the codes that could not be mapped."""

    to_2024: dict[str, str]
    notes: dict[str, str]  # 2016 code -> note on a kept code (name change, ...)
    unmapped: dict[str, str]  # 2016 code -> why it is not mapped
    changed_2024: dict[str, str]  # 2024 code -> why no 2016 code maps to it (new regions)

    def from_2024(self, code: str) -> str | None:
        for old, new in self.to_2024.items():
            if new == code:
                return old
        return None


@dataclass(frozen=True)
class Dataset:
    regions: dict[str, dict[int, float]]  # NUTS 2016 code -> year -> value
    countries: dict[str, dict[int, float]]  # NUTS-0 code (EL for Greece) -> year -> value
    eu_countries: frozenset[str]  # NUTS country codes of the EU-27 (from the correspondence)
    mapping: NutsMapping
    codes: frozenset[str] = frozenset()  # every NUTS 2016 region code in the file


@dataclass(frozen=True)
class Comparison:
    rank: int  # 1 = highest
    ranked: int  # regions with a value that year
    percentile: float  # share (0-100) of the other regions with a lower value
    median: float


@dataclass(frozen=True)
class RegionIndicator:
    code: str  # NUTS 2024
    data_code: str | None  # the NUTS 2016 code the value comes from
    year: int | None
    value: float | None
    series: tuple[tuple[int, float], ...]
    country_code: str
    country_value: float | None
    country_year: int | None
    eu_value: float | None  # the EU-28 aggregate of the data, same year
    comparison: Comparison | None
    missing_reason: str
    note: str
    # why the value is missing, for a reader's language: "replaced" or "unmapped" (the reason is
    # the shipped mapping's own note), "not_in_data", "no_match", "empty"; "" with a value
    missing_code: str = ""

    @property
    def ratio_to_country(self) -> float | None:
        if self.value is None or not self.country_value:
            return None
        return self.value / self.country_value


def _read_values(path: Path) -> dict[str, dict[int, float]]:
    values: dict[str, dict[int, float]] = {}
    with open(path, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            text = (row.get(VALUE_COLUMN) or "").strip()
            if not text:
                continue
            values.setdefault(row["nuts_id"].strip(), {})[int(row["year"])] = float(text)
    return values


def read_correspondence(path: Path) -> list[dict[str, str]]:
    """Level-2 rows: country, code 2021, code 2024, change."""
    rows = []
    with open(path, encoding="utf-8", newline="") as file:
        for row in csv.reader(file):
            if not row or row[0] == "#" or len(row) < 9:
                continue
            rows.append(
                {
                    "country": row[1].strip(),
                    "code_2021": row[2].strip(),
                    "code_2024": row[3].strip(),
                    "change": row[7].strip(),
                    "level": row[8].strip(),
                }
            )
    return rows


def build_mapping(codes_2016: set[str], correspondence: list[dict[str, str]]) -> NutsMapping:
    """The rule in the module's docstring, applied to ``codes_2016`` (NUTS-2 codes)."""
    level2 = [row for row in correspondence if row["level"] == "2"]
    countries = {row["country"] for row in correspondence if row["country"]}
    by_2021 = {row["code_2021"]: row for row in level2 if row["code_2021"]}
    to_2024: dict[str, str] = {}
    notes: dict[str, str] = {}
    unmapped: dict[str, str] = {}
    for code in sorted(codes_2016):
        if code[:2] not in countries:
            unmapped[code] = "outside the EU-27 NUTS 2024 classification"
            continue
        row = by_2021.get(code)
        if row is None:
            unmapped[code] = (
                "not a NUTS 2021 code (changed between 2016 and 2021; no 2016-2021 "
                "correspondence is shipped)"
            )
            continue
        if row["code_2024"] == code and row["change"] in KEPT_CHANGES:
            to_2024[code] = code
            if KEPT_CHANGES[row["change"]]:
                notes[code] = f"NUTS 2024: {KEPT_CHANGES[row['change']]}"
            continue
        unmapped[code] = f"{(row['change'] or 'changed').lower()} between NUTS 2021 and 2024"
    changed_2024 = {
        row["code_2024"]: f"{row['change'].lower()} in NUTS 2024: no comparable NUTS 2016 data"
        for row in level2
        if row["code_2024"] and row["code_2024"] != row["code_2021"]
    }
    return NutsMapping(to_2024=to_2024, notes=notes, unmapped=unmapped, changed_2024=changed_2024)


@lru_cache(maxsize=4)
def load_dataset(data_dir: Path) -> Dataset:
    folder = data_dir / "regions"
    values = _read_values(folder / NUTS2_FILE)
    countries = _read_values(folder / NUTS0_FILE)
    correspondence = read_correspondence(folder / CORRESPONDENCE_FILE)
    eu = frozenset(row["country"] for row in correspondence if row["country"])
    # The data's aggregates (EU28, EA19) are not regions.
    aggregates = {code for code in values if code[:2] not in eu and code[:2] in {"EU", "EA"}}
    regions = {code: series for code, series in values.items() if code not in aggregates}
    for code in aggregates:
        countries.setdefault(code, values[code])
    # Every code of the file is mapped or explained, including those without any value.
    with open(folder / NUTS2_FILE, encoding="utf-8", newline="") as file:
        all_codes = {row["nuts_id"].strip() for row in csv.DictReader(file)} - aggregates
    return Dataset(
        regions=regions,
        countries=countries,
        eu_countries=eu,
        mapping=build_mapping(all_codes, correspondence),
        codes=frozenset(all_codes),
    )


def compare(value: float, year: int, dataset: Dataset) -> Comparison:
    """``value``'s place among the EU-27 regions of the data with a value in ``year``."""
    others = sorted(
        series[year]
        for code, series in dataset.regions.items()
        if code[:2] in dataset.eu_countries and year in series
    )
    higher = sum(1 for other in others if other > value)
    lower = sum(1 for other in others if other < value)
    count = len(others)
    middle = count // 2
    median = (
        others[middle] if count % 2 else (others[middle - 1] + others[middle]) / 2 if count else 0
    )
    return Comparison(
        rank=higher + 1,
        ranked=count,
        percentile=100.0 * lower / (count - 1) if count > 1 else 100.0,
        median=median,
    )


def region_indicator(code: str, dataset: Dataset) -> RegionIndicator:
    """The indicator for a NUTS 2024 region (NUTS-2 code; a longer code is cut to NUTS-2)."""
    code = code[:4]
    country = code[:2]
    country_series = dataset.countries.get(country, {})
    eu_series = dataset.countries.get(EU_AGGREGATE, {})
    data_code = dataset.mapping.from_2024(code)
    missing = missing_code = ""
    series: dict[int, float] = {}
    if data_code is None:
        if code in dataset.mapping.changed_2024:
            missing, missing_code = dataset.mapping.changed_2024[code], "replaced"
        elif code in dataset.mapping.unmapped:
            missing, missing_code = f"{code}: {dataset.mapping.unmapped[code]}", "unmapped"
        elif code not in dataset.codes:
            missing = f"{code} is not in the data (no regional value published in this extract)"
            missing_code = "not_in_data"
        else:
            missing = "no NUTS 2016 region of the data maps to this NUTS 2024 region"
            missing_code = "no_match"

    else:
        series = dataset.regions.get(data_code, {})
        if not series:
            missing = f"no value for {data_code} in 2014-2018 (empty in the data)"
            missing_code = "empty"
    year = max(series) if series else None
    value = series[year] if year is not None else None
    country_year: int | None = None
    if country_series:
        country_year = year if year in country_series else max(country_series)
    return RegionIndicator(
        code=code,
        data_code=data_code,
        year=year,
        value=value,
        series=tuple(sorted(series.items())),
        country_code=country,
        country_value=country_series.get(country_year) if country_year is not None else None,
        country_year=country_year,
        eu_value=eu_series.get(year) if year is not None else None,
        comparison=compare(value, year, dataset)
        if value is not None and year is not None
        else None,
        missing_reason=missing,
        note=dataset.mapping.notes.get(data_code or "", ""),
        missing_code=missing_code,
    )
