"""The market ranking worded in the reader's language, from the engine's structured parts.

The ranking engine (``engines.ranking``, pure Python, no catalogue) writes its explanations in
English and, beside each, the same as a code and its values (``explanation_parts``,
``summary_parts``; docs/engines/ranking.md). Here every code has whole sentences marked for
translation, one per variant (a weight that rises or falls), with the countries named in the
reader's language (CLDR's names, ``core.countries``) and the indicators by their translated
names; numbers follow the language's format. A result without parts (cached or stored before
the parts existed) keeps its English text.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from crosscluster.core.countries import localise_country
from crosscluster.core.i18n import format_percent
from crosscluster.engines.ranking.indicators import BY_CODE
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


def _listed(parts: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(
        f"{indicator_label(part['indicator'], part.get('label', ''))} "
        f"({'+' if part['versus_average'] >= 0 else '-'}"
        f"{_fixed(abs(part['versus_average']), 3)})"
        for part in parts
    )


def market_explanation(parts: Mapping[str, Any]) -> str:
    """Why a market ranks where it does (``explanation_parts`` of a ranked market)."""
    values = {
        "rank": parts["rank"],
        "count": parts["count"],
        "score": _fixed(parts["score"], 3),
        "top": parts["top"],
        "share": _fixed(parts["p_top"] * 100, 0),
    }
    sentences = [
        _("Rank %(rank)s of %(count)s with %(score)s; in the top %(top)s in %(share)s%% of draws.")
        % values
    ]
    if parts.get("strengths"):
        sentences.append(
            _("Lifted above the average market by %(indicators)s.")
            % {"indicators": _listed(parts["strengths"])}
        )
    if parts.get("weaknesses"):
        sentences.append(
            _("Held back by %(indicators)s.") % {"indicators": _listed(parts["weaknesses"])}
        )
    if parts.get("imputed"):
        sentences.append(
            _("Imputed (median): %(indicators)s.")
            % {"indicators": ", ".join(indicator_label(code) for code in parts["imputed"])}
        )
    return " ".join(sentences)


def _shift_values(shift: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "indicator": indicator_label(shift["indicator"], shift.get("label", "")),
        "from": _percent(shift["weight_from"]),
        "to": _percent(shift["weight_to"]),
        "other": _country(shift["other"]),
    }


def place_explanation(place: Mapping[str, Any]) -> str:
    """What would move a market in or out of the top N (a place of ``what_would_change``)."""
    parts = place.get("explanation_parts") or {}
    code = parts.get("code")
    values: dict[str, Any] = {
        "name": _country(place),
        "rank": place["rank"],
        "p_top": _fixed(place["p_top"], 2),
        "top": parts.get("top"),
    }
    shift = parts.get("shift")
    if shift:
        values.update(_shift_values(shift))
    if code == "holder_stays":
        return (
            _(
                "%(name)s (rank %(rank)s, p_top %(p_top)s) stays in the top %(top)s whatever "
                "single weight changes."
            )
            % values
        )
    if code == "holder_leaves" and shift:
        if shift["rises"]:
            message = _(
                "%(name)s (rank %(rank)s, p_top %(p_top)s) leaves the top %(top)s if the weight "
                "of %(indicator)s rises from %(from)s%% to %(to)s%% (the other weights rescaled "
                "in proportion); %(other)s then takes its place."
            )
        else:
            message = _(
                "%(name)s (rank %(rank)s, p_top %(p_top)s) leaves the top %(top)s if the weight "
                "of %(indicator)s falls from %(from)s%% to %(to)s%% (the other weights rescaled "
                "in proportion); %(other)s then takes its place."
            )
        return message % values
    if code in {"challenger_cannot_enter", "challenger_enters"}:
        values["gap"] = _fixed(place["score_gap"], 3)
        values["below"] = _country(parts["below"])
        if not shift:
            return (
                _(
                    "%(name)s (rank %(rank)s, p_top %(p_top)s, %(gap)s below %(below)s) cannot "
                    "enter the top %(top)s by changing a single weight."
                )
                % values
            )
        if shift["rises"]:
            message = _(
                "%(name)s (rank %(rank)s, p_top %(p_top)s, %(gap)s below %(below)s) enters the "
                "top %(top)s if the weight of %(indicator)s rises from %(from)s%% to %(to)s%% "
                "(the other weights rescaled in proportion), displacing %(other)s."
            )
        else:
            message = _(
                "%(name)s (rank %(rank)s, p_top %(p_top)s, %(gap)s below %(below)s) enters the "
                "top %(top)s if the weight of %(indicator)s falls from %(from)s%% to %(to)s%% "
                "(the other weights rescaled in proportion), displacing %(other)s."
            )
        return message % values
    return str(place.get("explanation", ""))


def change_summary(what_would_change: Mapping[str, Any]) -> str:
    """The smallest single-weight change that alters the top N (``summary_parts``)."""
    parts = what_would_change.get("summary_parts") or {}
    code = parts.get("code")
    if code == "no_single_change":
        return _("No change of a single weight alters the top %(top)s.") % {"top": parts["top"]}
    if code == "smallest_change" and parts.get("shift"):
        shift = parts["shift"]
        values = {**_shift_values(shift), "top": parts["top"], "out": _country(parts["out"])}
        if shift["rises"]:
            message = _(
                "The smallest single-weight change that alters the top %(top)s: the weight of "
                "%(indicator)s rises from %(from)s%% to %(to)s%% (the other weights rescaled in "
                "proportion) — %(out)s drops out and %(other)s comes in."
            )
        else:
            message = _(
                "The smallest single-weight change that alters the top %(top)s: the weight of "
                "%(indicator)s falls from %(from)s%% to %(to)s%% (the other weights rescaled in "
                "proportion) — %(out)s drops out and %(other)s comes in."
            )
        return message % values
    return str(what_would_change.get("summary", ""))


def ranking_for_reader(result: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a ranking (``report.ranking_to_dict`` JSON) as its reader sees it: the
    explanations and the summary worded in the active language, the indicators named in it.
    Codes, numbers and the countries' English names (the keys in data) are unchanged."""
    shown = copy.deepcopy(dict(result))
    for market in shown.get("ranking", []):
        if market.get("explanation_parts"):
            market["explanation"] = market_explanation(market["explanation_parts"])
    changes = shown.get("what_would_change") or {}
    for place in [*changes.get("holders", []), changes.get("challenger")]:
        if place and place.get("explanation_parts"):
            place["explanation"] = place_explanation(place)
    if changes.get("summary_parts"):
        changes["summary"] = change_summary(changes)
    # after the wording, which reads the parts as the engine wrote them
    _name_indicators(shown.get("ranking", []))
    _name_indicators(changes)
    if "labels" in shown:
        shown["labels"] = {
            code: indicator_label(code, label) for code, label in shown["labels"].items()
        }
    for code, indicator in (shown.get("data") or {}).get("indicators", {}).items():
        indicator["label"] = indicator_label(code, indicator.get("label", ""))
    for group in shown.get("criteria_groups", []):
        group["label"] = indicator_label(group["code"], group.get("label", ""))
    word_ranking_page(shown)
    return shown


def _name_indicators(value: Any) -> None:
    """Each indicator named in the reader's language (a strength, a weakness, the smallest
    weight change of a place in the top); its ``indicator`` code stays, and the
    ``*_parts`` (the explanations as codes and values, data) are left as the engine wrote them."""
    if isinstance(value, dict):
        if isinstance(value.get("indicator"), str) and "label" in value:
            value["label"] = indicator_label(value["indicator"], str(value["label"]))
        for key, item in value.items():
            if not key.endswith("_parts"):
                _name_indicators(item)
    elif isinstance(value, list):
        for item in value:
            _name_indicators(item)


def is_copied_explanation(market: Mapping[str, Any]) -> bool:
    """Whether a priority market's rationale is still the ranking's explanation copied when it
    was chosen (neither edited nor translated since), with the parts to word it from."""
    ranking = market.get("ranking") or {}
    return bool(ranking.get("explanation_parts")) and market.get("rationale") == ranking.get(
        "explanation"
    )


def market_rationale(market: Mapping[str, Any]) -> str:
    """A priority market's rationale in the active language: the copied explanation worded
    from its parts, or the text a coordinator wrote, as written."""
    if is_copied_explanation(market):
        return market_explanation(market["ranking"]["explanation_parts"])
    return str(market.get("rationale", ""))


def markets_for_reader(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The strategy's snapshot (as ``queries.translations.in_language`` made it) with each
    priority market's rationale worded in the active language while it is the ranking's
    explanation copied when the market was chosen (unedited, untranslated: its parts are kept
    with the market's ranking); a rationale a coordinator wrote or translated stays as it is."""
    shown = dict(snapshot)
    sections = dict(shown.get("sections") or {})
    markets = []
    for original in sections.get("markets", []):
        item = dict(original)
        if is_copied_explanation(item):
            item["rationale"] = market_rationale(item)
            item["langs"] = {**(item.get("langs") or {}), "rationale": get_language()}
        markets.append(item)
    if "markets" in sections:
        sections["markets"] = markets
        shown["sections"] = sections
    return shown


#: large figures shortened as each language does (CLDR's short forms: "1,9 Mrd." in German,
#: "1,9 Md" in French), largest first
_MAGNITUDES = (
    (1e12, pgettext_lazy("a figure in trillions (10^12), abbreviated", "%(number)s tn")),
    (1e9, pgettext_lazy("a figure in billions (10^9), abbreviated", "%(number)s bn")),
    (1e6, pgettext_lazy("a figure in millions, abbreviated", "%(number)s m")),
)


def indicator_value(value: float | None) -> str:
    """An indicator's value as the reader's language writes numbers: large ones shortened
    ("30,8 Bio." in German for 30.8e12), thousands grouped ("89.490"), small ones to three
    significant digits ("3,31")."""
    if value is None:
        return ""
    for size, words in _MAGNITUDES:
        if abs(value) >= size:
            number = number_format(round(value / size, 1), decimal_pos=1, use_l10n=True)
            return str(words) % {"number": number}
    if abs(value) >= 1000:
        return number_format(round(value), decimal_pos=0, use_l10n=True, force_grouping=True)
    shown = f"{value:.3g}"
    decimals = len(shown.split(".")[1]) if "." in shown and "e" not in shown else 0
    return number_format(float(shown), decimal_pos=decimals, use_l10n=True)


#: the ranking page's rules and notes: the engine keeps its English sentences (the CLI's) and,
#: beside them, codes and values (``reason_parts``, ``warning_parts``, ``missing_limit``, the
#: catalogue's units and transforms); the app's notes have ``note_parts``. A result stored
#: before the parts existed keeps its English text.

# Units starting with "%": not format strings (xgettext would take "% o" for one).
# xgettext:no-python-format
_OF_GDP = pgettext_lazy("ranking indicator unit", "% of GDP")
# xgettext:no-python-format
_OF_MANUFACTURING = pgettext_lazy("ranking indicator unit", "% of manufacturing value added")
# xgettext:no-python-format
_OF_EXPORTS = pgettext_lazy("ranking indicator unit", "% of manufactured exports")

#: the indicators' units (``engines.ranking.indicators``), by the engine's unit
UNITS: dict[str, _StrOrPromise] = {
    "current US$": pgettext_lazy("ranking indicator unit", "current US$"),
    "annual %": pgettext_lazy("ranking indicator unit", "annual %"),
    "current international $": pgettext_lazy("ranking indicator unit", "current international $"),
    "% of GDP": _OF_GDP,
    "% of manufacturing value added": _OF_MANUFACTURING,
    "% of manufactured exports": _OF_EXPORTS,
    "per million people": pgettext_lazy("ranking indicator unit", "per million people"),
    "per 100 people": pgettext_lazy("ranking indicator unit", "per 100 people"),
    "1 = low to 5 = high": pgettext_lazy("ranking indicator unit", "1 = low to 5 = high"),
    "km": pgettext_lazy("ranking indicator unit", "km"),
    "share of partners": pgettext_lazy("ranking indicator unit", "share of partners"),
    "people": pgettext_lazy("ranking indicator unit", "people"),
    "applications": pgettext_lazy("ranking indicator unit", "applications"),
}


def _years(parts: Mapping[str, Any]) -> str:
    return f"{parts['first_year']}-{parts['last_year']}"


def _indicator(code: str) -> str:
    return indicator_label(code, BY_CODE[code].label if code in BY_CODE else code)


def _money(value: float) -> str:
    return _("US$ %(amount)s") % {"amount": indicator_value(value)}


def screen_reason(parts: Mapping[str, Any]) -> str | None:
    """Why a country was screened out (one of ``reason_parts``); None for an unknown code."""
    code = parts.get("code")
    if code == "aggregate":
        return _("World Bank aggregate (a region or income group), not a country")
    if code == "home_market":
        return _("a partner's own country (a home market, not an export market)")
    if code == "in_europe":
        if parts.get("basis") == "un_m49":
            return _(
                "in Europe (UN M49 region Europe (CEPII lists it under Asia)); the programme "
                "targets markets outside Europe"
            )
        return _("in Europe (CEPII continent Europe); the programme targets markets outside Europe")
    if code == "excluded":
        return _("excluded by the user")
    if code == "no_gdp":
        return _("no GDP figure in %(years)s: the minimum size cannot be checked") % {
            "years": _years(parts)
        }
    if code == "small_gdp":
        return _("GDP %(gdp)s (%(year)s) is below the minimum %(minimum)s") % {
            "gdp": _money(parts["gdp"]),
            "year": parts["year"],
            "minimum": _money(parts["minimum"]),
        }
    if code == "missing_data":
        return _(
            "too much missing data in %(years)s: %(indicators)s (%(share)s of the weight; "
            "the limit is %(limit)s)"
        ) % {
            "years": _years(parts),
            "indicators": ", ".join(_indicator(code) for code in parts["indicators"]),
            "share": format_percent(parts["share"], 0),
            "limit": format_percent(parts["limit"], 0),
        }
    return None


def warning_text(parts: Mapping[str, Any]) -> str | None:
    """A note on the data (one of ``warning_parts``); None for one worded only in English."""
    code = parts.get("code")
    if code == "imputed":
        return _("%(indicator)s: imputed (median) for %(count)s of %(ranked)s ranked countries") % {
            "indicator": _indicator(parts["indicator"]),
            **_counts(parts, "count", "ranked"),
        }
    if code == "short_top":
        return _("top %(top)s: only %(count)s markets are ranked") % _counts(parts, "top", "count")
    if code == "unknown_exclusion":
        return _("exclusion %(code)s: not a country in the data") % {"code": parts["iso3"]}
    return None


def _counts(parts: Mapping[str, Any], *keys: str) -> dict[str, str]:
    return {key: number_format(parts[key], 0, force_grouping=True) for key in keys}


def note_text(parts: Mapping[str, Any]) -> str | None:
    """A note on the partners' countries (one of ``note_parts``)."""
    code = parts.get("code")
    if code == "no_distances":
        return _(
            "No partner is in an EU country with shipped CEPII distances: distance and common "
            "language are left out."
        )
    if code == "partner_without_distances":
        return _(
            "%(organisation)s (%(country)s): no CEPII distances are shipped from this country; "
            "it counts as a home market but not in distance and common language."
        ) % {
            "organisation": parts["organisation"],
            "country": localise_country(str(parts.get("iso3", "")), str(parts.get("name", ""))),
        }
    return None


def missing_rule(limit: float) -> str:
    return _(
        "a country whose missing indicators carry more than %(limit)s of the weight is "
        "screened out; any other missing value is imputed with the median of the ranked "
        "countries and flagged on its cell"
    ) % {"limit": format_percent(limit, 0)}


def transform_label(code: str) -> str:
    """How an indicator's values are transformed before ranking, by its catalogue entry."""
    spec = BY_CODE.get(code)
    if spec is None:
        return ""
    steps = []
    if spec.years_averaged > 1:
        steps.append(_("mean of the latest %(n)s years") % {"n": spec.years_averaged})
    if spec.transform == "log10":
        steps.append(_("base-10 logarithm"))
    elif spec.transform == "log10(1+x)":
        steps.append(_("base-10 logarithm of 1 + the value"))
    if spec.clip is not None:
        low, high = spec.clip
        steps.append(
            _("clipped to the %(low)s-%(high)s quantiles of the ranked countries")
            % {"low": format_percent(low, 0), "high": format_percent(high, 0)}
        )
    return "; ".join(steps) or pgettext("indicator transform", "none")


def method_line(method: str, draws: int, concentration: float, seed: int) -> str:
    """How the scores and p_top are computed, in a sentence or two."""
    name = {"wsm": _("weighted sum (WSM)"), "topsis": "TOPSIS"}.get(method, method.upper())
    return " ".join(
        (
            _(
                "Method: %(method)s on min-max normalised indicators over the ranked countries "
                "(1 = best of the set, 0 = worst; a constant indicator is 1)."
            )
            % {"method": name},
            _(
                "%(draws)s weight vectors drawn from Dirichlet(%(concentration)s x weights) "
                "with seed %(seed)s; the share in the top N is the share of draws in which the "
                "market is in the top N (ties share the place)."
            )
            % {
                "draws": number_format(draws, 0, force_grouping=True),
                "concentration": number_format(concentration),
                "seed": seed,
            },
        )
    )


def _worded(texts: Sequence[str], parts: Sequence[Mapping[str, Any]] | None, word: Any) -> list:
    """Each text worded from its parts where every one of them has a known code; else as is."""
    if not parts or len(parts) != len(texts):
        return list(texts)
    return [word(part) or text for text, part in zip(texts, parts, strict=True)]


def word_ranking_page(shown: dict[str, Any]) -> None:
    """The ranking (``ranking_for_reader``'s copy) with its rules and notes in the reader's
    language: the screened-out countries' reasons, the warnings, the notes, the missing-data
    rule, each indicator's unit and transform, and a ``method_line``."""
    for item in shown.get("screened_out", []):
        item["reasons"] = _worded(item.get("reasons", []), item.get("reason_parts"), screen_reason)
    shown["warnings"] = _worded(shown.get("warnings", []), shown.get("warning_parts"), warning_text)
    shown["notes"] = _worded(shown.get("notes", []), shown.get("note_parts"), note_text)
    data = shown.get("data") or {}
    if data.get("missing_limit") is not None:
        data["missing"] = missing_rule(data["missing_limit"])
    for code, indicator in data.get("indicators", {}).items():
        indicator["unit"] = str(UNITS.get(indicator.get("unit", ""), indicator.get("unit", "")))
        if code in BY_CODE:
            indicator["transform"] = transform_label(code)
    robustness = shown.get("robustness") or {}
    if "draws" in robustness and "method" in shown:
        shown["method_line"] = method_line(
            shown["method"], robustness["draws"], robustness["concentration"], robustness["seed"]
        )
