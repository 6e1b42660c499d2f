"""The EDIH hubs shipped in ``crosscluster/data/edih/`` as engine profiles.

Source: European Commission, EDIH catalogue (~April 2025); see ``data/edih/SOURCE.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from functools import lru_cache
from importlib import resources

from crosscluster.engines.matching.countries import normalise_country
from crosscluster.engines.matching.types import Profile, ProfileKind, Tag

HUBS_FILE = "edih_hubs_dev.csv"


def _tags(labels: str, scores: str) -> tuple[Tag, ...]:
    if not labels.strip():
        return ()
    levels: dict[str, int] = json.loads(scores) if scores.strip() else {}
    return tuple(
        Tag(label=label, level=int(levels.get(label, 5)))
        for label in (part.strip() for part in labels.split(";"))
        if label
    )


def parse_hubs(text: str) -> tuple[Profile, ...]:
    """Parse an EDIH hubs CSV (the columns described in ``data/edih/SOURCE.md``)."""
    profiles = []
    for row in csv.DictReader(io.StringIO(text)):
        profiles.append(
            Profile(
                id=row["hub_id"],
                name=row["name"].strip(),
                text=row["description"].strip(),
                kind=ProfileKind.OFFER,
                country=normalise_country(row["country"]),
                technologies=_tags(row["technologies"], row["technologies_scores"]),
                sectors=_tags(row["sectors"], row["sectors_scores"]),
                services=_tags(row["services"], row["services_scores"]),
            )
        )
    return tuple(profiles)


def hubs_csv_text() -> str:
    path = resources.files("crosscluster").joinpath("data", "edih", HUBS_FILE)
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_hubs() -> tuple[Profile, ...]:
    """The development hubs shipped with the package (343 hubs, 75 % of the catalogue)."""
    return parse_hubs(hubs_csv_text())


def hubs_fingerprint() -> str:
    """SHA-256 of the shipped hubs file (keys the precomputed vectors)."""
    return hashlib.sha256(hubs_csv_text().encode("utf-8")).hexdigest()
