"""GET /api/v1/accounts/me/overview: the page's content as data, for a token or a session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from crosscluster.desk.tests.world import World, build_world
from tests.cast import Cast

pytestmark = pytest.mark.django_db
API = "/api/v1/accounts/me/overview"


@pytest.fixture
def world(cast: Cast) -> World:
    return build_world(cast)


def test_visitors_and_bad_tokens_get_401(db: None) -> None:
    assert Client().get(API).status_code == 401
    response = Client().get(API, headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_a_token_reads_the_same_content_as_the_page(cast: Cast, world: World, token_for) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(API, headers={"Authorization": token_for(cast.sme_member)})

    assert response.status_code == 200
    data = response.json()
    [meeting] = data["meetings"]
    assert meeting["id"] == world.meeting.pk
    assert meeting["counterparts"] == [
        {"name": "Marco Manager", "organisation": "Baltic Test Cluster"}
    ]
    assert meeting["url"] == settings.SITE_URL + reverse(
        "brokerage:agenda", args=[world.session.pk, world.member.pk]
    )
    start = dt.datetime.fromisoformat(meeting["start_at"])
    assert start.utcoffset() is not None
    assert start == world.meeting.slot.start_at
    [request] = data["requests"]
    assert (request["id"], request["requester"]["organisation"]) == (
        world.waiting.pk,
        "Unrelated SME",
    )
    assert [r["id"] for r in data["registrations"]] == [world.member.pk]
    assert data["registrations"][0]["status"] == "approved"
    [need] = data["needs"]
    assert (need["id"], need["matches"]) == (world.need.pk, 2)
    assert [d["id"] for d in data["drafts"]] == [world.draft.pk]
    assert data["drafts"][0]["url"].endswith(
        reverse("marketplace:opportunity_edit", args=[world.draft.pk])
    )
    assert data["offers"] == []
    assert data["waiting"] == []
    assert data["unread_notifications"] == 0


def test_a_session_reads_it_too_and_sees_only_its_own(cast: Cast, world: World) -> None:
    client = Client()
    client.force_login(cast.outsider)

    data = client.get(API).json()

    assert data["meetings"] == []
    assert data["requests"] == []
    assert [r["id"] for r in data["registrations"]] == [world.outsider.pk]
    assert data["needs"] == []
    [offer] = data["offers"]
    assert (offer["id"], offer["matches"]) == (world.offer.pk, None)


def test_waiting_groups_carry_counts_items_and_links(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from crosscluster.directory.models import OrganisationClaim, RequestStatus
    from crosscluster.directory.queries import list_claims_to_decide
    from tests.cast import make_user

    for number in range(7):
        OrganisationClaim.objects.create(
            organisation=cast.cluster,
            claimant=make_user(f"claimant{number}@example.eu"),
            status=RequestStatus.PENDING,
            created_at=timezone.now(),
        )
    assert len(list_claims_to_decide(user=cast.coordinator)) == 7

    data = Client().get(API, headers={"Authorization": token_for(cast.coordinator)}).json()

    [group] = data["waiting"]
    assert (group["key"], group["count"], len(group["items"])) == ("claims", 7, 5)
    assert group["url"] == settings.SITE_URL + reverse("directory:requests")
    assert dt.datetime.fromisoformat(group["items"][0]["since"]).utcoffset() is not None


def test_more_items_cost_no_more_queries(cast: Cast, world: World) -> None:
    """Each list is one read (joins), whatever its length: the overview of a busy person costs
    what a quiet one's does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from crosscluster.brokerage.models import MeetingRequest
    from crosscluster.brokerage.tests.factories import join
    from crosscluster.desk.queries import build_overview
    from crosscluster.marketplace.models import MatchSuggestion
    from crosscluster.marketplace.tests.helpers import make_opportunity
    from tests.cast import make_organisation, make_user

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            build_overview(user=cast.sme_member, now=timezone.now())
        return len(queries)

    before = count()
    now = timezone.now()
    for number in range(3):
        organisation = make_organisation(f"Requesting SME {number}")
        asker = join(world.session, make_user(f"asker{number}@example.eu"), organisation)
        MeetingRequest.objects.create(
            session=world.session,
            requester=asker,
            recipient=world.member,
            created_at=now,
            expires_at=now + dt.timedelta(days=3),
        )
        need = make_opportunity(
            user=cast.sme_member, owner=cast.sme, title=f"Need number {number}", now=now
        )
        MatchSuggestion.objects.create(
            opportunity=need, provider_organisation=organisation, score=0.5, computed_at=now
        )

    assert len(build_overview(user=cast.sme_member, now=timezone.now()).requests) == 4
    assert count() == before
