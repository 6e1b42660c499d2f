"""Shared fixtures: a deterministic fake embedder and a tag model fitted with it (session-wide)."""

from __future__ import annotations

import pytest

from crosscluster.engines.matching import HashingEmbedder, default_tag_model
from crosscluster.engines.matching.tagging import TagModel
from crosscluster.engines.matching.vocabulary import Vocabulary, load_vocabulary


@pytest.fixture(scope="session")
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="session")
def tag_model(embedder: HashingEmbedder) -> TagModel:
    """The auto-tagger fitted on the shipped hubs, with the fake embedder's vectors."""
    return default_tag_model(embedder)
