"""Exact nearest-neighbour search with numpy: a normalised float32 matrix and ``argpartition``.

Exact (every vector is scored), so there is nothing to tune and nothing to approximate; one
matrix-vector product over 100,000 x 384 float32 values plus a partial sort takes a few
milliseconds on one core (see benchmarks/test_matching.py). Beyond ~100,000 profiles the
marketplace retrieves candidates with pgvector (HNSW) on PostgreSQL instead: both implement
:class:`NearestCandidates`, the engine's interface for "the profiles nearest to this vector"
(the PostgreSQL one lives in ``crosscluster.marketplace.vector_search``; the engine stays pure).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from crosscluster.engines.matching.embedder import FloatMatrix, normalise_rows


def top_indices(scores: npt.NDArray[np.floating], k: int) -> npt.NDArray[np.intp]:
    """Indices of the ``k`` largest ``scores``, best first; ties broken by the lower index."""
    size = scores.shape[0]
    k = min(k, size)
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    if k < size:
        candidates = np.argpartition(-scores, k - 1)[:k]
        # include every index tied with the k-th score so tie-breaking is by index, not by luck
        threshold = scores[candidates].min()
        candidates = np.flatnonzero(scores >= threshold)
    else:
        candidates = np.arange(size)
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order][:k]


@dataclass(frozen=True, eq=False)
class VectorIndex:
    """Unit-length float32 rows; ``search`` returns (indices, cosine similarities), best first."""

    vectors: FloatMatrix

    @classmethod
    def build(cls, vectors: npt.NDArray[np.floating]) -> VectorIndex:
        return cls(np.ascontiguousarray(normalise_rows(np.asarray(vectors))))

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def similarities(self, query: npt.NDArray[np.floating]) -> npt.NDArray[np.float32]:
        """Cosine similarity of ``query`` with every row."""
        unit = normalise_rows(np.asarray(query))[0]
        return self.vectors @ unit

    def search(
        self, query: npt.NDArray[np.floating], k: int
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
        scores = self.similarities(query)
        best = top_indices(scores, k)
        return best, scores[best]


@runtime_checkable
class NearestCandidates(Protocol):
    """Retrieval of the profiles whose vectors are nearest to a query vector."""

    def nearest(self, query: npt.NDArray[np.floating], k: int) -> list[tuple[str, float]]:
        """At most ``k`` (profile id, cosine similarity) pairs, most similar first."""
        ...


class ExactCandidates:
    """:class:`NearestCandidates` by exact numpy search over every vector."""

    def __init__(self, ids: Sequence[str], vectors: npt.NDArray[np.floating]) -> None:
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        self._ids = tuple(ids)
        self._index = VectorIndex.build(vectors)

    def nearest(self, query: npt.NDArray[np.floating], k: int) -> list[tuple[str, float]]:
        if not self._ids:
            return []
        rows, similarities = self._index.search(query, k)
        return [
            (self._ids[int(row)], float(similarity))
            for row, similarity in zip(rows, similarities, strict=True)
        ]
