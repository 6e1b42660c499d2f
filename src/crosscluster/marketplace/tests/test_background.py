"""Matching runs as a django-tasks task enqueued by the services, inside their transaction."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crosscluster.core.tasks import MATCHING_QUEUE, run_queued_tasks
from crosscluster.directory.models import OrganisationKind, OrganisationTag
from crosscluster.engines.matching import HashingEmbedder
from crosscluster.marketplace import adapters, services
from crosscluster.marketplace.models import (
    MatchSuggestion,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    ProfileVector,
)
from crosscluster.marketplace.tests.helpers import OFFER_TEXT, make_opportunity
from tests.cast import make_country, make_organisation

pytestmark = pytest.mark.django_db

TASK_PATH = "crosscluster.marketplace.tasks.refresh_matches_task"


def _queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at"))


@pytest.fixture
def provider(cast, tags):  # type: ignore[no-untyped-def]
    vision = make_organisation(
        "Nordic Vision AB",
        OrganisationKind.SME,
        make_country("SE", "SWE", "Sweden"),
        description="Machine vision and camera inspection of bottles for food and beverage plants.",
    )
    OrganisationTag.objects.create(organisation=vision, tag=tags["vision"], level=5)
    return vision


def _need(cast, tags, **fields):  # type: ignore[no-untyped-def]
    # the task reads the real clock, so the stamps must not lie in its future
    return make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        tags=[tags["vision"], tags["food"]],
        now=timezone.now(),
        **fields,
    )


def test_publishing_enqueues_the_task_and_the_worker_matches(cast, tags, provider):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    queued = _queued()
    assert len(queued) == 1
    assert queued[0].queue_name == MATCHING_QUEUE
    assert not MatchSuggestion.objects.exists()  # nothing computed inside the request

    run_queued_tasks(queue=MATCHING_QUEUE)

    need.refresh_from_db()
    assert need.matches_ready
    assert MatchSuggestion.objects.filter(opportunity=need, provider_organisation=provider)
    (done,) = _queued()
    assert done.status == "SUCCESSFUL"
    assert done.return_value == 1


def test_a_draft_enqueues_nothing(cast, tags, provider):  # type: ignore[no-untyped-def]
    _need(cast, tags, publish=False)
    assert _queued() == []


def test_a_rolled_back_write_leaves_no_task(cast, tags, provider):  # type: ignore[no-untyped-def]
    need = _need(cast, tags, publish=False)
    inside: list[int] = []

    def publish_then_fail() -> None:
        with transaction.atomic():
            services.publish_opportunity(user=cast.sme_member, opportunity=need, now=timezone.now())
            inside.append(len(_queued()))
            raise RuntimeError("the request failed after publishing")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert inside == [1]  # the task row was written inside the transaction ...
    assert _queued() == []  # ... and went with it
    need.refresh_from_db()
    assert need.status == OpportunityStatus.DRAFT


def test_a_burst_of_edits_is_matched_once(cast, tags, provider):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    for number in range(2):
        services.update_opportunity(
            user=cast.sme_member,
            opportunity=need,
            changes=services.OpportunityChanges(
                title=f"Camera inspection, take {number}", given=frozenset({"title"})
            ),
            now=timezone.now(),
        )
    assert len(_queued()) == 3

    run_queued_tasks()

    # the first task matched everything stamped so far; the two behind it found nothing to do
    assert sorted(result.return_value for result in _queued()) == [0, 0, 1]
    need.refresh_from_db()
    assert need.matches_ready


def test_publishing_an_offer_rematches_published_needs(cast, tags, provider):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    run_queued_tasks()
    offer = make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        title="Vision systems for bottling",
        description=OFFER_TEXT,
        tags=[tags["vision"]],
        now=timezone.now(),
    )
    need.refresh_from_db()
    assert not need.matches_ready
    run_queued_tasks()
    assert MatchSuggestion.objects.filter(opportunity=need, provider_opportunity=offer)


def test_expiring_an_offer_rematches_published_needs(cast, tags, provider):  # type: ignore[no-untyped-def]
    import datetime as dt

    need = _need(cast, tags)
    make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        title="Vision systems for bottling",
        description=OFFER_TEXT,
        tags=[tags["vision"]],
        expiry_date=timezone.now().date() + dt.timedelta(days=1),
        now=timezone.now(),
    )
    run_queued_tasks()
    assert MatchSuggestion.objects.filter(opportunity=need, provider_opportunity__isnull=False)
    before = len(_queued())

    later = timezone.now() + dt.timedelta(days=3)
    assert services.expire_opportunities(now=later) == 1
    need.refresh_from_db()
    assert need.matches_requested_at == later
    assert len(_queued()) == before + 1


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []
        self.passages: list[str] = []

    def embed_queries(self, texts):  # type: ignore[no-untyped-def]
        self.queries.extend(texts)
        return super().embed_queries(texts)

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        self.passages.extend(texts)
        return super().embed_passages(texts)


def test_only_seekers_are_embedded_as_queries(cast, tags, provider, monkeypatch):  # type: ignore[no-untyped-def]
    embedder = CountingEmbedder()
    monkeypatch.setattr(adapters, "make_embedder", lambda: embedder)
    need = _need(cast, tags)
    run_queued_tasks()

    # the need once as a query; providers (and the need, which may serve too) only as passages
    assert len(embedder.queries) == 1
    assert embedder.queries[0].startswith("Camera inspection of bottles")
    assert sum(text.startswith("Nordic Vision AB") for text in embedder.passages) == 1
    provider_vector = ProfileVector.objects.get(organisation=provider)
    need_vector = ProfileVector.objects.get(opportunity=need)
    assert bytes(provider_vector.query) == b""
    assert len(bytes(need_vector.query)) == 4 * embedder.dimension
    assert len(bytes(provider_vector.passage)) == 4 * embedder.dimension


def test_an_offer_turned_into_a_need_gets_its_query_vector(cast, tags, provider, monkeypatch):  # type: ignore[no-untyped-def]
    embedder = CountingEmbedder()
    monkeypatch.setattr(adapters, "make_embedder", lambda: embedder)
    _need(cast, tags)
    offer = make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        title="Vision systems for bottling",
        description=OFFER_TEXT,
        now=timezone.now(),
    )
    run_queued_tasks()
    assert bytes(ProfileVector.objects.get(opportunity=offer).query) == b""

    services.update_opportunity(
        user=cast.outsider,
        opportunity=offer,
        changes=services.OpportunityChanges(
            kind=OpportunityKind.TECHNOLOGY_REQUEST, given=frozenset({"kind"})
        ),
        now=timezone.now(),
    )
    run_queued_tasks()
    offer.refresh_from_db()
    assert offer.matches_ready
    assert len(bytes(ProfileVector.objects.get(opportunity=offer).query)) == 4 * embedder.dimension


def test_the_deprecated_worker_command_still_runs_one_pass(cast, tags, provider):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    out, err = StringIO(), StringIO()
    call_command("run_marketplace_worker", once=True, stdout=out, stderr=err)
    assert "matched 1 opportunity" in out.getvalue()
    assert "deprecated" in err.getvalue()
    need.refresh_from_db()
    assert need.matches_ready
    assert Opportunity.objects.count() == 1


def test_editing_a_draft_queues_nothing_until_it_is_published(cast, tags, provider):  # type: ignore[no-untyped-def]
    need = _need(cast, tags, publish=False)
    services.update_opportunity(
        user=cast.sme_member,
        opportunity=need,
        changes=services.OpportunityChanges(title="Still a draft", given=frozenset({"title"})),
        now=timezone.now(),
    )
    assert _queued() == []
    services.publish_opportunity(user=cast.sme_member, opportunity=need, now=timezone.now())
    assert len(_queued()) == 1


def test_a_pass_cut_short_is_queued_again_once(cast, tags, provider):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    run_queued_tasks(queue=MATCHING_QUEUE)
    out = StringIO()
    call_command("enqueue_pending_matching", stdout=out)
    assert "No matching pass needed" in out.getvalue()
    # a worker stopped in the middle of a pass: the need is stamped, the task row was left behind
    Opportunity.objects.filter(pk=need.pk).update(matches_requested_at=timezone.now())
    DBTaskResult.objects.filter(task_path=TASK_PATH).update(status="RUNNING")
    before = len(_queued())
    assert services.enqueue_pending_matching() is True
    assert services.enqueue_pending_matching() is False  # one queued pass is enough
    assert len(_queued()) == before + 1
    run_queued_tasks(queue=MATCHING_QUEUE)
    need.refresh_from_db()
    assert need.matches_ready
    assert services.enqueue_pending_matching() is False
