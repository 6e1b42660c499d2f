"""The ranking page's rules and notes in the reader's language: figures, units, transforms,
why a country was screened out, the warnings and notes, the missing-data rule, the method, the
AHP consistency warnings, and the data's source and vintage (``source_parts``,
``vintage_parts``). The engine keeps its English sentences (the CLI's); a text without its
parts is shown as stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from crosscluster.core.countries import localise_country
from crosscluster.core.dates import format_iso_date
from crosscluster.core.i18n import format_percent
from crosscluster.engines.ranking.ahp import CONSISTENCY_LIMIT
from crosscluster.engines.ranking.indicators import BY_CODE
from crosscluster.strategy.wording.labels import _fixed, indicator_label

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from crosscluster.engines.ranking.model import AhpResult


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
    word_data(data)
    if data.get("missing_limit") is not None:
        data["missing"] = missing_rule(data["missing_limit"])
    for code, indicator in data.get("indicators", {}).items():
        indicator["unit"] = str(UNITS.get(indicator.get("unit", ""), indicator.get("unit", "")))
        if code in BY_CODE:
            indicator["transform"] = transform_label(code)
    _word_ahp(shown.get("ahp"))
    robustness = shown.get("robustness") or {}
    if "draws" in robustness and "method" in shown:
        shown["method_line"] = method_line(
            shown["method"], robustness["draws"], robustness["concentration"], robustness["seed"]
        )


def consistency_warning(
    *, warning: str | None, ratio: float | None, index: float, criteria: int
) -> str:
    """The AHP consistency warning (``engines.ranking.ahp``: ``warning`` is the engine's English
    sentence, empty when the judgements are consistent) in the reader's language, from the
    ratio, the index and the number of criteria."""
    if not warning:
        return ""
    if ratio is None:
        return _(
            "consistency ratio not defined for %(count)s criteria (Saaty's random index is "
            "tabulated up to 15); consistency index %(index)s"
        ) % {"count": criteria, "index": _fixed(index, 3)}
    return _(
        "consistency ratio %(ratio)s is above %(limit)s: the judgements contradict each other; "
        "revisit the largest ones"
    ) % {"ratio": _fixed(ratio, 3), "limit": number_format(Decimal(str(CONSISTENCY_LIMIT)))}


def analysis_warning(analysis: AhpResult | None) -> str:
    """``consistency_warning`` of one partner's analysis (the judgement page and API)."""
    if analysis is None:
        return ""
    return consistency_warning(
        warning=analysis.warning,
        ratio=analysis.consistency_ratio,
        index=analysis.consistency_index,
        criteria=len(analysis.criteria),
    )


def _word_ahp(ahp: dict[str, Any] | None) -> None:
    """The ranking's AHP block (``report._ahp`` per partner and combined) with its warnings in
    the reader's language."""
    for result in [(ahp or {}).get("combined"), *((ahp or {}).get("partners") or {}).values()]:
        if result and result.get("warning"):
            result["warning"] = consistency_warning(
                warning=result["warning"],
                ratio=result.get("consistency_ratio"),
                index=result.get("consistency_index") or 0.0,
                criteria=len(result.get("weights") or {}),
            )


def _source_part(part: Mapping[str, Any]) -> str | None:
    code = part.get("code")
    if code == "wdi":
        return _(
            "World Bank, World Development Indicators (CC BY 4.0), via "
            "github.com/datasets/world-development-indicators, automated update %(date)s"
        ) % {"date": part["update"]}
    if code == "cepii":
        return _(
            "CEPII GeoDist (Mayer & Zignago 2011, CEPII WP 2011-25), original file dated %(year)s"
        ) % {"year": part["file_year"]}
    return None


def _vintage_part(part: Mapping[str, Any]) -> str | None:
    code = part.get("code")
    if code == "wdi":
        return _("WDI update %(date)s") % {"date": part["update"]}
    if code == "cepii_static":
        return _("CEPII GeoDist (static)")
    if code == "window":
        return _("latest value per country in %(years)s (each value's year is given with it)") % {
            "years": _years(part)
        }
    return None


def _joined(text: str, parts: Sequence[Mapping[str, Any]] | None, word: Any) -> str:
    """``text`` (parts joined by "; ") worded from its parts where each has a known code."""
    worded = [word(part) for part in parts or []]
    if not worded or None in worded:
        return text
    return "; ".join(worded)


def word_data(data: dict[str, Any]) -> None:
    """A ranking's ``data`` with its source and vintage in the reader's language (from
    ``source_parts`` and ``vintage_parts``; as stored where a ranking has none, one stored before
    they were kept that migration 0006 could not read back)."""
    source, vintage = str(data.get("source", "")), str(data.get("vintage", ""))
    data["source"] = _joined(source, data.get("source_parts"), _source_part)
    data["vintage"] = _joined(vintage, data.get("vintage_parts"), _vintage_part)


def method_name(method: str, weights_basis: str) -> str:
    """How a ranking was computed (``report.describe_method``, the engine's English), in the
    reader's language: "a weighted sum (WSM) with equal weights"."""
    # the words after "Computed on <day> by" (the data line)
    how = {
        "wsm": pgettext("a ranking computed by", "a weighted sum (WSM)"),
        "topsis": pgettext("a ranking computed by", "TOPSIS (closeness to the ideal market)"),
    }.get(method, method.upper())
    weights = {
        "equal": pgettext("a ranking computed by", "equal weights"),
        "direct": pgettext("a ranking computed by", "the partners' own weights"),
        "ahp": pgettext(
            "a ranking computed by", "weights from the partners' pairwise comparisons (AHP)"
        ),
    }.get(weights_basis, weights_basis)
    return pgettext("a ranking computed by", "%(method)s with %(weights)s") % {
        "method": how,
        "weights": weights,
    }


def ranking_data_line(ranking: Mapping[str, Any]) -> str:
    """The data line of a priority market's ranking (``adapters.market_rationale``): source,
    vintage, day and method, in the reader's language; "" when it keeps no data."""
    data = dict(ranking.get("data") or {})
    if not data:
        return ""
    word_data(data)
    return _("Ranking data: %(source)s. Vintage: %(vintage)s. Computed on %(day)s by %(how)s.") % {
        "source": data.get("source", ""),
        "vintage": data.get("vintage", ""),
        "day": format_iso_date(str(ranking.get("computed_at", ""))[:10]),
        "how": method_name(str(ranking.get("method", "")), str(ranking.get("weights_basis", ""))),
    }
