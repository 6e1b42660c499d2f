"""NUTS 2016 -> 2024 mapping, EU-wide comparison, and the shipped data read back."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crosscluster.engines.s3.indicators import (
    Dataset,
    NutsMapping,
    build_mapping,
    compare,
    load_dataset,
    region_indicator,
)

DATA_DIR = Path(__file__).resolve().parents[3] / "data"  # the package's shipped data


def row(country: str, old: str, new: str, change: str = "") -> dict[str, str]:
    return {"country": country, "code_2021": old, "code_2024": new, "change": change, "level": "2"}


def test_mapping_keeps_codes_the_correspondence_keeps_and_explains_the_others() -> None:
    correspondence = [
        row("AA", "AA11", "AA11"),
        row("AA", "AA12", "", "Boundary shift"),
        row("AA", "", "AA14", "New region"),
        row("AA", "AA15", "AA15", "Name change"),
    ]
    mapping = build_mapping({"AA11", "AA12", "AA13", "AA15", "ZZ11"}, correspondence)
    assert mapping.to_2024 == {"AA11": "AA11", "AA15": "AA15"}
    assert mapping.notes == {"AA15": "NUTS 2024: name changed"}
    assert mapping.unmapped["AA12"] == "boundary shift between NUTS 2021 and 2024"
    assert "not a NUTS 2021 code" in mapping.unmapped["AA13"]
    assert mapping.unmapped["ZZ11"] == "outside the EU-27 NUTS 2024 classification"
    assert "new region in NUTS 2024" in mapping.changed_2024["AA14"]


def small_dataset() -> Dataset:
    return Dataset(
        regions={
            "AA11": {2018: 10.0},
            "AA12": {2018: 30.0},
            "AA13": {2018: 20.0, 2017: 25.0},
            "AA14": {2017: 5.0},
            "ZZ11": {2018: 1000.0},  # outside the EU: not ranked
        },
        countries={"AA": {2018: 40.0}, "EU28": {2018: 35.0}},
        eu_countries=frozenset({"AA"}),
        mapping=NutsMapping(
            to_2024={"AA11": "AA11", "AA13": "AA13"},
            notes={},
            unmapped={"AA12": "boundary shift between NUTS 2021 and 2024"},
            changed_2024={},
        ),
        codes=frozenset({"AA11", "AA12", "AA13", "AA14", "ZZ11"}),
    )


def test_comparison_ranks_among_eu_regions_with_a_value_the_same_year() -> None:
    # 2018 values of EU regions: 10, 20, 30. 20 is second; one of the two others is lower.
    result = compare(20.0, 2018, small_dataset())
    assert (result.rank, result.ranked, result.percentile, result.median) == (2, 3, 50.0, 20.0)


def test_region_indicator_takes_the_latest_year_and_the_country_the_same_year() -> None:
    indicator = region_indicator("AA13", small_dataset())
    assert (indicator.year, indicator.value, indicator.data_code) == (2018, 20.0, "AA13")
    assert (indicator.country_value, indicator.country_year, indicator.eu_value) == (
        40.0,
        2018,
        35.0,
    )
    assert indicator.ratio_to_country == pytest.approx(0.5)
    missing = region_indicator("AA12", small_dataset())
    assert missing.value is None
    assert "boundary shift" in missing.missing_reason
    assert "not in the data" in region_indicator("AA19", small_dataset()).missing_reason


def _csv_value(code: str, year: int) -> float:
    path = DATA_DIR / "regions" / "randd_private_eur_hab.nuts2.csv"
    with open(path, encoding="utf-8") as file:
        for line in csv.DictReader(file):
            if line["nuts_id"] == code and int(line["year"]) == year:
                return float(line["r&d_private_eur_hab"])
    raise LookupError(code)


def test_the_shipped_data_reads_back() -> None:
    dataset = load_dataset(DATA_DIR)
    basque = region_indicator("ES21", dataset)
    # País Vasco has every year 2014-2018 in the file; the latest is 2018.
    assert basque.year == 2018
    assert basque.value == _csv_value("ES21", 2018)
    assert basque.series[0][0] == 2014
    assert basque.comparison is not None
    assert basque.comparison.rank >= 1
    # Mecklenburg-Vorpommern has 2015 and 2017 only.
    assert region_indicator("DE80", dataset).year == 2017
    # Centro (PT) changed boundary in 2024 (PT16 -> PT19): no value, with the reason.
    centro = region_indicator("PT19", dataset)
    assert centro.value is None
    assert "new region" in centro.missing_reason
    assert "PT16" in dataset.mapping.unmapped
    # France has no regional value in this extract, only the national one.
    paca = region_indicator("FRL0", dataset)
    assert paca.value is None
    assert paca.country_value is not None
