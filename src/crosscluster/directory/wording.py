"""The cluster criteria's results worded in the reader's language, for the pages.

The engine (``engines.clusters.criteria``) says what it observed and what to do in English and
carries the numbers behind them (``values``, ``missing``); here each criterion has its sentences
marked for translation, so a cluster manager reading the profile in Swedish reads Swedish.

The services sit below this module (import-linter's app layers), so they never word a result:
a refused validation raises ``services.UnmetCriteriaError`` with the engine's results, which the review
page and the admin word with :func:`refusal`; a review stores the results with their numbers
(``ClusterReview.criteria``), and the e-mail telling the cluster's managers of the decision is
rendered in each manager's language, its criteria worded through the ``directory_criteria``
template filter (:func:`word_records`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crosscluster.engines.clusters.criteria import MIN_MANAGEMENT_STAFF, CriterionResult


def _missing_kind(kind: str) -> str:
    names = {
        "companies": _("companies"),
        "research organisations": _("research organisations"),
        "public authorities": _("public authorities"),
    }
    return names.get(kind, kind)


def _observed_and_fix(result: CriterionResult) -> tuple[str, str]:
    values = result.values
    if result.code == "management":
        staff = values["staff"]
        return (
            ngettext(
                "%(count)d person manages the cluster",
                "%(count)d people manage the cluster",
                staff,
            )
            % {"count": staff},
            ngettext(
                "Give the number of people who manage the cluster (at least %(count)d person).",
                "Give the number of people who manage the cluster (at least %(count)d people).",
                MIN_MANAGEMENT_STAFF,
            )
            % {"count": MIN_MANAGEMENT_STAFF},
        )
    if result.code == "members":
        members, needed = values["members"], values["needed"]
        return (
            ngettext("%(count)d member organisation", "%(count)d member organisations", members)
            % {"count": members},
            ngettext(
                "Add %(count)d more member organisation to the cluster's profile.",
                "Add %(count)d more member organisations to the cluster's profile.",
                needed,
            )
            % {"count": needed},
        )
    if result.code == "mix":
        return (
            _(
                "Companies: %(companies)d; research organisations: %(research)d; "
                "public authorities: %(public)d"
            )
            % {key: values[key] for key in ("companies", "research", "public")},
            _("Add members that are %(kinds)s.")
            % {"kinds": get_text_list([_missing_kind(kind) for kind in result.missing], _("and"))},
        )
    if result.code == "website":
        return (
            result.observed if result.met else _("No website given"),
            _("Give the cluster's website address, e.g. https://cluster.example.eu."),
        )
    if result.code == "description":
        characters = values["characters"]
        return (
            ngettext(
                "%(count)d character of description",
                "%(count)d characters of description",
                characters,
            )
            % {"count": characters},
            _("Describe the cluster's activities in at least %(count)d characters.")
            % {"count": values["needed"]},
        )
    return result.observed, result.fix  # a criterion without wording keeps the engine's text


def word_criteria(results: Sequence[CriterionResult]) -> list[CriterionResult]:
    """The results with their label, observation and fix in the active language."""
    worded = []
    for result in results:
        try:
            observed, fix = _observed_and_fix(result)
        except KeyError:  # a review stored before its numbers were kept: the engine's words
            observed, fix = result.observed, result.fix
        worded.append(
            dataclasses.replace(
                result, label=_(result.label), observed=observed, fix="" if result.met else fix
            )
        )
    return worded


def word_records(records: Sequence[Mapping[str, Any]]) -> list[CriterionResult]:
    """The criteria as a review stored them (``ClusterReview.criteria``), worded now."""
    return word_criteria([CriterionResult.from_record(record) for record in records])


def refusal(results: Sequence[CriterionResult]) -> str:
    """Why a cluster cannot be validated: each unmet criterion and its fix, in the active
    language (the service refuses with the engine's results, ``services.UnmetCriteriaError``)."""
    return _("Cannot validate: %(missing)s") % {
        "missing": "; ".join(
            f"{result.label}: {result.fix}" for result in word_criteria(results) if not result.met
        )
    }
