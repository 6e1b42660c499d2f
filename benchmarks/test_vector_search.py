"""pgvector (HNSW) on PostgreSQL 16 (pgserver): build time, recall@10 and query latency.

Two seeded vector sets of dimension 384, both unit length, neither uniform on the sphere (random
unit vectors are HNSW's worst case and unlike text embeddings):

* ``clustered``: a Gaussian mixture of 1,000 centres (random unit vectors); each vector is its
  centre plus isotropic noise of norm ~0.6 (cosine ~0.86 with its centre), renormalised;
* ``e5``: the real multilingual-e5-small passage vectors of the 343 EDIH hubs shipped in
  ``engines/matching/models/edih-vectors.npz`` "tiled": each vector is a random convex mix of two
  hubs (weight of the first uniform in [0.5, 1]) plus noise of norm ~0.3, renormalised. Like real
  e5 vectors these are strongly anisotropic (mean pairwise cosine of the hubs: 0.85).

Queries (200 by default) are fresh draws from the same generator, not indexed vectors. The truth
is the exact numpy top 10 (inner product of unit vectors = cosine). Rows go in with binary COPY
(``vector_search.copy_rows_binary``), then ``CREATE INDEX ... USING hnsw`` (m, ef_construction
from ``vector_search``) with ``maintenance_work_mem`` large enough for the graph to stay in memory;
queries go through ``PgVectorCandidates.nearest``, the code path the marketplace uses.

Run the full measurement in the background (it takes a while at 1,000,000 on 2 cores):

    nohup .venv/bin/python benchmarks/test_vector_search.py --sizes 100000 1000000 \\
        --kinds clustered e5 > var/bench/vector-search.log 2>&1 &

``--m`` and ``--ef-construction`` build the index with other parameters than the product's.
Besides recall@10 each search reports ``near_recall_at_10``: the share of returned rows at least
as similar as the true 10th (within 0.001), i.e. misses that are near-ties count as found.
Results go to ``var/bench/vector-search.json``; the recorded figures are in docs/benchmarks.md
and docs/engines/matching.md.
``pytest benchmarks/test_vector_search.py`` runs the 100,000 clustered case only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")

from crosscluster.marketplace import vector_search  # noqa: E402

DIMENSION = vector_search.DIMENSION
SEED = 2026
QUERIES = 200
EF_SEARCHES = (40, 100, 200, 400, 800)
HUB_VECTORS = ROOT / "src/crosscluster/engines/matching/models/edih-vectors.npz"
RESULTS = ROOT / "var" / "bench" / "vector-search.json"

Floats = npt.NDArray[np.float32]


def _unit(rows: npt.NDArray[Any]) -> Floats:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def clustered(count: int, seed: int, *, centres: int = 1000, noise: float = 0.6) -> Floats:
    """Gaussian mixture around ``centres`` random unit centres (fixed by SEED)."""
    centre_rows = _unit(np.random.default_rng(SEED).standard_normal((centres, DIMENSION)))
    generator = np.random.default_rng(seed)
    out = np.empty((count, DIMENSION), dtype=np.float32)
    for start in range(0, count, 100_000):
        size = min(100_000, count - start)
        picks = generator.integers(0, centres, size)
        jitter = generator.standard_normal((size, DIMENSION), dtype=np.float32)
        out[start : start + size] = _unit(centre_rows[picks] + noise / np.sqrt(DIMENSION) * jitter)
    return out


def e5_tiled(count: int, seed: int, *, noise: float = 0.3) -> Floats:
    """Convex mixes of two real e5 hub vectors plus noise."""
    with np.load(HUB_VECTORS) as stored:
        hubs = _unit(stored["hubs"].astype(np.float32))
    generator = np.random.default_rng(seed)
    out = np.empty((count, DIMENSION), dtype=np.float32)
    for start in range(0, count, 100_000):
        size = min(100_000, count - start)
        first = generator.integers(0, len(hubs), size)
        second = generator.integers(0, len(hubs), size)
        weight = generator.uniform(0.5, 1.0, (size, 1)).astype(np.float32)
        jitter = generator.standard_normal((size, DIMENSION), dtype=np.float32)
        out[start : start + size] = _unit(
            weight * hubs[first] + (1 - weight) * hubs[second] + noise / np.sqrt(DIMENSION) * jitter
        )
    return out


GENERATORS = {"clustered": clustered, "e5": e5_tiled}


def exact_top(vectors: Floats, queries: Floats, k: int = 10) -> npt.NDArray[np.intp]:
    """Exact top-k row numbers per query, best first (numpy, in blocks)."""
    best = np.empty((len(queries), k), dtype=np.intp)
    for start in range(0, len(queries), 50):
        scores = queries[start : start + 50] @ vectors.T
        part = np.argpartition(-scores, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1)
        best[start : start + 50] = np.take_along_axis(part, order, axis=1)
    return best


@contextmanager
def postgres() -> Iterator[Any]:
    """A throw-away pgserver (PostgreSQL 16 + pgvector) and a psycopg connection to it."""
    import pgserver
    import psycopg

    with tempfile.TemporaryDirectory(prefix="pgvector-bench-") as folder:
        server = pgserver.get_server(folder, cleanup_mode="stop")
        connection = psycopg.connect(server.get_uri(), autocommit=True)
        try:
            yield connection
        finally:
            connection.close()
            server.cleanup()


def measure(
    connection: Any,
    kind: str,
    size: int,
    queries: int = QUERIES,
    *,
    m: int = vector_search.HNSW_M,
    ef_construction: int = vector_search.HNSW_EF_CONSTRUCTION,
    parallel_workers: int = 1,
) -> dict[str, Any]:
    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {kind} {size}: {message}", flush=True)

    vectors = GENERATORS[kind](size, SEED + size)
    probes = GENERATORS[kind](queries, SEED + 1)
    started = time.perf_counter()
    truth = exact_top(vectors, probes)
    # the exact 10th similarity per query: a found row at least this close (within 0.001) is a
    # "near tie" of the true top 10, counted by near_recall_at_10
    tenth = np.einsum("qd,qd->q", probes, vectors[truth[:, -1]])
    exact_seconds = time.perf_counter() - started
    log(f"exact top-10 of {queries} queries in {exact_seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {vector_search.TABLE}")
        vector_search.install_schema(cursor)
        cursor.execute(f"DROP INDEX {vector_search.INDEX}")  # build after loading (faster)
        started = time.perf_counter()
        for start in range(0, size, 50_000):
            stop = min(size, start + 50_000)
            payload = vector_search.copy_rows_binary(
                [f"p:{row}" for row in range(start, stop)],
                "bench",
                ["-"] * (stop - start),
                vectors[start:stop],
            )
            vector_search.copy_payload(cursor, payload, vector_search.TABLE)
        copy_seconds = time.perf_counter() - started
        log(f"COPY in {copy_seconds:.1f} s")
        cursor.execute("SET maintenance_work_mem = '8GB'")
        # 1: leader + 1 worker (2 cores); 0: the leader alone (one core)
        cursor.execute(f"SET max_parallel_maintenance_workers = {int(parallel_workers)}")
        started = time.perf_counter()
        cursor.execute(
            f"CREATE INDEX {vector_search.INDEX} ON {vector_search.TABLE} USING hnsw "
            f"(embedding vector_ip_ops) WITH (m = {int(m)}, ef_construction = {int(ef_construction)})"
        )
        build_seconds = time.perf_counter() - started
        log(f"HNSW built in {build_seconds:.1f} s")
        cursor.execute(
            "SELECT pg_relation_size(%s), pg_relation_size(%s)",
            [vector_search.TABLE, vector_search.INDEX],
        )
        table_bytes, index_bytes = cursor.fetchone()
        cursor.execute("VACUUM ANALYZE " + vector_search.TABLE)
        runs = []
        for ef_search in EF_SEARCHES:
            search = vector_search.PgVectorCandidates(
                cursor, model_name="bench", ef_search=ef_search
            )
            for probe in probes[:20]:  # warm the cache
                search.nearest(probe, 10)
            latencies, hits, near = [], 0, 0
            for probe, expected, bound in zip(probes, truth, tenth, strict=True):
                started = time.perf_counter()
                found = search.nearest(probe, 10)
                latencies.append(time.perf_counter() - started)
                hits += len({int(key[2:]) for key, _ in found} & {int(row) for row in expected})
                near += sum(similarity >= bound - 1e-3 for _, similarity in found)
            latencies.sort()
            run = {
                "ef_search": ef_search,
                "recall_at_10": round(hits / (10 * queries), 4),
                "near_recall_at_10": round(near / (10 * queries), 4),
                "median_ms": round(1000 * statistics.median(latencies), 2),
                "p95_ms": round(1000 * latencies[int(0.95 * len(latencies)) - 1], 2),
            }
            log(json.dumps(run))
            runs.append(run)
        cursor.execute(f"DROP TABLE {vector_search.TABLE}")
    return {
        "kind": kind,
        "size": size,
        "dimension": DIMENSION,
        "queries": queries,
        "m": m,
        "ef_construction": ef_construction,
        "parallel_workers": parallel_workers,
        "copy_seconds": round(copy_seconds, 1),
        "build_seconds": round(build_seconds, 1),
        "table_mb": round(table_bytes / 2**20),
        "index_mb": round(index_bytes / 2**20),
        "exact_numpy_seconds_all_queries": round(exact_seconds, 2),
        "searches": runs,
    }


def test_pgvector_hnsw_100k() -> None:
    pytest.importorskip("pgserver")
    with postgres() as connection:
        result = measure(connection, "clustered", 100_000, queries=100)
    by_ef = {run["ef_search"]: run for run in result["searches"]}
    assert by_ef[100]["recall_at_10"] >= 0.95
    assert by_ef[200]["recall_at_10"] >= by_ef[40]["recall_at_10"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--kinds", nargs="+", default=["clustered", "e5"], choices=GENERATORS)
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--m", type=int, default=vector_search.HNSW_M)
    parser.add_argument("--ef-construction", type=int, default=vector_search.HNSW_EF_CONSTRUCTION)
    parser.add_argument(
        "--parallel-workers", type=int, default=1, help="index build workers besides the leader"
    )
    arguments = parser.parse_args()
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    with postgres() as connection:
        for size in arguments.sizes:
            for kind in arguments.kinds:
                results.append(
                    measure(
                        connection,
                        kind,
                        size,
                        arguments.queries,
                        m=arguments.m,
                        ef_construction=arguments.ef_construction,
                        parallel_workers=arguments.parallel_workers,
                    )
                )
                arguments.output.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
