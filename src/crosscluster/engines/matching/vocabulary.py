"""The EDIH label vocabulary (technologies, sectors, services), read from the shipped data."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from crosscluster.engines.matching.embedder import fold_text

FACETS: tuple[str, ...] = ("technologies", "sectors", "services")


@dataclass(frozen=True)
class Vocabulary:
    """Every label of every facet, in the file's order (most used first)."""

    labels: tuple[tuple[str, tuple[str, ...]], ...]

    def facet(self, facet: str) -> tuple[str, ...]:
        for name, labels in self.labels:
            if name == facet:
                return labels
        raise KeyError(f"unknown facet {facet!r}; expected one of {', '.join(FACETS)}")

    def canonical(self, facet: str, label: str) -> str | None:
        """The vocabulary's spelling of ``label`` (case, accents and spaces ignored), or None."""
        return _canonical_index(self).get((facet, _key(label)))


def _key(label: str) -> str:
    return " ".join(fold_text(label).split())


@lru_cache(maxsize=8)
def _canonical_index(vocabulary: Vocabulary) -> dict[tuple[str, str], str]:
    return {(facet, _key(label)): label for facet, labels in vocabulary.labels for label in labels}


def parse_vocabulary(text: str) -> Vocabulary:
    """Parse ``label_vocabulary.csv`` (columns facet, label, n_hubs)."""
    by_facet: dict[str, list[str]] = {facet: [] for facet in FACETS}
    for row in csv.DictReader(io.StringIO(text)):
        by_facet.setdefault(row["facet"], []).append(row["label"])
    return Vocabulary(tuple((facet, tuple(labels)) for facet, labels in by_facet.items()))


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``crosscluster/data/edih/label_vocabulary.csv``."""
    path = resources.files("crosscluster").joinpath("data", "edih", "label_vocabulary.csv")
    return parse_vocabulary(path.read_text(encoding="utf-8"))
