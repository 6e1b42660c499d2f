"""Why a partner region's R&D figure is missing reads in the reader's language where the engine
wrote the reason: the S3 page showed "em falta: FRL0 is not in the data (no regional value
published in this extract)" to a Portuguese reader. The shipped NUTS mapping's own notes
("new region in NUTS 2024: …") stay as the data has them."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from crosscluster.engines.s3.indicators import load_dataset, region_indicator
from crosscluster.regions import adapters, wording


def test_the_engine_says_why_a_value_is_missing_by_a_code() -> None:
    dataset = load_dataset(settings.DATA_DIR)
    assert region_indicator("FRL0", dataset).missing_code == "not_in_data"
    assert region_indicator("PT19", dataset).missing_code == "replaced"
    assert region_indicator("ES21", dataset).missing_code == ""


def test_the_reader_gets_the_engine_s_reason_in_the_page_s_language() -> None:
    dataset = load_dataset(settings.DATA_DIR)
    france = adapters.indicator_to_dict(region_indicator("FRL0", dataset))
    centro = adapters.indicator_to_dict(region_indicator("PT19", dataset))
    with translation.override("en"):
        assert wording.missing_reason(france) == france["missing_reason"]
    with translation.override("de"):
        assert wording.missing_reason(france) == (
            "FRL0 ist nicht in den Daten (in diesem Auszug ist kein regionaler Wert veröffentlicht)"
        )
        assert wording.missing_reason(centro) == centro["missing_reason"]  # the mapping's note
    stored_before = {key: value for key, value in france.items() if key != "missing_code"}
    with translation.override("de"):
        assert wording.missing_reason(stored_before) == france["missing_reason"]


def test_the_guidelines_give_each_region_s_reason_in_the_reader_s_language() -> None:
    dataset = load_dataset(settings.DATA_DIR)
    france = adapters.indicator_to_dict(region_indicator("FRL0", dataset))
    snapshot = {"regions": [{"priorities": [], "recommendations": [], "indicator": france}]}
    with translation.override("de"):
        shown = wording.guidelines_for_reader(snapshot)
    assert shown["regions"][0]["indicator"]["missing_reason"].startswith("FRL0 ist nicht")
    assert snapshot["regions"][0]["indicator"]["missing_reason"].startswith("FRL0 is not")
