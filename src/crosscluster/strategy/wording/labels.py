"""The ranking's indicators and judgement criteria named in the reader's language, and the
numbers of its sentences in the language's format (shared by the explanations and the page)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from crosscluster.core.countries import localise_country
from crosscluster.strategy.adapters import MARKET_CRITERIA

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


#: the ranking's indicators and the partners' judgement criteria, by code (the engine's
#: English label is the fallback for a code not listed)
INDICATOR_LABELS: dict[str, _StrOrPromise] = {
    # the partners' judgement criteria, named where they are defined; an indicator of the same
    # code ("income"), listed after them, keeps its own fuller name
    **{criterion.code: criterion.label for criterion in MARKET_CRITERIA},
    "gdp": gettext_lazy("Market size (GDP)"),
    "gdp_growth": gettext_lazy("GDP growth"),
    "income": gettext_lazy("Income (GNI per capita, PPP)"),
    "industry_share": gettext_lazy("Industry share of GDP"),
    "medium_high_tech_manufacturing": gettext_lazy("Medium and high-tech manufacturing"),
    "high_tech_exports": gettext_lazy("High-technology exports"),
    "merchandise_imports": gettext_lazy("Merchandise imports"),
    "rd_expenditure": gettext_lazy("R&D expenditure"),
    "researchers": gettext_lazy("Researchers in R&D"),
    "broadband": gettext_lazy("Fixed broadband subscriptions"),
    "logistics": gettext_lazy("Logistics performance index"),
    "distance": gettext_lazy("Distance from the partners"),
    "common_language": gettext_lazy("Common language with the partners"),
    "population": gettext_lazy("Population"),
    "high_tech_exports_value": gettext_lazy("High-technology exports (value)"),
    "medium_high_tech_exports": gettext_lazy("Medium and high-tech exports"),
    "technology_payments": gettext_lazy("Payments for the use of intellectual property"),
    "secure_servers": gettext_lazy("Secure Internet servers"),
    "resident_patents": gettext_lazy("Patent applications by residents"),
}


def market_criteria() -> list[dict[str, Any]]:
    """The partners' judgement criteria with their indicators, named in the reader's language
    (``code``, ``label``, ``indicator_labels``)."""
    return [
        {
            "code": criterion.code,
            "label": str(criterion.label),
            "indicator_labels": [
                indicator_label(code, english)
                for code, english in zip(
                    criterion.indicators, criterion.indicator_labels, strict=True
                )
            ],
        }
        for criterion in MARKET_CRITERIA
    ]


def indicator_label(code: str, english: str = "") -> str:
    """An indicator's (or a judgement criterion's) name in the reader's language."""
    label = INDICATOR_LABELS.get(code)
    return str(label) if label is not None else english or code


def _country(place: Mapping[str, Any]) -> str:
    return localise_country(str(place.get("iso3", "")), str(place.get("name", "")))


def _fixed(value: float, places: int) -> str:
    """``value`` rounded as Python's ``f"{value:.3f}"`` does (the engine's English text), in
    the reader's number format ("0,627" in German)."""
    return number_format(Decimal(format(value, f".{places}f")), places)


def _percent(share: float) -> str:
    """0.125 -> "12.5" as ``:.1%`` (the % sign is in the sentence, where each language puts it)."""
    return _fixed(share * 100, 1)
