"""The overview page /desk/: what waits for the signed-in person, each item a link to act on it,
and nothing of anybody else's."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.accounts.models import Invitation
from crosscluster.conversations.models import Conversation, ConversationStatus
from crosscluster.core.times import format_slot
from crosscluster.desk.tests.world import World, build_world
from crosscluster.directory.models import OrganisationClaim, RequestStatus
from crosscluster.notifications.models import Notification
from tests.cast import Cast, make_user

pytestmark = pytest.mark.django_db
PAGE = "/desk/"


@pytest.fixture
def world(cast: Cast) -> World:
    return build_world(cast)


def _page(user) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]
    return response.content.decode()


def test_visitors_are_sent_to_log_in(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_signed_in_people_have_the_link_first_in_their_menu(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.sme_member)
    html = client.get("/").content.decode()
    signed_in = html[html.index(reverse("desk:overview")) :]
    assert signed_in.index(reverse("desk:overview")) < signed_in.index(
        reverse("notifications:list")
    )
    assert reverse("desk:overview") not in Client().get("/").content.decode()


def test_the_member_sees_their_meeting_request_registration_and_opportunities(
    cast: Cast, world: World
) -> None:
    html = _page(cast.sme_member)

    agenda = reverse("brokerage:agenda", args=[world.session.pk, world.member.pk])
    assert f'href="{agenda}"' in html
    assert "Marco Manager (Baltic Test Cluster)" in html
    assert f'data-testid="request-{world.waiting.pk}"' in html
    assert "Olga Outsider (Unrelated SME)" in html
    session_page = reverse("brokerage:session", args=[world.session.pk])
    assert f'href="{session_page}#requests-heading"' in html
    assert f'data-testid="registration-{world.member.pk}"' in html
    assert f'data-testid="need-{world.need.pk}"' in html
    assert "2 matches" in html
    assert f'href="{reverse("marketplace:matches", args=[world.need.pk])}"' in html
    edit = reverse("marketplace:opportunity_edit", args=[world.draft.pk])
    assert f'data-testid="draft-{world.draft.pk}"' in html
    assert f'href="{edit}"' in html
    assert "1 answer or decision waiting for you" in html


def test_nothing_of_the_others_shows(cast: Cast, world: World) -> None:
    html = _page(cast.outsider)

    # the outsider sent the request: it waits for the member, not for them
    assert f'data-testid="request-{world.waiting.pk}"' not in html
    assert "desk-meetings" not in html  # no meeting of theirs is scheduled
    assert f'data-testid="registration-{world.outsider.pk}"' in html
    assert f'data-testid="registration-{world.member.pk}"' not in html
    assert world.need.title not in html
    assert world.draft.title not in html
    assert f'data-testid="offer-{world.offer.pk}"' in html


def test_meeting_times_are_in_the_viewers_time_zone(cast: Cast, world: World) -> None:
    cast.sme_member.timezone = "America/New_York"
    cast.sme_member.save()
    slot = world.meeting.slot
    new_york = format_slot(slot.start_at, slot.end_at, zoneinfo.ZoneInfo("America/New_York"))
    at_venue = format_slot(slot.start_at, slot.end_at, zoneinfo.ZoneInfo("Europe/Rome"))
    assert new_york != at_venue

    html = _page(cast.sme_member)

    assert new_york in html
    assert at_venue not in html
    assert "Times in your time zone (America/New_York)." in html


def test_a_manager_sees_the_claims_on_their_organisation_only(cast: Cast) -> None:
    claimant = make_user("claimant@example.eu")
    now = timezone.now()
    own = OrganisationClaim.objects.create(
        organisation=cast.cluster, claimant=claimant, status=RequestStatus.PENDING, created_at=now
    )
    other = OrganisationClaim.objects.create(
        organisation=cast.other_cluster,
        claimant=claimant,
        status=RequestStatus.PENDING,
        created_at=now,
    )

    coordinator = _page(cast.coordinator)  # manages the Pole Test Cluster
    manager = _page(cast.cluster_manager)  # manages the Baltic Test Cluster

    assert 'data-testid="waiting-claims"' in coordinator
    assert "claims to work for Pole Test Cluster" in coordinator
    assert "Baltic Test Cluster" not in coordinator
    assert "claims to work for Baltic Test Cluster" in manager
    assert "claims to work for Pole Test Cluster" not in manager
    assert "waiting-claims" not in _page(cast.sme_member)  # a member decides nothing
    assert own.pk != other.pk


def test_invitations_and_staff_reviews_wait_for_whom_they_concern(cast: Cast) -> None:
    Invitation.objects.create(
        organisation=cast.other_cluster,
        email=cast.sme_member.email,
        role="member",
        token_hash="x" * 64,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    cast.other_cluster.review_requested_at = timezone.now()
    cast.other_cluster.save()
    staff = make_user("staff@example.eu", is_staff=True)

    member = _page(cast.sme_member)
    reviewer = _page(staff)

    assert "Baltic Test Cluster invites you as Member." in member
    assert "waiting-cluster_reviews" not in member
    assert 'data-testid="waiting-cluster_reviews"' in reviewer
    assert reverse("directory:review", args=[cast.other_cluster.slug]) in reviewer
    assert "waiting-invitations" not in _page(cast.outsider)


def test_conversations_with_unread_messages_and_invitations_to_talk(
    cast: Cast, world: World
) -> None:
    conversation = Conversation.objects.create(
        need=world.need,
        seeker=cast.sme,
        provider=cast.other_sme,
        status=ConversationStatus.INVITED,
        created_at=timezone.now(),
    )
    Notification.objects.create(
        recipient=cast.sme_member,
        kind="conversations.message",
        subject_id=conversation.pk,
        text="New message",
        created_at=timezone.now(),
    )

    member = _page(cast.sme_member)
    outsider = _page(cast.outsider)

    assert f'data-testid="conversation-{conversation.pk}"' in member
    assert "1 unread notification" in member
    assert f'data-testid="conversation-{conversation.pk}"' not in outsider  # nothing unread
    assert 'data-testid="waiting-conversation_invitations"' in outsider
    assert reverse("conversations:detail", args=[conversation.pk]) in outsider
    assert "waiting-conversation_invitations" not in member  # they sent it


def test_someone_with_nothing_gets_a_short_empty_state(db: None) -> None:
    newcomer = make_user("new@example.eu")

    html = _page(newcomer)

    assert 'data-testid="desk-empty"' in html
    assert reverse("directory:register") in html


def test_a_member_without_opportunities_is_offered_to_publish_one(cast: Cast) -> None:
    html = _page(cast.outsider)
    assert reverse("marketplace:opportunity_create") in html


def test_the_page_reads_in_the_viewers_language(cast: Cast, world: World) -> None:
    client = Client()
    client.force_login(cast.sme_member)
    html = client.get("/de" + PAGE).content.decode()
    assert '<html lang="de">' in html
    assert reverse("desk:overview") in html


def test_signing_in_lands_on_the_overview_in_the_pages_language(cast: Cast) -> None:
    from tests.cast import PASSWORD

    for prefix in ("", "/de"):
        client = Client()
        response = client.post(
            f"{prefix}/accounts/login/", {"login": cast.sme_member.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == f"{prefix}/desk/"
