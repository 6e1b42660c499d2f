"""The scoreboard's breakdowns in the reader's language: the dimension a figure is split by and
each category's name (a country by its CLDR name, an organisation type or size class and a
roadmap status by their names). The data (API, CSV, XLSX rows) keeps the stored codes; only what
people read on the page is worded here."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.core.countries import localise_country
from crosscluster.directory import queries as directory_queries
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
