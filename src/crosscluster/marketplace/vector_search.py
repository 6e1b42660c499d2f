"""Nearest-candidate retrieval with pgvector (HNSW) on PostgreSQL, for pools beyond exact search.

The engine defines the interface (:class:`crosscluster.engines.matching.index.NearestCandidates`)
and its exact numpy implementation; this module is the PostgreSQL one. It is used only when all of
these hold (see :func:`use_pgvector`):

* the database is PostgreSQL and the ``vector`` extension and the table below exist (migration
  ``0002_illustrative_and_pgvector`` creates them when the server offers the extension; a server
  without it, such as CI's Debian PostgreSQL 15, and SQLite simply skip it);
* the embedder's vectors have :data:`DIMENSION` numbers (the column is ``vector(384)``);
* the pool of providers is larger than ``settings.MARKETPLACE_EXACT_SEARCH_LIMIT``.

Otherwise the matcher scores every provider exactly with numpy. The table mirrors
``ProfileVector.passage`` of the providers in the pool, keyed by the engine's profile id
(``"organisation:12"``, ``"opportunity:7"``); :func:`sync_embeddings` brings it up to date before a
matching pass. The functions take a DB-API cursor so tests and benchmarks can drive a bare
PostgreSQL server (pgserver) with the same code.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "marketplace_profile_embedding"
INDEX = "marketplace_profile_embedding_hnsw"
DIMENSION = 384
#: HNSW build parameters: m is pgvector's default; ef_construction twice its default, which lifted
#: recall@10 at 1,000,000 vectors from 0.93 to 0.997 (clustered) for ~15% more build time
#: (docs/engines/matching.md)
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 128
#: candidates examined per search (raised to k when more rows are asked for, e.g. the 500 of the
#: marketplace's shortlist); at 1,000,000 vectors 400 gave recall@10 0.997 (clustered) and 0.946
#: (tiled e5 vectors) in 3-7 ms median
DEFAULT_EF_SEARCH = 400

SCHEMA = (
    "CREATE EXTENSION IF NOT EXISTS vector",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        profile_key varchar(40) PRIMARY KEY,
        model_name varchar(80) NOT NULL,
        text_hash varchar(64) NOT NULL,
        embedding vector({DIMENSION}) NOT NULL
    )""",
    f"""CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE}
        USING hnsw (embedding vector_ip_ops) WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})""",
)

Cursor = Any  # a DB-API cursor (Django's CursorWrapper or psycopg's)
FloatRows = npt.NDArray[np.floating]


def extension_available(cursor: Cursor) -> bool:
    """Whether the PostgreSQL server offers the ``vector`` extension (installed or not)."""
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    return cursor.fetchone() is not None


def install_schema(cursor: Cursor) -> None:
    """Create the extension, the table and its HNSW index (idempotent; needs the extension)."""
    for statement in SCHEMA:
        cursor.execute(statement)


def table_ready(cursor: Cursor) -> bool:
    """Whether the embeddings table exists (and therefore the extension too)."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
    row = cursor.fetchone()
    return bool(row and row[0])


def pgvector_ready(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Whether ``connection`` (Django's default) is PostgreSQL with the embeddings table."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        return table_ready(cursor)


def exact_search_limit() -> int:
    """Pools up to this many providers are searched exactly with numpy."""
    return int(settings.MARKETPLACE_EXACT_SEARCH_LIMIT)


def use_pgvector(
    *, pool_size: int, dimension: int, connection: BaseDatabaseWrapper | None = None
) -> bool:
    """The rule of the module docstring: big pool, 384 dimensions, PostgreSQL with pgvector."""
    return (
        pool_size > exact_search_limit() and dimension == DIMENSION and pgvector_ready(connection)
    )


def vector_literal(vector: npt.NDArray[np.floating]) -> str:
    """pgvector's text form ``[0.1,0.2,...]`` (float32 round-trips exactly through ``repr``)."""
    return "[" + ",".join(repr(float(x)) for x in np.asarray(vector, dtype=np.float32)) + "]"


_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_TRAILER = struct.pack(">h", -1)


def copy_rows_binary(
    keys: Sequence[str], model_name: str, text_hashes: Sequence[str], vectors: FloatRows
) -> bytes:
    """``COPY ... FROM STDIN (FORMAT BINARY)`` payload for (key, model, hash, vector) rows."""
    vectors = np.ascontiguousarray(vectors, dtype=">f4")
    dimension = vectors.shape[1]
    model = model_name.encode()
    parts = [_HEADER]
    vector_head = struct.pack(">ihh", 4 + 4 * dimension, dimension, 0)
    for key, digest, row in zip(keys, text_hashes, vectors, strict=True):
        key_bytes, hash_bytes = key.encode(), digest.encode()
        parts.append(struct.pack(">hi", 4, len(key_bytes)) + key_bytes)
        parts.append(struct.pack(">i", len(model)) + model)
        parts.append(struct.pack(">i", len(hash_bytes)) + hash_bytes)
        parts.append(vector_head + row.tobytes())
    parts.append(_TRAILER)
    return b"".join(parts)


def copy_payload(cursor: Cursor, payload: bytes, table: str) -> None:
    """Stream ``payload`` with COPY through psycopg 3 (Django's cursor wraps one)."""
    raw: Any = getattr(cursor, "cursor", cursor)  # Django's CursorWrapper -> psycopg cursor
    statement = (
        f"COPY {table} (profile_key, model_name, text_hash, embedding) FROM STDIN (FORMAT BINARY)"
    )
    with raw.copy(statement) as copy:
        copy.write(payload)


def sync_embeddings(
    cursor: Cursor,
    *,
    model_name: str,
    rows: Mapping[str, tuple[str, npt.NDArray[np.floating]]],
    batch: int = 20_000,
) -> tuple[int, int]:
    """Make the table hold exactly ``rows`` (key -> (text hash, vector)); returns (written, removed).

    Rows whose model or text hash differ are rewritten; keys no longer in the pool are deleted.
    New rows go in with binary COPY through a temporary table, so a big first load is fast.
    """
    cursor.execute(f"SELECT profile_key, model_name, text_hash FROM {TABLE}")  # noqa: S608 - a constant
    stored = {key: (model, digest) for key, model, digest in cursor.fetchall()}
    gone = [key for key in stored if key not in rows]
    stale = [key for key, (digest, _) in rows.items() if stored.get(key) != (model_name, digest)]
    removed = len(gone)
    doomed = gone + [key for key in stale if key in stored]
    for start in range(0, len(doomed), batch):
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE profile_key = ANY(%s)",  # noqa: S608 - a constant
            [doomed[start : start + batch]],
        )
    for start in range(0, len(stale), batch):
        keys = stale[start : start + batch]
        payload = copy_rows_binary(
            keys,
            model_name,
            [rows[key][0] for key in keys],
            np.stack([np.asarray(rows[key][1], dtype=np.float32) for key in keys]),
        )
        copy_payload(cursor, payload, TABLE)
    return len(stale), removed


class PgVectorCandidates:
    """:class:`~crosscluster.engines.matching.index.NearestCandidates` over the HNSW index.

    Vectors are unit length, so the inner product (``<#>``, pgvector's negated inner product) is
    the cosine similarity. ``hnsw.ef_search`` is set on the session before every query.
    """

    def __init__(
        self,
        cursor: Cursor,
        *,
        model_name: str,
        ef_search: int = DEFAULT_EF_SEARCH,
        exclude: Iterable[str] = (),
    ) -> None:
        self._cursor = cursor
        self._model_name = model_name
        self._ef_search = int(ef_search)
        self._exclude = frozenset(exclude)

    def nearest(self, query: npt.NDArray[np.floating], k: int) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        unit = np.asarray(query, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(unit))
        literal = vector_literal(unit / norm if norm > 0 else unit)
        # ef_search bounds how many rows HNSW returns, so it must cover k (and the exclusions)
        wanted = k + len(self._exclude)
        self._cursor.execute(
            "SELECT set_config('hnsw.ef_search', %s, false)", [str(max(self._ef_search, wanted))]
        )
        self._cursor.execute(
            f"SELECT profile_key, -(embedding <#> %s::vector) FROM {TABLE} "  # noqa: S608
            f"WHERE model_name = %s ORDER BY embedding <#> %s::vector LIMIT %s",
            [literal, self._model_name, literal, wanted],
        )
        found = [
            (str(key), float(similarity))
            for key, similarity in self._cursor.fetchall()
            if key not in self._exclude
        ]
        return found[:k]


# ------------------------------------------------------------------ shipped provider vectors
#
# Provider vectors shipped with the package, so a fresh demo does not embed 2,300 profiles.
#
# ``data/marketplace/provider-vectors.npz`` maps the SHA-256 of a profile's passage (the exact text
# the worker would embed, :func:`crosscluster.marketplace.adapters.text_hash`) to its e5 passage
# vector (float16), for one embedder (its name is stored in the file). The worker uses a shipped
# vector only when both the embedder's name and the text hash agree; a changed profile (another
# hash) or another model finds nothing here and is embedded as before. Nothing is keyed by database
# id, so the file works for any database loaded with the same demo texts.
#
# Rebuild it after changing the demo's organisations or the embedder:
#
#     crosscluster seed_demo && crosscluster build_provider_vectors
#
# Django-free on purpose (numpy only): the pipeline and the command read it.

PRECOMPUTED_FILE = "provider-vectors.npz"


def precomputed_path() -> Path:
    return Path(
        str(resources.files("crosscluster").joinpath("data", "marketplace", PRECOMPUTED_FILE))
    )


@dataclass(frozen=True, eq=False)
class PrecomputedVectors:
    """Passage vectors keyed by text hash, made by the embedder called ``model_name``."""

    model_name: str
    dimension: int
    rows: Mapping[str, int]
    vectors: npt.NDArray[np.float16]

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, *, model_name: str, text_hash: str) -> npt.NDArray[np.float32] | None:
        """The shipped vector of this text by this model, or None (then embed it)."""
        if model_name != self.model_name:
            return None
        row = self.rows.get(text_hash)
        if row is None:
            return None
        vector = self.vectors[row].astype(np.float32)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector


EMPTY = PrecomputedVectors(
    model_name="", dimension=0, rows={}, vectors=np.zeros((0, 0), dtype=np.float16)
)


def read_precomputed(path: Path) -> PrecomputedVectors:
    if not path.exists():
        return EMPTY
    with np.load(path, allow_pickle=False) as stored:
        hashes = [str(value) for value in stored["hashes"]]
        vectors = stored["vectors"].astype(np.float16)
        return PrecomputedVectors(
            model_name=str(stored["model_name"]),
            dimension=int(vectors.shape[1]) if vectors.ndim == 2 else 0,
            rows={value: row for row, value in enumerate(hashes)},
            vectors=vectors,
        )


@lru_cache(maxsize=1)
def load_precomputed() -> PrecomputedVectors:
    """The shipped file (read once per process); empty when it is absent."""
    return read_precomputed(precomputed_path())


def write_precomputed(
    path: Path, *, model_name: str, vectors: Mapping[str, npt.NDArray[np.floating]]
) -> int:
    """Write ``{text hash: passage vector}`` (sorted by hash, so the file is reproducible)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    hashes = sorted(vectors)
    dimension = len(next(iter(vectors.values()))) if vectors else 0
    matrix = (
        np.stack([np.asarray(vectors[key], dtype=np.float32) for key in hashes])
        if hashes
        else np.zeros((0, dimension), dtype=np.float32)
    )
    np.savez_compressed(
        path,
        allow_pickle=False,
        model_name=np.array(model_name),
        hashes=np.array(hashes, dtype="U64"),
        vectors=matrix.astype(np.float16),
    )
    return len(hashes)
