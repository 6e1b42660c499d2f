from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscluster.engines.matching.index import VectorIndex, top_indices


@given(
    st.lists(st.integers(min_value=-5, max_value=5), min_size=0, max_size=40),
    st.integers(min_value=0, max_value=45),
)
@settings(max_examples=200, deadline=None)
def test_top_indices_equal_a_full_sort_with_ties_by_index(values: list[int], k: int) -> None:
    scores = np.array(values, dtype=np.float32)
    brute = sorted(range(len(values)), key=lambda i: (-values[i], i))[:k]
    assert top_indices(scores, k).tolist() == brute


def test_search_is_exact_against_brute_force() -> None:
    generator = np.random.default_rng(7)
    vectors = generator.normal(size=(500, 32)).astype(np.float32)
    index = VectorIndex.build(vectors)
    query = generator.normal(size=32).astype(np.float32)
    found, similarities = index.search(query, 10)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosine = unit @ (query / np.linalg.norm(query))
    assert found.tolist() == np.argsort(-cosine)[:10].tolist()
    assert np.allclose(similarities, cosine[found], atol=1e-5)
    assert len(index) == 500


def test_search_with_k_beyond_the_size_returns_everything() -> None:
    index = VectorIndex.build(np.eye(3, dtype=np.float32))
    found, _ = index.search(np.array([0.0, 1.0, 0.0]), 10)
    assert found.tolist() == [1, 0, 2]
