"""The alignment matrix: JIS technology domains (rows) x regions' S3 priority areas (columns).

Pure Python over frozen dataclasses (no ORM, no settings); ``crosscluster.regions.adapters`` builds the inputs.

A cell's score, from 0 to 1, is the best of two explainable parts:

- **shared tag** (1.0): the domain's EDIH technology is one of the priority's related tags;
- **taxonomy neighbourhood** (0.5 x Jaccard): the domain's technology and one of the priority's
  tags are *neighbours*, i.e. declared together by many digital innovation hubs of the EDIH
  catalogue. Two tags a and b are neighbours when at least ``min_hubs`` hubs declare both and
  their Jaccard index ``|a and b| / |a or b|`` (over the hubs declaring them) is at least
  ``min_jaccard``. The cell takes the best neighbour.

Levels: ``strong`` (score >= 0.75, i.e. a shared tag), ``related`` (a neighbour only), ``none``.
Each cell carries its reasons in words, so the page and the exports can show *why*.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

SHARED_TAG_SCORE = 1.0
NEIGHBOUR_WEIGHT = 0.5
STRONG_AT = 0.75
DEFAULT_MIN_JACCARD = 0.5
DEFAULT_MIN_HUBS = 5


@dataclass(frozen=True)
class TagRef:
    """A label of the EDIH taxonomy: ``key`` is ``"<facet>:<slug>"``."""

    key: str
    label: str


@dataclass(frozen=True)
class Domain:
    """A JIS technology domain (one EDIH technology)."""

    key: str
    tag: TagRef


@dataclass(frozen=True)
class Priority:
    """An S3 priority area of a region, with its related EDIH tags."""

    key: str
    title: str
    region_code: str
    region_label: str
    tags: tuple[TagRef, ...]
    is_derived: bool = False


@dataclass(frozen=True)
class Neighbour:
    tag: str  # tag key
    jaccard: float
    together: int  # hubs declaring both
    either: int  # hubs declaring at least one


@dataclass(frozen=True)
class Cell:
    domain_key: str
    priority_key: str
    score: float
    level: str  # strong, related, none
    reasons: tuple[str, ...] = ()
    shared_tags: tuple[str, ...] = ()  # labels
    #: the reasons as a code and their values, for an app to word in its reader's language
    reason_parts: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class AlignmentMatrix:
    domains: tuple[Domain, ...]
    priorities: tuple[Priority, ...]
    rows: tuple[tuple[Cell, ...], ...] = field(default=())  # rows[i][j]: domain i, priority j
    min_jaccard: float = DEFAULT_MIN_JACCARD
    min_hubs: int = DEFAULT_MIN_HUBS

    def cell(self, domain_key: str, priority_key: str) -> Cell:
        for row in self.rows:
            for cell in row:
                if cell.domain_key == domain_key and cell.priority_key == priority_key:
                    return cell
        raise KeyError((domain_key, priority_key))

    def column(self, priority_key: str) -> list[Cell]:
        index = [priority.key for priority in self.priorities].index(priority_key)
        return [row[index] for row in self.rows]

    def uncovered_priorities(self) -> list[Priority]:
        """Priorities no domain touches (every cell ``none``)."""
        return [
            priority
            for priority in self.priorities
            if all(cell.level == "none" for cell in self.column(priority.key))
        ]

    def strong_domains(self, priority_key: str) -> list[tuple[Domain, Cell]]:
        cells = self.column(priority_key)
        return [
            (domain, cell)
            for domain, cell in zip(self.domains, cells, strict=True)
            if cell.level == "strong"
        ]

    def related_domains(self, priority_key: str) -> list[tuple[Domain, Cell]]:
        cells = self.column(priority_key)
        return [
            (domain, cell)
            for domain, cell in zip(self.domains, cells, strict=True)
            if cell.level == "related"
        ]


def tag_neighbourhood(
    hub_tags: Iterable[Iterable[str]],
    *,
    tags: Iterable[str] | None = None,
    min_jaccard: float = DEFAULT_MIN_JACCARD,
    min_hubs: int = DEFAULT_MIN_HUBS,
) -> dict[str, tuple[Neighbour, ...]]:
    """Tag key -> its neighbours, best first, from the tag sets the hubs declare.

    ``tags`` limits the result to those tags (all tags when None).
    """
    sets = [frozenset(declared) for declared in hub_tags]
    single: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for declared in sets:
        single.update(declared)
        pairs.update(combinations(sorted(declared), 2))
    wanted = set(single) if tags is None else set(tags)
    result: dict[str, list[Neighbour]] = {tag: [] for tag in wanted}
    for (first, second), together in pairs.items():
        if together < min_hubs:
            continue
        either = single[first] + single[second] - together
        jaccard = together / either
        if jaccard < min_jaccard:
            continue
        if first in wanted:
            result[first].append(Neighbour(second, jaccard, together, either))
        if second in wanted:
            result[second].append(Neighbour(first, jaccard, together, either))
    return {
        tag: tuple(sorted(found, key=lambda n: (-n.jaccard, -n.together, n.tag)))
        for tag, found in result.items()
    }


def score_cell(
    domain: Domain,
    priority: Priority,
    neighbours: Mapping[str, Sequence[Neighbour]],
) -> Cell:
    labels = {tag.key: tag.label for tag in priority.tags}
    reasons: list[str] = []
    parts: list[dict[str, object]] = []
    shared: list[str] = []
    score = 0.0
    if domain.tag.key in labels:
        score = SHARED_TAG_SCORE
        shared.append(domain.tag.label)
        reasons.append(f"Shares the EDIH tag “{domain.tag.label}”.")
        parts.append({"code": "shared", "tag": domain.tag.label})
    for neighbour in neighbours.get(domain.tag.key, ()):
        if neighbour.tag not in labels:
            continue
        part = NEIGHBOUR_WEIGHT * neighbour.jaccard
        score = max(score, part)
        reasons.append(
            f"“{domain.tag.label}” and “{labels[neighbour.tag]}” are declared together by "
            f"{neighbour.together} of the {neighbour.either} hubs declaring either "
            f"(Jaccard {neighbour.jaccard:.2f}, worth {part:.2f})."
        )
        parts.append(
            {
                "code": "neighbour",
                "tag": domain.tag.label,
                "other": labels[neighbour.tag],
                "together": neighbour.together,
                "either": neighbour.either,
                "jaccard": neighbour.jaccard,
                "worth": part,
            }
        )
    level = "strong" if score >= STRONG_AT else "related" if score > 0 else "none"
    return Cell(
        domain_key=domain.key,
        priority_key=priority.key,
        score=round(score, 6),
        level=level,
        reasons=tuple(reasons),
        shared_tags=tuple(shared),
        reason_parts=tuple(parts),
    )


def align(
    domains: Sequence[Domain],
    priorities: Sequence[Priority],
    neighbours: Mapping[str, Sequence[Neighbour]],
    *,
    min_jaccard: float = DEFAULT_MIN_JACCARD,
    min_hubs: int = DEFAULT_MIN_HUBS,
) -> AlignmentMatrix:
    """The matrix of every domain against every priority (``neighbours`` from
    ``tag_neighbourhood`` with the same thresholds, recorded on the result)."""
    rows = tuple(
        tuple(score_cell(domain, priority, neighbours) for priority in priorities)
        for domain in domains
    )
    return AlignmentMatrix(
        domains=tuple(domains),
        priorities=tuple(priorities),
        rows=rows,
        min_jaccard=min_jaccard,
        min_hubs=min_hubs,
    )
