"""The engine's vocabulary of frozen dataclasses: profiles in, matches and tags out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from crosscluster.engines.matching.reasons import Reason


class ProfileKind(StrEnum):
    """Which side of the marketplace a profile is on (drives complementarity)."""

    #: a buyer: industrial need, modernisation challenge, technology request
    NEED = "need"
    #: a provider: ICT competence or solution offer, technology offer, a hub's services
    OFFER = "offer"
    #: seeks a peer: business (commercial) or R&D cooperation
    PARTNERSHIP = "partnership"


@dataclass(frozen=True)
class Tag:
    """A taxonomy label with a level: a provider's competence or a need's importance (1-5)."""

    label: str
    level: int = 5

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 5:
            raise ValueError(f"level of {self.label!r} must be 1-5, got {self.level}")


@dataclass(frozen=True)
class Profile:
    """One marketplace profile or directory entry, as the engine sees it.

    ``country`` and ``target_countries`` are ISO 3166 alpha-2 codes (see
    :func:`crosscluster.engines.matching.countries.normalise_country`); ``language`` an ISO 639-1
    code or None (then it is detected from the text).
    """

    id: str
    text: str
    kind: ProfileKind = ProfileKind.OFFER
    name: str = ""
    country: str | None = None
    language: str | None = None
    technologies: tuple[Tag, ...] = ()
    sectors: tuple[Tag, ...] = ()
    services: tuple[Tag, ...] = ()
    target_countries: tuple[str, ...] = ()

    def tags(self, facet: str) -> tuple[Tag, ...]:
        if facet == "technologies":
            return self.technologies
        if facet == "sectors":
            return self.sectors
        if facet == "services":
            return self.services
        raise KeyError(facet)

    @property
    def passage(self) -> str:
        """The text a profile is embedded and indexed with: its name and description."""
        if self.name and self.text:
            return f"{self.name}. {self.text}"
        return self.name or self.text


@dataclass(frozen=True)
class TagSuggestion:
    """A proposed label with a score in [0, 1] and the words of the text that support it."""

    label: str
    score: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreParts:
    """The normalised parts of a match score, each in [0, 1] (see docs/engines/matching.md)."""

    semantic: float
    lexical: float
    taxonomy: float
    geography: float
    reciprocity: float = 1.0


@dataclass(frozen=True)
class Match:
    """A ranked candidate for a profile, with the parts of its score and readable reasons."""

    profile_id: str
    score: float
    parts: ScoreParts
    #: readable English reasons, most important first (``render`` of ``explanations``)
    reasons: tuple[str, ...] = field(default_factory=tuple)
    #: the same reasons as structured parts, for wording them in another language
    explanations: tuple[Reason, ...] = field(default_factory=tuple)
