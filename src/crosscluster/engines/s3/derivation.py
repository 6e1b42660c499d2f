"""Candidate S3 priorities derived from a region's digital innovation hubs (pure Python).

There is no public data set of official S3 priorities in the project, so none is invented.
What the project has is the European Commission's EDIH catalogue: each hub declares the sectors
it serves and the technologies it masters. For a region, the candidates are the sectors most
declared by the hubs located there (the country's hubs when the region has none), each with the
technologies its hubs declare most. They are labelled "derived from the EDIH catalogue, not the
official S3" wherever they appear.

Rule: rank the sector tags by the number of hubs declaring them, then by the sum of their
declared levels (1-5), then by label; keep the first ``limit``. For each kept sector, its related
technologies are the ``technologies_per_sector`` technology tags most declared by the hubs that
declare the sector (same order).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SECTOR = "sectors"
TECHNOLOGY = "technologies"
DEFAULT_LIMIT = 5
DEFAULT_TECHNOLOGIES = 3
DERIVED_LABEL = "Derived from the EDIH catalogue (European Commission), not the official S3"


@dataclass(frozen=True)
class HubTag:
    key: str  # "<facet>:<slug>"
    label: str
    facet: str
    level: int  # 1-5


@dataclass(frozen=True)
class Hub:
    name: str
    tags: tuple[HubTag, ...]


@dataclass(frozen=True)
class TagCount:
    key: str
    label: str
    hubs: int
    level_sum: int


@dataclass(frozen=True)
class Candidate:
    key: str  # the sector's tag key: stable, used to adopt it
    title: str
    description: str
    sector: TagCount
    technologies: tuple[TagCount, ...]
    hub_count: int  # hubs considered (of the region or the country)
    scope: str  # "region" or "country"
    scope_label: str

    @property
    def tag_keys(self) -> tuple[str, ...]:
        return (self.sector.key, *(technology.key for technology in self.technologies))


def _ranked(hubs: Sequence[Hub], facet: str) -> list[TagCount]:
    counts: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for hub in hubs:
        seen: set[str] = set()
        for tag in hub.tags:
            if tag.facet != facet or tag.key in seen:
                continue
            seen.add(tag.key)
            labels[tag.key] = tag.label
            entry = counts.setdefault(tag.key, [0, 0])
            entry[0] += 1
            entry[1] += tag.level
    ranked = [
        TagCount(key=key, label=labels[key], hubs=hubs_count, level_sum=level_sum)
        for key, (hubs_count, level_sum) in counts.items()
    ]
    return sorted(ranked, key=lambda tag: (-tag.hubs, -tag.level_sum, tag.label))


def derive_candidates(
    hubs: Sequence[Hub],
    *,
    scope: str,
    scope_label: str,
    limit: int = DEFAULT_LIMIT,
    technologies_per_sector: int = DEFAULT_TECHNOLOGIES,
) -> list[Candidate]:
    """The candidate priorities of ``hubs`` (all located in ``scope_label``)."""
    candidates = []
    for sector in _ranked(hubs, SECTOR)[:limit]:
        declaring = [hub for hub in hubs if any(tag.key == sector.key for tag in hub.tags)]
        technologies = tuple(_ranked(declaring, TECHNOLOGY)[:technologies_per_sector])
        where = f"in {scope_label}" if scope == "region" else f"in {scope_label} (country)"
        parts = [
            f"{sector.hubs} of the {len(hubs)} tagged digital innovation hubs {where} declare the "
            f"sector “{sector.label}”."
        ]
        if technologies:
            parts.append(
                "The technologies they declare most: "
                + ", ".join(
                    f"{tag.label} ({tag.hubs} hub{'' if tag.hubs == 1 else 's'})"
                    for tag in technologies
                )
                + "."
            )
        parts.append(f"{DERIVED_LABEL}.")
        candidates.append(
            Candidate(
                key=sector.key,
                title=sector.label,
                description=" ".join(parts),
                sector=sector,
                technologies=technologies,
                hub_count=len(hubs),
                scope=scope,
                scope_label=scope_label,
            )
        )
    return candidates


_DESCRIPTION = re.compile(
    r"(?P<hubs>\d+) of the (?P<count>\d+) tagged digital innovation hubs in (?P<place>.*?)"
    r"(?P<country> \(country\))? declare the sector “(?P<sector>.*?)”\."
    r"(?: The technologies they declare most: (?P<technologies>.*)\.)?"
    r" " + re.escape(DERIVED_LABEL) + r"\.\Z",
    re.S,
)
_TECHNOLOGY = re.compile(r"(?P<label>.+?) \((?P<hubs>\d+) hubs?\)(?:, |\Z)", re.S)


def description_parts(description: str) -> dict[str, object] | None:
    """What a candidate's English ``description`` (as :func:`derive_candidates` writes it, or
    wrote it before one hub was "1 hub") says, as counts and labelled tags: ``hubs``,
    ``hub_count``, ``scope``, ``scope_label`` and ``tags`` (the sector first, then the
    technologies, each ``facet``, ``label`` and ``hubs``); None for any other text (a
    description someone wrote)."""
    found = _DESCRIPTION.match(description)
    if found is None:
        return None
    tags: list[dict[str, object]] = [
        {"facet": SECTOR, "label": found["sector"], "hubs": int(found["hubs"])}
    ]
    listed = found["technologies"] or ""
    position = 0
    for technology in _TECHNOLOGY.finditer(listed):
        if technology.start() != position:
            return None
        tags.append(
            {"facet": TECHNOLOGY, "label": technology["label"], "hubs": int(technology["hubs"])}
        )
        position = technology.end()
    if position != len(listed):
        return None
    return {
        "hubs": int(found["hubs"]),
        "hub_count": int(found["count"]),
        "scope": "country" if found["country"] else "region",
        "scope_label": found["place"],
        "tags": tags,
    }
