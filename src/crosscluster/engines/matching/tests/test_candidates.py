"""Nearest-candidate retrieval: the exact implementation and matching over a shortlist."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from crosscluster.engines.matching import HashingEmbedder, Profile, ProfileKind, Tag
from crosscluster.engines.matching.embedder import FloatMatrix, normalise_rows
from crosscluster.engines.matching.index import ExactCandidates, NearestCandidates, VectorIndex
from crosscluster.engines.matching.matcher import (
    build_provider_index,
    match_need,
    match_need_in_candidates,
)
from crosscluster.engines.matching.tagging import TagModel
from crosscluster.engines.matching.vocabulary import Vocabulary

PROVIDERS = [
    Profile(
        id=f"P{number}",
        name=name,
        text=text,
        country=country,
        technologies=(Tag(technology, 4),),
    )
    for number, (name, text, country, technology) in enumerate(
        [
            ("Robo Lab", "Industrial robots for car assembly lines.", "DE", "Robotics"),
            ("Food Robots", "Small robots for food packaging.", "FR", "Robotics"),
            ("Secure Grid", "Cybersecurity audits of factory networks.", "IT", "Cybersecurity"),
            ("Vision Co", "Camera inspection of bottles with machine vision.", "SE",
             "Sensors & Vision Processing Systems"),
            ("Twin Works", "Digital twins of production lines.", "ES", "Digital twins"),
            ("Cloud Farm", "Cloud services for farms.", "PT", "Cloud Services"),
        ]
    )
]  # fmt: skip
NEED = Profile(
    id="N1",
    text="We need robots and cameras to inspect bottles on the packaging line.",
    kind=ProfileKind.NEED,
    country="DE",
)


def test_exact_candidates_are_the_vector_index_search_with_ids() -> None:
    vectors = normalise_rows(np.random.default_rng(3).standard_normal((50, 16)))
    ids = [f"id{i}" for i in range(50)]
    candidates = ExactCandidates(ids, vectors)
    assert isinstance(candidates, NearestCandidates)
    query = vectors[7] + 0.01
    rows, similarities = VectorIndex.build(vectors).search(query, 5)
    found = candidates.nearest(query, 5)
    assert [key for key, _ in found] == [ids[int(row)] for row in rows]
    assert found[0][0] == "id7"
    assert np.allclose([s for _, s in found], similarities)
    assert len(candidates.nearest(query, 500)) == 50  # never more than there are
    assert ExactCandidates([], np.zeros((0, 16), dtype=np.float32)).nearest(query, 3) == []


def test_exact_candidates_refuse_ids_that_do_not_fit_the_vectors() -> None:
    with pytest.raises(ValueError, match="3 ids for 2 vectors"):
        ExactCandidates(["a", "b", "c"], np.ones((2, 4), dtype=np.float32))


@pytest.fixture
def pool(embedder: HashingEmbedder) -> tuple[dict[str, tuple[Profile, FloatMatrix]], FloatMatrix]:
    vectors = embedder.embed_passages([p.passage for p in PROVIDERS])
    return {p.id: (p, v) for p, v in zip(PROVIDERS, vectors, strict=True)}, vectors


def _loader(by_id: dict[str, tuple[Profile, FloatMatrix]], asked: list[list[str]]):  # type: ignore[no-untyped-def]
    def load(keys: Sequence[str]) -> tuple[list[Profile], FloatMatrix]:
        asked.append(list(keys))
        return [by_id[k][0] for k in keys], np.stack([by_id[k][1] for k in keys])

    return load


def test_a_shortlist_covering_the_pool_gives_the_full_match(  # type: ignore[no-untyped-def]
    pool, embedder: HashingEmbedder, tag_model: TagModel, vocabulary: Vocabulary
) -> None:
    by_id, vectors = pool
    query = embedder.embed_queries([NEED.text])[0]
    full = match_need(
        build_provider_index(
            PROVIDERS, vectors=vectors, tag_model=tag_model, vocabulary=vocabulary
        ),
        NEED,
        vector=query,
        tag_model=tag_model,
    )
    asked: list[list[str]] = []
    shortlisted = match_need_in_candidates(
        NEED,
        vector=query,
        candidates=ExactCandidates(list(by_id), vectors),
        load=_loader(by_id, asked),
        shortlist=len(PROVIDERS),
        tag_model=tag_model,
        vocabulary=vocabulary,
    )
    assert len(asked[0]) == len(PROVIDERS)
    assert [(m.profile_id, m.score, m.reasons) for m in shortlisted] == [
        (m.profile_id, m.score, m.reasons) for m in full
    ]


def test_only_shortlisted_providers_are_scored(  # type: ignore[no-untyped-def]
    pool, embedder: HashingEmbedder, tag_model: TagModel, vocabulary: Vocabulary
) -> None:
    by_id, vectors = pool
    query = embedder.embed_queries([NEED.text])[0]
    nearest = [key for key, _ in ExactCandidates(list(by_id), vectors).nearest(query, 2)]
    asked: list[list[str]] = []
    matches = match_need_in_candidates(
        NEED,
        vector=query,
        candidates=ExactCandidates(list(by_id), vectors),
        load=_loader(by_id, asked),
        shortlist=2,
        tag_model=tag_model,
        vocabulary=vocabulary,
    )
    assert asked == [nearest]
    assert {m.profile_id for m in matches} == set(nearest)
    assert all(f"of {2}" in " ".join(m.reasons) for m in matches)  # ranks count the shortlist


def test_the_need_itself_is_never_its_own_candidate(  # type: ignore[no-untyped-def]
    pool, embedder: HashingEmbedder, tag_model: TagModel, vocabulary: Vocabulary
) -> None:
    by_id, vectors = pool
    seeker = PROVIDERS[0]  # a cooperation profile is a provider and a seeker at once
    asked: list[list[str]] = []
    matches = match_need_in_candidates(
        seeker,
        vector=vectors[0],
        candidates=ExactCandidates(list(by_id), vectors),
        load=_loader(by_id, asked),
        shortlist=3,
        tag_model=tag_model,
        vocabulary=vocabulary,
    )
    assert seeker.id not in asked[0]
    assert seeker.id not in {m.profile_id for m in matches}
