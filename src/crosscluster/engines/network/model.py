"""What the network engine takes and returns: frozen dataclasses, no Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class TieKind(StrEnum):
    """Where a tie between two organisations comes from (strongest last)."""

    PROJECT = "project"  # a past joint EU project (CORDIS)
    MATCH = "match"  # a match judged useful in the marketplace
    CONVERSATION = "conversation"  # an accepted expression of interest
    MEETING = "meeting"  # a B2B meeting that was held
    AGREEMENT = "agreement"  # an agreement signed after a meeting


class TieClass(StrEnum):
    """Where a tie sits with respect to the partnership."""

    INSIDE_INSIDE = "inside-inside"  # both ends in the same partner cluster
    INSIDE_OUTSIDE = "inside-outside"  # both in the partnership, across its clusters
    OUTSIDE = "outside"  # at least one end beyond the partnership


@dataclass(frozen=True)
class Organisation:
    id: str
    label: str = ""
    country: str = ""
    sector: str = ""
    kind: str = ""
    #: the partner clusters it belongs to (a partner cluster lists itself)
    clusters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tie:
    source: str
    target: str
    kind: TieKind
    year: int | None = None
    #: why the tie exists, in words a person reads ("B2B meeting at Hannover Messe 2025")
    reason: str = ""
    #: the same as a code and its values ((key, value) pairs), for an app to word in its
    #: reader's language
    reason_parts: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class NetworkInput:
    organisations: tuple[Organisation, ...]
    ties: tuple[Tie, ...]
    #: ids of the partnership's partner clusters (empty: every tie is "outside")
    partner_clusters: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Share:
    """``part`` of ``total`` ties (the share is None when there is no tie to count)."""

    part: int
    total: int

    @property
    def share(self) -> float | None:
        return self.part / self.total if self.total else None


@dataclass(frozen=True)
class YearShares:
    year: int
    ties: int
    cross_border: Share
    cross_sector: Share
    by_class: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class NodeMetrics:
    id: str
    degree: int
    betweenness: float
    community: int
    x: float
    y: float


@dataclass(frozen=True)
class NetworkAnalysis:
    #: one entry per tie of the input, in input order
    tie_classes: tuple[TieClass, ...]
    by_class: dict[str, int]
    by_kind: dict[str, int]
    cross_border: Share
    cross_sector: Share
    by_year: tuple[YearShares, ...]
    nodes: tuple[NodeMetrics, ...]
    #: highest betweenness first (only organisations with a positive betweenness)
    brokers: tuple[str, ...]
    #: organisations of the partnership (in a partner cluster) without any tie
    isolated_members: tuple[str, ...]
    #: communities, largest first, each a sorted tuple of organisation ids
    communities: tuple[tuple[str, ...], ...]
    #: betweenness was estimated from ``betweenness_samples`` sources (None: exact)
    betweenness_samples: int | None = None


@dataclass(frozen=True)
class Participation:
    """One organisation in one project (a row of the ``--projects`` file)."""

    project_id: str
    organisation_id: str
    year: int
    country: str = ""
    activity_type: str = ""


@dataclass(frozen=True)
class Suggestion:
    organisation_id: str
    score: float
    reasons: tuple[str, ...]
    #: one per reason, the same as a code and its values, for an app to word in its language:
    #: ``common_partners`` (``count``, ``shown`` names, ``more``), ``two_steps``,
    #: ``structural_hole`` (``count``)
    reason_parts: tuple[Mapping[str, object], ...] = ()


@dataclass(frozen=True)
class Suggestions:
    organisation_id: str
    suggestions: tuple[Suggestion, ...]
