"""The market ranking worded in the reader's language, from the engine's structured parts.

The ranking engine (``engines.ranking``, pure Python, no catalogue) writes its explanations in
English and, beside each, the same as a code and its values (``explanation_parts``,
``summary_parts``; docs/engines/ranking.md). Here every code has whole sentences marked for
translation, one per variant (a weight that rises or falls), with the countries named in the
reader's language (CLDR's names, ``core.countries``) and the indicators by their translated
names; numbers follow the language's format. A result without parts (cached or stored before
the parts existed) keeps its English text.

A package: ``labels`` (indicator names, numbers), ``page`` (the ranking page's rules and
notes, AHP warnings, source and vintage) and here the explanations and the priority markets'
rationales; everything is re-exported from here.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crosscluster.strategy.wording.labels import (
    INDICATOR_LABELS,
    _country,
    _fixed,
    _percent,
    indicator_label,
    market_criteria,
)
from crosscluster.strategy.wording.page import (
    UNITS,
    analysis_warning,
    consistency_warning,
    indicator_value,
    method_line,
    method_name,
    missing_rule,
    note_text,
    ranking_data_line,
    screen_reason,
    transform_label,
    warning_text,
    word_data,
    word_ranking_page,
)

__all__ = [
    "INDICATOR_LABELS",
    "UNITS",
    "analysis_warning",
    "change_summary",
    "consistency_warning",
    "explanation_parts",
    "indicator_label",
    "indicator_value",
    "is_copied_explanation",
    "market_criteria",
    "market_explanation",
    "market_rationale",
    "markets_for_reader",
    "method_line",
    "method_name",
    "missing_rule",
    "note_text",
    "place_explanation",
    "ranking_data_line",
    "ranking_for_reader",
    "screen_reason",
    "transform_label",
    "warning_text",
    "word_data",
    "word_ranking_page",
]


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
    return bool(explanation_parts(ranking)) and market.get("rationale") == ranking.get(
        "explanation"
    )


def market_rationale(market: Mapping[str, Any]) -> str:
    """A priority market's rationale in the active language: the copied explanation worded
    from its parts, or the text a coordinator wrote, as written."""
    if is_copied_explanation(market):
        return market_explanation(explanation_parts(market["ranking"]))
    return str(market.get("rationale", ""))


def explanation_parts(ranking: Mapping[str, Any]) -> Mapping[str, Any]:
    """The explanation's parts a priority market keeps with its ranking
    (``adapters.market_rationale``). A market chosen before they were kept has them put
    together again from what its ranking keeps beside (rank, score, share of draws, strengths,
    weaknesses, imputed indicators), accepted only when they word to the very English
    explanation it stored; empty otherwise."""
    if ranking.get("explanation_parts"):
        return dict(ranking["explanation_parts"])
    try:
        parts = {
            "code": "market",
            "rank": ranking["rank"],
            "count": ranking["ranked"],
            "score": ranking["score"],
            "p_top": ranking["p_top"],
            "top": ranking["top"],
            "strengths": [_contribution_part(part) for part in ranking.get("strengths", [])],
            "weaknesses": [_contribution_part(part) for part in ranking.get("weaknesses", [])],
            "imputed": list(ranking.get("imputed", [])),
        }
        with translation.override("en"):
            worded = market_explanation(parts)
    except (KeyError, TypeError, ValueError):  # a ranking kept in another shape
        return {}
    return parts if worded == ranking.get("explanation") else {}


def _contribution_part(part: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "indicator": part["indicator"],
        "label": part["label"],
        "versus_average": part["versus_average"],
    }


def markets_for_reader(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The strategy's snapshot (as ``queries.translations.in_language`` made it) with each
    priority market's rationale worded in the active language while it is the ranking's
    explanation copied when the market was chosen (unedited, untranslated: its parts are kept
    with the market's ranking); a rationale a coordinator wrote or translated stays as it is.
    Each market's ``data_text`` is its ranking's data line (``ranking_data_line``)."""
    shown = dict(snapshot)
    sections = dict(shown.get("sections") or {})
    markets = []
    for original in sections.get("markets", []):
        item = dict(original)
        item["data_text"] = ranking_data_line(item.get("ranking") or {})
        if is_copied_explanation(item):
            item["rationale"] = market_rationale(item)
            item["langs"] = {**(item.get("langs") or {}), "rationale": get_language()}
        markets.append(item)
    if "markets" in sections:
        sections["markets"] = markets
        shown["sections"] = sections
    return shown
