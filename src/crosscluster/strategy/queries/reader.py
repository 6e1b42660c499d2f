"""A snapshot as its reader sees it: countries named in the reader's language.

Snapshots (stored at adoption, compared, the API's) keep the English names, the key in data;
pages and exports show ``for_reader``'s copy (docs/languages.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crosscluster.core.countries import localise_country
from crosscluster.strategy.models import SectionKey


def reader_identity(identity: Mapping[str, Any]) -> dict[str, Any]:
    """A snapshot's partnership identity with the coordinator's country in the active language
    (the S3 guidelines' snapshot carries the same identity)."""
    shown = dict(identity)
    if shown.get("coordinator_country"):
        shown["coordinator_country"] = localise_country(
            shown.get("coordinator_country_code", ""), shown["coordinator_country"]
        )
    return shown


def for_reader(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot as its reader sees it: the priority markets and the coordinator's country
    named in the active language. Snapshots (stored, compared, the API's) keep the English
    names, the key in data; pages and exports show this copy (docs/languages.md)."""
    shown = dict(snapshot)
    shown["partnership"] = reader_identity(shown.get("partnership") or {})
    sections = dict(shown.get("sections") or {})
    markets = SectionKey.MARKETS.value
    if markets in sections:
        sections[markets] = [
            {**market, "title": localise_country(market.get("iso2", ""), market["title"])}
            for market in sections[markets]
        ]
        shown["sections"] = sections
    return shown
