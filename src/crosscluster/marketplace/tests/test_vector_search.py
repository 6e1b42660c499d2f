"""pgvector nearest candidates against exact numpy search, on a real PostgreSQL 16 (pgserver).

The CI database has no pgvector, so these tests start their own server with pgserver (PostgreSQL
16 with pgvector bundled, offline); they skip, saying why, only if it cannot start. The fallback
rule (SQLite, no extension, small pool) is tested on the ordinary test database.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from crosscluster.engines.matching import Profile, ProfileKind, Tag
from crosscluster.engines.matching.embedder import normalise_rows
from crosscluster.engines.matching.index import ExactCandidates, NearestCandidates
from crosscluster.engines.matching.matcher import match_need_in_candidates
from crosscluster.engines.matching.tagging import fit_tag_model
from crosscluster.engines.matching.vocabulary import FACETS, load_vocabulary
from crosscluster.marketplace import vector_search

SIZE = 2_000
DIMENSION = vector_search.DIMENSION


def clustered(rows: int, seed: int) -> np.ndarray:
    """A seeded Gaussian mixture of 40 centres (like text embeddings, unlike uniform noise)."""
    centres = normalise_rows(np.random.default_rng(7).standard_normal((40, DIMENSION)))
    generator = np.random.default_rng(seed)
    picks = generator.integers(0, 40, rows)
    noise = generator.standard_normal((rows, DIMENSION)).astype(np.float32)
    return normalise_rows(centres[picks] + 0.6 / np.sqrt(DIMENSION) * noise)


@pytest.fixture(scope="module")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        import psycopg

        with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set"
            warnings.simplefilter("ignore")
            import pgserver

            server = pgserver.get_server(Path(tmp_path_factory.mktemp("pg")), cleanup_mode="stop")
        connection = psycopg.connect(server.get_uri(), autocommit=True)
    except Exception as error:  # pragma: no cover - depends on the machine
        pytest.skip(f"pgserver (PostgreSQL 16 + pgvector) could not start: {error}")
    try:
        yield connection
    finally:
        connection.close()
        server.cleanup()


@pytest.fixture
def cursor(postgres: Any) -> Iterator[Any]:
    with postgres.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {vector_search.TABLE}")
        assert vector_search.extension_available(cursor)
        vector_search.install_schema(cursor)
        vector_search.install_schema(cursor)  # idempotent
        assert vector_search.table_ready(cursor)
        yield cursor
        cursor.execute(f"DROP TABLE {vector_search.TABLE}")


def _rows(vectors: np.ndarray, prefix: str = "organisation") -> dict[str, tuple[str, np.ndarray]]:
    return {f"{prefix}:{i}": (f"hash{i}", vector) for i, vector in enumerate(vectors)}


def test_pgvector_returns_the_exact_top_10_at_a_high_ef_search(cursor: Any) -> None:
    vectors = clustered(SIZE, seed=1)
    assert vector_search.sync_embeddings(cursor, model_name="m", rows=_rows(vectors)) == (SIZE, 0)
    keys = [f"organisation:{i}" for i in range(SIZE)]
    exact = ExactCandidates(keys, vectors)
    approximate = vector_search.PgVectorCandidates(cursor, model_name="m", ef_search=1000)
    assert isinstance(approximate, NearestCandidates)
    for query in clustered(25, seed=2):
        expected = exact.nearest(query, 10)
        found = approximate.nearest(query, 10)
        assert [key for key, _ in found] == [key for key, _ in expected]
        assert np.allclose([s for _, s in found], [s for _, s in expected], atol=1e-5)


def test_another_model_and_exclusions_are_filtered(cursor: Any) -> None:
    vectors = clustered(50, seed=3)
    vector_search.sync_embeddings(cursor, model_name="m", rows=_rows(vectors))
    query = vectors[0]
    assert vector_search.PgVectorCandidates(cursor, model_name="other").nearest(query, 5) == []
    found = vector_search.PgVectorCandidates(
        cursor, model_name="m", exclude={"organisation:0"}
    ).nearest(query, 5)
    assert len(found) == 5
    assert "organisation:0" not in [key for key, _ in found]


def test_sync_rewrites_changed_rows_and_removes_departed_ones(cursor: Any) -> None:
    vectors = clustered(100, seed=4)
    rows = _rows(vectors)
    assert vector_search.sync_embeddings(cursor, model_name="m", rows=rows) == (100, 0)
    assert vector_search.sync_embeddings(cursor, model_name="m", rows=rows) == (0, 0)

    changed = dict(rows)
    changed["organisation:5"] = ("new hash", -vectors[5])
    del changed["organisation:7"]
    assert vector_search.sync_embeddings(cursor, model_name="m", rows=changed) == (1, 1)
    cursor.execute(f"SELECT count(*) FROM {vector_search.TABLE}")  # noqa: S608
    assert cursor.fetchone()[0] == 99
    search = vector_search.PgVectorCandidates(cursor, model_name="m", ef_search=400)
    assert search.nearest(-vectors[5], 1)[0][0] == "organisation:5"  # the new vector is stored
    assert "organisation:7" not in [key for key, _ in search.nearest(vectors[7], 3)]
    # a new model rewrites everything
    assert vector_search.sync_embeddings(cursor, model_name="m2", rows=changed) == (99, 0)


def _profiles(vectors: np.ndarray) -> list[Profile]:
    vocabulary = load_vocabulary()
    technologies = vocabulary.facet("technologies")
    return [
        Profile(
            id=f"organisation:{i}",
            text=f"Provider {i} works on {technologies[i % len(technologies)]}.",
            kind=ProfileKind.OFFER,
            country=["DE", "IT", "SE"][i % 3],
            technologies=(Tag(technologies[i % len(technologies)], 1 + i % 5),),
        )
        for i in range(len(vectors))
    ]


def test_the_hybrid_match_over_a_pgvector_shortlist_equals_the_exact_one(cursor: Any) -> None:
    vectors = clustered(400, seed=5)
    profiles = _profiles(vectors)
    vocabulary = load_vocabulary()
    tag_model = fit_tag_model(
        profiles[:100],
        vectors[:100],
        {facet: clustered(len(vocabulary.facet(facet)), seed=6) for facet in FACETS},
        vocabulary=vocabulary,
        embedder_name="synthetic",
    )
    vector_search.sync_embeddings(
        cursor,
        model_name="m",
        rows={p.id: ("h", v) for p, v in zip(profiles, vectors, strict=True)},
    )
    by_key = {p.id: (p, v) for p, v in zip(profiles, vectors, strict=True)}

    def load(keys: Any) -> tuple[list[Profile], np.ndarray]:
        return [by_key[k][0] for k in keys], np.stack([by_key[k][1] for k in keys])

    need = Profile(
        id="opportunity:1",
        text="We need robots and machine vision for our plant.",
        kind=ProfileKind.NEED,
        country="DE",
    )
    query = clustered(1, seed=8)[0]
    common = {"load": load, "shortlist": 60, "tag_model": tag_model, "vocabulary": vocabulary}
    exact = match_need_in_candidates(
        need, vector=query, candidates=ExactCandidates(list(by_key), vectors), **common
    )
    approximate = match_need_in_candidates(
        need,
        vector=query,
        candidates=vector_search.PgVectorCandidates(cursor, model_name="m", ef_search=1000),
        **common,
    )
    assert len(exact) == 10
    assert [m.profile_id for m in approximate] == [m.profile_id for m in exact]
    assert [m.reasons for m in approximate] == [m.reasons for m in exact]


def test_the_copy_payload_round_trips(cursor: Any) -> None:
    vectors = clustered(3, seed=9)
    vector_search.sync_embeddings(cursor, model_name="m", rows=_rows(vectors))
    cursor.execute(
        f"SELECT profile_key, model_name, text_hash, embedding::text FROM {vector_search.TABLE} "  # noqa: S608
        "ORDER BY profile_key"
    )
    for (key, model, digest, text), vector, number in zip(
        cursor.fetchall(), vectors, range(3), strict=True
    ):
        assert (key, model, digest) == (f"organisation:{number}", "m", f"hash{number}")
        stored = np.array([float(x) for x in text.strip("[]").split(",")], dtype=np.float32)
        assert np.array_equal(stored, vector.astype(np.float32))


@pytest.mark.django_db
def test_sqlite_and_small_pools_stay_exact(settings: Any) -> None:
    from django.db import connection

    settings.MARKETPLACE_EXACT_SEARCH_LIMIT = 0
    if connection.vendor == "sqlite":
        assert not vector_search.pgvector_ready()
        assert not vector_search.use_pgvector(pool_size=10**7, dimension=DIMENSION)
    settings.MARKETPLACE_EXACT_SEARCH_LIMIT = 100_000
    assert not vector_search.use_pgvector(pool_size=100_000, dimension=DIMENSION)
    assert not vector_search.use_pgvector(pool_size=10**7, dimension=256)  # HashingEmbedder


def test_the_migration_creates_what_the_module_expects() -> None:
    import importlib

    migration = importlib.import_module(
        "crosscluster.marketplace.migrations.0002_illustrative_and_pgvector"
    )

    def squash(statements: tuple[str, ...]) -> list[str]:
        return [" ".join(statement.split()) for statement in statements]

    assert squash(migration.SCHEMA) == squash(vector_search.SCHEMA)


@pytest.mark.django_db
def test_a_pool_beyond_the_limit_is_matched_through_pgvector_like_exact_search(  # type: ignore[no-untyped-def]
    cast, tags, settings, monkeypatch
):
    """The whole worker path on PostgreSQL with pgvector (skipped on SQLite and plain PostgreSQL).

    Run the marketplace tests with ``CROSSCLUSTER_DATABASE_URL`` pointing at a pgserver (or any
    PostgreSQL with pgvector) to include it; docs/marketplace.md says how.
    """
    from django.utils import timezone

    from crosscluster.directory.models import OrganisationKind, OrganisationTag
    from crosscluster.engines.matching import HashingEmbedder
    from crosscluster.marketplace import adapters, jobs
    from crosscluster.marketplace.models import MatchSuggestion, Opportunity
    from crosscluster.marketplace.tests.helpers import make_opportunity
    from tests.cast import make_country, make_organisation

    if not vector_search.pgvector_ready():
        pytest.skip("the test database is not PostgreSQL with the pgvector table")
    embedder = HashingEmbedder(DIMENSION)
    monkeypatch.setattr(adapters, "make_embedder", lambda: embedder)
    sweden = make_country("SE", "SWE", "Sweden")
    for number, (text, tag) in enumerate(
        [
            ("Machine vision and camera inspection of bottles for food plants.", "vision"),
            ("Research on camera inspection and quality control of glass bottles.", "vision"),
            ("Collaborative robots for welding car bodies in automotive plants.", "robotics"),
            ("Digital twins of production lines for automotive suppliers.", "twins"),
        ]
    ):
        provider = make_organisation(
            f"Provider {number}", OrganisationKind.SME, sweden, description=text
        )
        OrganisationTag.objects.create(organisation=provider, tag=tags[tag], level=4)
    need = make_opportunity(
        user=cast.sme_member, owner=cast.sme, tags=[tags["vision"]], now=timezone.now()
    )
    searched: list[int] = []
    original = vector_search.PgVectorCandidates.nearest

    def spy(self, query, k):  # type: ignore[no-untyped-def]
        searched.append(k)
        return original(self, query, k)

    monkeypatch.setattr(vector_search.PgVectorCandidates, "nearest", spy)

    def ranking() -> list[tuple[int | None, int | None, float]]:
        return list(
            MatchSuggestion.objects.filter(opportunity=need, is_current=True)
            .order_by("-score", "pk")
            .values_list("provider_organisation_id", "provider_opportunity_id", "score")
        )

    settings.MARKETPLACE_EXACT_SEARCH_LIMIT = 0
    assert jobs.run_pending(now=timezone.now()) == 1
    assert searched == [jobs.SHORTLIST]
    through_pgvector = ranking()
    assert through_pgvector

    settings.MARKETPLACE_EXACT_SEARCH_LIMIT = 100_000
    Opportunity.objects.filter(pk=need.pk).update(matches_requested_at=timezone.now())
    assert jobs.run_pending(now=timezone.now()) == 1
    assert searched == [jobs.SHORTLIST]  # exact this time
    assert ranking() == through_pgvector
