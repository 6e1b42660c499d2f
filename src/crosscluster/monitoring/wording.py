"""The scoreboard's breakdowns in the reader's language: the dimension a figure is split by and
each category's name (a country by its CLDR name, an organisation type or size class and a
roadmap status by their names). The data (API, CSV, XLSX rows) keeps the stored codes; only what
people read on the page is worded here."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from crosscluster.brokerage import queries as brokerage_queries
from crosscluster.core.countries import by_local_name, localise_country
from crosscluster.core.i18n import active_language
from crosscluster.directory import queries as directory_queries
from crosscluster.monitoring.adapters import encode_payload
from crosscluster.strategy.queries.progress import action_status_labels

#: the breakdowns' dimensions (``registry``), as the page names them
DIMENSIONS = {
    "country": gettext_lazy("country"),
    "type": gettext_lazy("type"),
    "size": gettext_lazy("size"),
    "partner cluster": gettext_lazy("partner cluster"),
    "status": gettext_lazy("status"),
    "year": gettext_lazy("year"),
}


def dimension_label(dimension: str) -> str:
    return str(DIMENSIONS.get(dimension, dimension))


def category_label(dimension: str, value: str, indicator_key: str = "") -> str:
    """One category of a breakdown as people read it; '' is "not stated"."""
    if not value:
        return _("not stated")
    if dimension == "country":
        return localise_country(value, value)
    if dimension == "type":
        try:
            return directory_queries.list_organisation_kinds(values=[value])[0][1]
        except KeyError:  # a type the directory no longer has
            return value
    if dimension == "size":
        return directory_queries.organisation_size_labels().get(value, value)
    if dimension == "status" and indicator_key == "strategy_actions":
        return action_status_labels().get(value, value)
    if dimension == "status" and indicator_key == "budget_financed":
        words = {"granted": _("granted"), "not yet granted": _("not yet granted")}
        return words.get(value, value)
    return value


#: the tables an indicator is computed from (``registry.Indicator.sources``), as people read
#: them; the API and the files keep the model names
SOURCES = {
    "partnerships.PartnershipMember": pgettext_lazy("scoreboard source", "partners"),
    "directory.ClusterMembership": pgettext_lazy("scoreboard source", "cluster members"),
    "directory.Organisation.kind": pgettext_lazy("scoreboard source", "organisation types"),
    "partnerships.WorkItem": pgettext_lazy("scoreboard source", "work plan items"),
    "strategy.RoadmapAction.status": pgettext_lazy("scoreboard source", "roadmap actions' status"),
    "strategy.RoadmapAction.done_date": pgettext_lazy(
        "scoreboard source", "roadmap actions' completion dates"
    ),
    "businessplan.StaffEffort": pgettext_lazy("scoreboard source", "business plan staff effort"),
    "businessplan.CostLine": pgettext_lazy("scoreboard source", "business plan cost lines"),
    "businessplan.FinancingLine": pgettext_lazy("scoreboard source", "business plan financing"),
    "marketplace.Opportunity": pgettext_lazy("scoreboard source", "marketplace opportunities"),
    "marketplace.MatchSuggestion": pgettext_lazy("scoreboard source", "suggested matches"),
    "marketplace.MatchFeedback": pgettext_lazy("scoreboard source", "feedback on matches"),
    "marketplace.ExpressionOfInterest": pgettext_lazy(
        "scoreboard source", "expressions of interest"
    ),
    "brokerage.MeetingRequest": pgettext_lazy("scoreboard source", "B2B meeting requests"),
    "brokerage.ScheduledMeeting": pgettext_lazy("scoreboard source", "scheduled B2B meetings"),
    "brokerage.MeetingAttendance": pgettext_lazy(
        "scoreboard source", "B2B meetings recorded on the day (held, no-show, cancelled)"
    ),
    "brokerage.ScheduleRun": pgettext_lazy("scoreboard source", "B2B schedule runs"),
    "brokerage.Participant": pgettext_lazy("scoreboard source", "event participants"),
    "brokerage.Agreement": pgettext_lazy("scoreboard source", "agreements"),
    "brokerage.OutcomeReport": pgettext_lazy("scoreboard source", "meeting outcome reports"),
    "events.Event": pgettext_lazy("scoreboard source", "events"),
}


def source_labels(sources: tuple[str, ...]) -> str:
    """An indicator's source tables in the reader's language, joined by commas."""
    return ", ".join(str(SOURCES.get(source, source)) for source in sources)


#: the collaboration network's tie kinds and classes (engines.network.model), as people read
#: them; the API, the files and the filters' values keep the codes
TIE_KINDS = {
    "project": pgettext_lazy("network tie kind", "Joint EU project"),
    "match": pgettext_lazy("network tie kind", "Useful match"),
    "conversation": pgettext_lazy("network tie kind", "Accepted interest"),
    "meeting": pgettext_lazy("network tie kind", "B2B meeting held"),
    "agreement": pgettext_lazy("network tie kind", "Agreement signed"),
}
TIE_CLASSES = {
    "inside-inside": pgettext_lazy("network tie class", "inside-inside"),
    "inside-outside": pgettext_lazy("network tie class", "inside-outside"),
    "outside": pgettext_lazy("network tie class", "outside"),
}


def tie_kind_label(kind: str) -> str:
    return str(TIE_KINDS.get(kind, kind))


def tie_class_label(tie_class: str) -> str:
    return str(TIE_CLASSES.get(tie_class, tie_class))


def network_country_choices(codes: list[str]) -> list[tuple[str, str]]:
    """The network's countries (ISO codes) by their names in the reader's language."""
    names = dict(directory_queries.country_choices())
    return by_local_name((code, names.get(code, code)) for code in codes)


def network_texts() -> dict[str, object]:
    """What the map's script writes, in the reader's language (``%(name)s`` filled in there)."""
    return {
        "computing": _("The network is being computed; the map appears here when it is ready."),
        "loading": _("Loading the network…"),
        "failed": _("The map could not be loaded (%(error)s); the table view lists every tie."),
        "no_webgl": _("This browser cannot draw the map (WebGL); the table view lists every tie."),
        "summary": _(
            "%(organisations)s organisations, %(ties)s ties. Click or find an organisation to "
            "list its ties."
        ),
        "loading_ties": _("Loading its ties…"),
        "ties_one": _("1 tie"),
        "ties_other": _("%(count)s ties"),
        "first_shown": _("(the first %(shown)s shown; the table view lists all)"),
        "ties_failed": _("Its ties could not be loaded (%(error)s)."),
        "kinds": {key: str(label) for key, label in TIE_KINDS.items()},
        "classes": {key: str(label) for key, label in TIE_CLASSES.items()},
    }


def tie_reason(reason: str, parts: dict[str, object] | None) -> str:
    """Why a tie exists, in the reader's language, from its ``reason_parts`` (the code and the
    names and numbers in it); the stored reason where it has none (a reason migration 0004
    could not read back) or its code is unknown."""
    return _worded_tie_reason(reason, parts or {})


def _worded_tie_reason(reason: str, parts: dict[str, object]) -> str:
    code = parts.get("code")
    opportunity = str(parts.get("opportunity") or "") or _("an opportunity")
    if code == "match":
        return _("match judged useful for “%(opportunity)s”") % {"opportunity": opportunity}
    if code == "conversation":
        return _("accepted expression of interest in “%(opportunity)s”") % {
            "opportunity": opportunity
        }
    if code == "meeting":
        return _("B2B meeting held at %(event)s") % {"event": parts.get("event", "")}
    if code == "agreement":
        kind = str(parts.get("agreement_kind", ""))
        return _("signed an agreement (%(kind)s): “%(title)s”") % {
            "kind": brokerage_queries.agreement_kind_labels().get(kind, kind),
            "title": parts.get("title", ""),
        }
    if code == "project":
        values = {
            "name": parts.get("acronym", ""),
            "project": parts.get("project_id", ""),
            "year": parts.get("year"),
        }
        if values["year"]:
            return _("joint EU project %(name)s (CORDIS %(project)s, started %(year)s)") % values
        return (
            _("joint EU project %(name)s (CORDIS %(project)s, from an imported CORDIS export)")
            % values
        )
    return reason


def suggestion_reason(part: Mapping[str, Any]) -> str | None:
    """Why a partner is suggested (one of a suggestion's ``reason_parts``), in the reader's
    language; None for an unknown code."""
    code = part.get("code")
    if code == "common_partners":
        count = int(part["count"])
        names = ", ".join(str(name) for name in part.get("shown", []))
        more = int(part.get("more") or 0)
        if more:
            names = _("%(items)s and %(count)s more") % {"items": names, "count": more}
        return _("has worked with %(count)s of your partners: %(names)s") % {
            "count": count,
            "names": names,
        }
    if code == "two_steps":
        return _("works with your partners' partners (two steps away)")
    if code == "structural_hole":
        count = int(part["count"])
        return ngettext(
            "would bring %(count)s organisation within one step that none of your ties reach "
            "(a structural hole)",
            "would bring %(count)s organisations within one step that none of your ties reach "
            "(a structural hole)",
            count,
        ) % {"count": count}
    return None


def suggestion_reasons(reasons: Sequence[str], parts: Sequence[Mapping[str, Any]] | None) -> list:
    """A suggested partner's reasons in the reader's language, each worded from its part; a
    reason without one (migration 0004 could not read it back) is shown as stored."""
    if not parts or len(parts) != len(reasons):
        return list(reasons)
    return [
        (suggestion_reason(part) if part else None) or text
        for text, part in zip(reasons, parts, strict=True)
    ]


def suggestions_for_reader(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The stored partner suggestions (``adapters.suggestion_rows``) with their reasons in the
    reader's language; the parts stay as stored."""
    return [
        {
            **row,
            "suggestions": [
                {**item, "reasons": suggestion_reasons(item["reasons"], item.get("reason_parts"))}
                for item in row.get("suggestions", [])
            ],
        }
        for row in rows
    ]


#: how long the map's payload worded in a language other than English is kept (per version)
WORDED_PAYLOAD_SECONDS = 24 * 3600


def payload_for_reader(payload: bytes, version: str) -> tuple[bytes, str]:
    """The map's gzipped payload (``adapters.encode_payload``) as the reader gets it, and its
    ETag: in English the stored bytes (the engine's own words); in another language with the
    partner suggestions' reasons worded in it (``suggestions_for_reader``), gzipped again once
    per version and language and kept in the cache (about 0.1 s at 10,000 organisations)."""
    language = active_language()
    if language == "en":
        return payload, version
    key = f"monitoring:network-payload:{version}:{language}"
    worded: bytes | None = cache.get(key)
    if worded is None:
        data = json.loads(gzip.decompress(payload))
        data["suggestions"] = suggestions_for_reader(data.get("suggestions", []))
        worded = encode_payload(data)
        cache.set(key, worded, WORDED_PAYLOAD_SECONDS)
    return worded, f"{version}-{language}"
