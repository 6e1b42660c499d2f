"""The S3 recommendations worded in the reader's language, from the rules' structured parts.

The rules engine (``engines.s3.rules``, pure Python, no catalogue) writes each recommendation in
English and, beside it, the same as a code (the rule and its variant) and the values put into
it (``Draft.parts``, kept in ``Recommendation.wording``). Here every code has whole sentences
marked for translation; EDIH tags are named in the reader's language (``core.taxonomy``), the
country by its CLDR name (``core.countries``), numbers in the language's format. What people
wrote or the data names (a priority's title, a region's name, a mechanism) stays as it is. A
recommendation a coordinator edited, or one generated before the parts existed, shows its
stored text. In English the worded text is the engine's own (``tests/test_wording.py``).

The alignment matrix's reasons (``Cell.reason_parts``) are worded here too, in the matrix's
cells and where a "related" recommendation quotes them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crosscluster.core.countries import localise_country
from crosscluster.core.taxonomy import translate_label
from crosscluster.engines.s3.derivation import DERIVED_LABEL, description_parts
from crosscluster.engines.s3.rules import LIST_LIMIT

#: NUTS country codes that are not ISO 3166 codes
_ISO_BY_NUTS = {"EL": "GR", "UK": "GB"}


def _listing(items: Sequence[str], *, tags: bool = False) -> str:
    """At most ``LIST_LIMIT`` items, each quoted, "and N more" after them (as the engine)."""
    shown = [
        _("“%(item)s”") % {"item": translate_label(item) if tags else item}
        for item in items[:LIST_LIMIT]
    ]
    text = ", ".join(shown)
    more = len(items) - len(shown)
    if more > 0:
        return _("%(items)s and %(count)s more") % {"items": text, "count": more}
    return text


def alignment_reason(part: Mapping[str, Any]) -> str:
    """Why a JIS domain and an S3 priority align (a part of ``Cell.reason_parts``)."""
    if part["code"] == "shared":
        return _("Shares the EDIH tag “%(tag)s”.") % {"tag": translate_label(part["tag"])}
    return _(
        "“%(tag)s” and “%(other)s” are declared together by %(together)s of the %(either)s hubs "
        "declaring either (Jaccard %(jaccard)s, worth %(worth)s)."
    ) % {
        "tag": translate_label(part["tag"]),
        "other": translate_label(part["other"]),
        "together": part["together"],
        "either": part["either"],
        "jaccard": _fixed(part["jaccard"], 2),
        "worth": _fixed(part["worth"], 2),
    }


def _fixed(value: float, places: int, *, grouping: bool = False) -> str:
    """``value`` rounded as ``f"{value:,.1f}"`` does, in the reader's number format."""
    return number_format(Decimal(format(value, f".{places}f")), places, force_grouping=grouping)


def _aligned(parts: Mapping[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    values.update(
        domains=_listing(parts["domains"], tags=True),
        tags=_listing(parts["shared_tags"], tags=True),
        items=_listing(parts["items"]),
    )
    title = _("Push %(domains)s for “%(priority)s” in %(region)s") % values
    opening = (
        _(
            "The S3 priority “%(priority)s” of %(region)s shares the EDIH tags %(tags)s with the "
            "JIS technology domains %(domains)s."
        )
        % values
    )
    if parts["code"] == "aligned-linked":
        offer = _(
            "Bring the joint products, services and initiatives the roadmap links to these "
            "domains to the region's actors of this priority: %(items)s."
        )
    elif parts["code"] == "aligned-unlinked":
        offer = _(
            "No roadmap action links these domains to a joint offering yet; the JIS's joint "
            "products, services and initiatives are %(items)s: link the relevant ones to these "
            "domains in the roadmap and present them regionally."
        )
    else:
        offer = _(
            "The JIS has no joint products, services or initiatives yet: define one around "
            "these domains and present it to the region's actors of this priority."
        )
    closing = _(
        "Clusters of the region can propose joint projects under the calls that implement this "
        "priority and use the partnership's collaboration model (partners' joint offers, study "
        "visits, B2B meetings) to involve their SMEs."
    )
    return title, " ".join([opening, offer % values, closing])


def _related(parts: Mapping[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    values["domains"] = _listing(parts["domains"], tags=True)
    title = _("Explore %(domains)s for “%(priority)s” in %(region)s") % values
    opening = (
        _(
            "No JIS technology domain shares a tag with the S3 priority “%(priority)s” of "
            "%(region)s, but %(domains)s are neighbours of its tags in the EDIH catalogue:"
        )
        % values
    )
    closing = _(
        "Ask the region's hubs and clusters active in this priority which of the partnership's "
        "technologies they need, and consider a joint initiative that bridges the two."
    )
    reasons = (
        [alignment_reason(part) for part in parts["reason_parts"]]
        if parts.get("reason_parts")
        else parts["reasons"]
    )
    return title, " ".join([opening, " ".join(reasons), closing])


def _gap(parts: Mapping[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    values.update(
        tags=_listing(parts["tags"], tags=True) or _("no tags"),
        technologies=_listing(parts["technologies"], tags=True),
    )
    title = _("Gap: “%(priority)s” in %(region)s is not covered by the JIS") % values
    opening = (
        _(
            "No JIS technology domain shares or neighbours the EDIH tags of the S3 priority "
            "“%(priority)s” of %(region)s (%(tags)s)."
        )
        % values
    )
    if parts["code"] == "gap":
        fix = _(
            "To address the gap, add a technology domain among %(technologies)s to the JIS, or "
            "bring in partners (clusters, digital innovation hubs) active in this priority."
        )
    else:
        fix = _(
            "To address the gap, relate EDIH technologies to the priority so that the matrix "
            "can be computed, or bring in partners (clusters, digital innovation hubs) active "
            "in this priority."
        )
    return title, f"{opening} {fix % values}"


def _research(parts: Mapping[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    code = str(parts.get("country_code", ""))
    values.update(
        country=localise_country(_ISO_BY_NUTS.get(code, code), parts["country"]),
        value=_fixed(parts["value"], 1, grouping=True),
        year=parts["year"],
        country_value=_fixed(parts["country_value"], 1, grouping=True),
        country_year=parts["country_year"],
        share=_fixed(parts["share"] * 100, 0),
        mechanisms=_listing(parts["mechanisms"]),
    )
    title = _("Raise business R&D in %(region)s: propose support mechanisms") % values
    sentences = [
        _(
            "Business enterprise R&D expenditure in %(region)s is EUR %(value)s per inhabitant "
            "(%(year)s), %(share)s%% of %(country)s's EUR %(country_value)s (%(country_year)s)."
        )
        % values,
        _(
            "The clusters can propose to the regional government mechanisms that draw SMEs into "
            "R&D and innovation with the partnership: innovation and internationalisation "
            "vouchers, co-funding of joint R&D projects with partners in other regions, and "
            "advice through the region's digital innovation hubs."
        ),
    ]
    if parts["mechanisms"]:
        sentences.append(
            _("The JIS already lists %(mechanisms)s for the region: start from these.") % values
        )
    else:
        sentences.append(
            _(
                "The JIS lists no support mechanism for this region yet: add them in its section "
                "“Support mechanisms by regional governments”."
            )
        )
    return title, " ".join(sentences)


def _support(parts: Mapping[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    values["mechanisms"] = "; ".join(
        f"{item['title']} ({item['kind']}, {item['where']})" for item in parts["mechanisms"]
    )
    title = _("Use the support mechanisms planned for %(region)s") % values
    body = (
        _(
            "The JIS plans these support mechanisms for %(region)s: %(mechanisms)s. Clusters of "
            "the region can channel their SMEs' joint projects and internationalisation steps "
            "through them, and report their use in the partnership's monitoring."
        )
        % values
    )
    return title, body


def _record(parts: Mapping[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    title = _("Record the S3 priorities of %(region)s") % values
    body = (
        _(
            "No S3 priority area is recorded for %(region)s, so the JIS cannot be aligned with "
            "it. Enter the priorities of the region's smart specialisation strategy with their "
            "source."
        )
        % values
    )
    count = parts["candidates"]
    if count:
        body += " " + (
            ngettext(
                "%(count)s candidate priority derived from the EDIH catalogue is offered on the "
                "region's page (they are not the official S3: check them against the region's "
                "published strategy before adopting them).",
                "%(count)s candidate priorities derived from the EDIH catalogue are offered on "
                "the region's page (they are not the official S3: check them against the "
                "region's published strategy before adopting them).",
                count,
            )
            % {"count": count}
        )
    return title, body


def _domains(parts: Mapping[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    titles = parts["priorities"]
    values.update(count=len(titles), priorities=_listing(titles))
    title = _("Define the JIS technology domains to align with %(region)s") % values
    body = (
        ngettext(
            "%(region)s has %(count)s S3 priority (%(priorities)s) but the JIS has no technology "
            "domain yet, so no alignment can be computed.",
            "%(region)s has %(count)s S3 priorities (%(priorities)s) but the JIS has no "
            "technology domain yet, so no alignment can be computed.",
            len(titles),
        )
        % values
    )
    body += " " + _(
        "Choose the JIS's technology domains on the EDIH taxonomy, then generate the "
        "recommendations again."
    )
    return title, body


_RULES = {
    "aligned-linked": _aligned,
    "aligned-unlinked": _aligned,
    "aligned-none": _aligned,
    "related": _related,
    "gap": _gap,
    "gap-no-technologies": _gap,
    "rd-below-country": _research,
    "rd-below-country-no-mechanisms": _research,
    "support-existing": _support,
    "record-priorities": _record,
    "define-domains": _domains,
}


def recommendation_text(parts: Mapping[str, Any]) -> tuple[str, str] | None:
    """(title, body) of a generated recommendation in the active language, or None when its
    parts are unknown (then its stored text is shown)."""
    word = _RULES.get(str(parts.get("code", "")))
    if word is None:
        return None
    values: dict[str, Any] = {
        "region": parts.get("region", ""),
        "priority": parts.get("priority", ""),
    }
    try:
        return word(parts, values)
    except (KeyError, TypeError, ValueError):  # parts of another shape: the stored text
        return None


def shown_text(
    *, title: str, body: str, wording: Mapping[str, Any], is_edited: bool
) -> tuple[str, str]:
    """(title, body) of a recommendation as its reader sees it: worded in the active language
    while it is generated text, as stored once a coordinator edited it."""
    worded = None if is_edited else recommendation_text(wording or {})
    return worded if worded is not None else (title, body)


def missing_reason(indicator: Mapping[str, Any]) -> str:
    """Why a region's indicator has no value (``adapters.indicator_to_dict``), in the active
    language where the engine wrote the reason (``engines.s3.indicators``); a note of the
    shipped NUTS mapping, and a snapshot stored before the codes, as they are."""
    code = indicator.get("missing_code") or ""
    if code == "not_in_data":
        return _("%(code)s is not in the data (no regional value published in this extract)") % {
            "code": indicator["code"]
        }
    if code == "no_match":
        return _("no NUTS 2016 region of the data maps to this NUTS 2024 region")
    if code == "empty":
        return _("no value for %(code)s in 2014-2018 (empty in the data)") % {
            "code": indicator["data_code"]
        }
    return str(indicator.get("missing_reason") or "")


def guidelines_for_reader(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the guidelines (``queries.build_guidelines``) as its reader sees it: each
    unedited recommendation's title and body, each region's priorities
    (``priority_for_reader``) and the reason a region's indicator is missing
    (``missing_reason``) in the active language."""
    shown = copy.deepcopy(dict(snapshot))
    for row in (shown.get("matrix") or {}).get("rows", []):
        for cell in row.get("cells", []):
            if cell.get("reason_parts"):
                cell["reasons"] = [alignment_reason(part) for part in cell["reason_parts"]]
    for region in shown.get("regions", []):
        region["priorities"] = [priority_for_reader(item) for item in region.get("priorities", [])]
        if region.get("indicator"):
            region["indicator"]["missing_reason"] = missing_reason(region["indicator"])
        for recommendation in region.get("recommendations", []):
            recommendation["title"], recommendation["body"] = shown_text(
                title=recommendation["title"],
                body=recommendation["body"],
                wording=recommendation.get("wording") or {},
                is_edited=bool(recommendation.get("is_edited")),
            )
    return shown


def candidate_description(parts: Mapping[str, Any]) -> str:
    """A candidate priority's description in the active language, from its counts and EDIH tags
    (``adapters.candidate_parts``: the sector first, then the technologies its hubs declare
    most); in English the engine's own sentence (``engines.s3.derivation``)."""
    tags = list(parts["tags"])
    sector, technologies = tags[0], tags[1:]
    values = {
        "hubs": parts["hubs"],
        "count": parts["hub_count"],
        "place": str(parts.get("scope_label", "")),
        "sector": _tag_label(sector),
    }
    if parts.get("scope") == "country":
        sentence = _(
            "%(hubs)s of the %(count)s tagged digital innovation hubs in %(place)s (country) "
            "declare the sector “%(sector)s”."
        )
    else:
        sentence = _(
            "%(hubs)s of the %(count)s tagged digital innovation hubs in %(place)s declare the "
            "sector “%(sector)s”."
        )
    sentences = [sentence % values]
    if technologies:
        listed = ", ".join(
            ngettext("%(label)s (%(hubs)s hub)", "%(label)s (%(hubs)s hubs)", tag["hubs"])
            % {"label": _tag_label(tag), "hubs": tag["hubs"]}
            for tag in technologies
        )
        sentences.append(
            _("The technologies they declare most: %(technologies)s.") % {"technologies": listed}
        )
    sentences.append(
        _("Derived from the EDIH catalogue (European Commission), not the official S3.")
    )
    return " ".join(sentences)


def _tag_label(tag: Mapping[str, Any]) -> str:
    return translate_label(str(tag["label"]), facet=str(tag["key"]).split(":")[0])


def candidate_for_reader(candidate: Mapping[str, Any]) -> dict[str, Any]:
    """A candidate priority (``adapters.candidate_to_dict``) as its reader sees it: the sector
    and technologies by their EDIH names in the active language and the description worded
    from the counts (the engine's ``description`` is its English sentence of the same)."""
    shown = dict(candidate)
    shown["tags"] = [{**tag, "label": _tag_label(tag)} for tag in candidate.get("tags", [])]
    if not shown["tags"]:
        return shown
    shown["title"] = shown["tags"][0]["label"]
    shown["description"] = candidate_description(candidate)
    shown["label"] = derived_label(str(candidate.get("label", "")))
    return shown


def derived_label(label: str) -> str:
    """The source a derived priority names (``derivation.DERIVED_LABEL``) in the active
    language; any other source as written."""
    if label == DERIVED_LABEL:
        return _("Derived from the EDIH catalogue (European Commission), not the official S3")
    return label


def shown_description(*, description: str, wording: Mapping[str, Any], is_edited: bool) -> str:
    """An S3 priority's description as its reader sees it: worded in the active language from
    the candidate it was adopted from while nobody edited it, else as stored (what people
    wrote). A priority adopted before its candidate's parts were kept has them read back from
    its English description (``old_description_parts``)."""
    if is_edited:
        return description
    if not wording or not wording.get("tags"):
        wording = old_description_parts(description)
        if not wording:
            return description
    try:
        return candidate_description(wording)
    except (KeyError, TypeError, ValueError):  # parts of another shape: the stored text
        return description


def old_description_parts(description: str) -> dict[str, Any]:
    """The parts of a derived priority's English description stored without them (adopted
    before they were kept), read back by the engine (``derivation.description_parts``) and
    accepted only when they word to the same English sentence ("1 hubs", as the engine once
    wrote it, read as "1 hub"); empty for a description someone wrote."""
    parts = description_parts(description)
    if parts is None:
        return {}
    shaped = {
        **parts,
        "tags": [
            {"key": f"{tag['facet']}:", "label": tag["label"], "hubs": tag["hubs"]}
            for tag in parts["tags"]  # type: ignore[attr-defined]
        ],
    }
    with translation.override("en"):
        worded = candidate_description(shaped)
    return shaped if worded == re.sub(r"\(1 hubs\)", "(1 hub)", description) else {}


def priority_for_reader(priority: Mapping[str, Any]) -> dict[str, Any]:
    """An S3 priority (``queries.priority_to_dict``) as its reader sees it: its description
    (``shown_description``), its title and tags by their EDIH names and a derived one's source
    in the active language. ``title`` stays as stored (it is what an edit changes); the title to
    show is ``title_label``. The parts (``wording``) are given as ``description_parts``."""
    shown = dict(priority)
    parts = shown.pop("wording", None) or {}
    shown["description"] = shown_description(
        description=str(priority.get("description", "")),
        wording=parts,
        is_edited=bool(priority.get("is_edited")),
    )
    shown["description_parts"] = parts
    shown["title_label"] = translate_label(str(priority.get("title", "")))
    shown["tags"] = [
        {**tag, "label": translate_label(str(tag["label"]), facet=str(tag.get("facet") or ""))}
        for tag in priority.get("tags", [])
    ]
    shown["source_label"] = derived_label(str(priority.get("source_label", "")))
    return shown
