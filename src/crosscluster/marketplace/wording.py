"""A match's reasons worded in the viewer's language, from the engine's structured parts (for
pages, through the ``marketplace_reasons`` template filter, and for list files alike).

The engine stores each reason as parts (``engines.matching.reasons.Reason.as_dict``: a code, the
labels, levels, quoted words, languages, countries, numbers); here every code has one sentence per
variant marked for translation with Django's gettext, so the page says it in the active language.
Taxonomy labels are shown in the reader's language (our translations of EDIH's English names,
``core.taxonomy``), and so are countries (CLDR's names, ``core.countries``; the engine's parts
and its English text name them by ISO code); quoted words stay as their authors wrote them.
Rows without parts (broker additions, matches stored before the parts existed) show their stored
English text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crosscluster.core.countries import localise_country
from crosscluster.core.taxonomy import translate_label
from crosscluster.engines.matching.countries import country_name
from crosscluster.engines.matching.reasons import Reason


def _labels(items: Sequence[str]) -> str:
    """Taxonomy labels in the reader's language (``core.taxonomy``), joined with "and"."""
    return str(get_text_list([translate_label(item) for item in items], _("and")))


def _quoted(words: Sequence[str]) -> str:
    return _labels([f'"{word}"' for word in words])


def _levels(levels: Sequence[int]) -> str:
    return ngettext("level %(levels)s", "levels %(levels)s", len(levels)) % {
        "levels": ", ".join(str(level) for level in levels)
    }


def _language(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _country(code: str) -> str:
    """A country the engine names by its ISO code, by its name in the reader's language
    (CLDR, ``core.countries``); a place the engine could not read is shown as written."""
    return localise_country(code, country_name(code))


def _need_side(reason: Reason) -> str:
    if reason.need_language and reason.need_language != "en":
        if reason.is_need:
            return _("the need (%(language)s)") % {"language": _language(reason.need_language)}
        return _("this profile (%(language)s)") % {"language": _language(reason.need_language)}
    return _("the need") if reason.is_need else _("this profile")


def _provider_side(reason: Reason) -> str:
    values = {"labels": _labels(reason.labels), "levels": _levels(reason.levels)}
    if reason.provider_declared:
        return _("the provider declares %(labels)s (%(levels)s)") % values
    if reason.provider_words:
        return _("the provider's description suggests %(labels)s (it mentions %(words)s)") % {
            **values,
            "words": _quoted(reason.provider_words),
        }
    return _("the provider's description suggests %(labels)s") % values


def _label_reason(reason: Reason) -> str:
    values = {
        "side": _need_side(reason),
        "labels": _labels(reason.labels),
        "levels": _levels(reason.levels),
        "words": _quoted(reason.need_words),
        "provider": _provider_side(reason),
    }
    if reason.facet == "technologies":
        if reason.need == "declared" and reason.provider_declared:
            return _("both work on %(labels)s (provider %(levels)s)") % values
        if reason.need == "declared":
            return _("%(side)s names %(labels)s; %(provider)s") % values
        if reason.need == "mentions":
            return _("%(side)s mentions %(words)s; %(provider)s") % values
        if reason.provider_declared:
            return (
                ngettext(
                    "%(side)s is about %(labels)s; the provider declares it (%(levels)s)",
                    "%(side)s is about %(labels)s; the provider declares them (%(levels)s)",
                    len(reason.labels),
                )
                % values
            )
        return _("%(side)s is about %(labels)s; %(provider)s") % values
    detail = _("provider %(levels)s") % values if reason.provider_declared else values["provider"]
    if reason.need_words:
        detail = _("%(side)s mentions %(words)s; %(detail)s") % {**values, "detail": detail}
    if reason.facet == "sectors":
        text = ngettext(
            "same sector: %(labels)s (%(detail)s)",
            "same sectors: %(labels)s (%(detail)s)",
            len(reason.labels),
        )
    else:
        text = ngettext(
            "same service: %(labels)s (%(detail)s)",
            "same services: %(labels)s (%(detail)s)",
            len(reason.labels),
        )
    return text % {"labels": values["labels"], "detail": detail}


def _two_places(value: float) -> str:
    """``value`` rounded to 2 places as the engine's ``f"{value:.2f}"`` (Django's
    ``number_format`` of a float cuts the digits: 0.6487 was "0.64"), in the reader's format."""
    return number_format(Decimal(format(value, ".2f")), 2)


def describe(parts: Mapping[str, Any]) -> str:
    """One reason in the active language."""
    reason = Reason.from_dict(dict(parts))
    code = reason.code
    if code == "labels":
        return _label_reason(reason)
    if code == "cross_sectoral":
        return _("cross-sectoral: %(side)s is about %(labels)s; the provider works in %(own)s") % {
            "side": _need_side(reason),
            "labels": _labels(reason.labels),
            "own": _labels(reason.other_labels),
        }
    if code == "semantic":
        values = {
            "similarity": _two_places(reason.number),
            "rank": reason.rank,
            "total": reason.total,
        }
        if (
            reason.need_language
            and reason.provider_language
            and reason.need_language != reason.provider_language
        ):
            return _(
                "descriptions close in meaning across languages (%(from)s → %(to)s): "
                "similarity %(similarity)s, rank %(rank)s of %(total)s"
            ) % {
                **values,
                "from": _language(reason.need_language),
                "to": _language(reason.provider_language),
            }
        return (
            _(
                "descriptions close in meaning: similarity %(similarity)s, rank %(rank)s of %(total)s"
            )
            % values
        )
    if code == "lexical":
        return _("words sharing a stem with the provider's profile: %(words)s") % {
            "words": _quoted(reason.need_words)
        }
    if code == "geography":
        need_country, provider_country = reason.countries
        if need_country != provider_country:
            text = _("cross-border: %(from)s → %(to)s") % {
                "from": _country(need_country),
                "to": _country(provider_country),
            }
        else:
            text = _("same country: %(country)s") % {"country": _country(provider_country)}
        if reason.target:
            text = _("%(text)s (a target country)") % {"text": text}
        return text
    if code == "mutual":
        return _("mutual fit: %(there)s one way, %(back)s the other") % {
            "there": _two_places(reason.number),
            "back": _two_places(reason.other_number),
        }
    if code == "complementary":
        if reason.other_labels:
            return _("complementary: brings %(labels)s to a shared sector (%(shared)s)") % {
                "labels": _labels(reason.labels),
                "shared": _labels(reason.other_labels),
            }
        return _("complementary: brings %(labels)s") % {"labels": _labels(reason.labels)}
    return ""


def reason_texts(match: Any) -> list[str]:
    """``{% for reason in match|reason_texts %}``: a match suggestion's reasons in the active
    language, worded from their parts, or its stored English text when it has none."""
    parts: Sequence[Mapping[str, Any]] = match.reason_parts or ()
    if not parts:
        return [str(text) for text in match.reasons]
    texts = [describe(item) for item in parts]
    return [text for text in texts if text]
