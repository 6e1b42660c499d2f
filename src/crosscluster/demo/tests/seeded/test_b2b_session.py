"""The demo's illustrative B2B session (stage 15): who takes part, the published schedule, and
the pages each demo account reaches. The demo is loaded once for the folder (``conftest.loaded``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage.models import (
    B2BSession,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RequestStatus,
    RunState,
    RunStatus,
    ScheduledMeeting,
    SessionStatus,
)
from crosscluster.demo import accounts, brokerage, facts
from crosscluster.directory.models import DataSource, OrganisationKind


@pytest.fixture
def session(loaded: dict[str, object], db: None) -> B2BSession:
    return B2BSession.objects.select_related("event").get(event__partnership__slug=facts.SLUG)


def login(client: Client, email: str) -> None:
    assert client.login(email=email, password=accounts.DEFAULT_PASSWORD)


def test_the_session_is_the_brokerage_afternoon_of_the_italian_study_visit(
    session: B2BSession,
) -> None:
    assert session.event.slug == brokerage.EVENT_SLUG
    assert session.event.is_illustrative
    rome = ZoneInfo("Europe/Rome")
    slots = list(session.slots.order_by("start_at"))
    local = [(s.start_at.astimezone(rome).time(), s.end_at.astimezone(rome).time()) for s in slots]
    # 13:30-15:10 and 15:30-17:00 in 20-minute slots with 5 minutes to change tables.
    assert local[0] == (dt.time(13, 30), dt.time(13, 50))
    assert local[3] == (dt.time(14, 45), dt.time(15, 5))
    assert local[4] == (dt.time(15, 30), dt.time(15, 50))
    assert local[-1][1] <= dt.time(17, 0)
    assert all(
        session.event.start_at <= s.start_at < s.end_at <= session.event.end_at for s in slots
    )


def test_participants_are_demo_organisations_through_role_accounts(session: B2BSession) -> None:
    participants = list(
        Participant.objects.filter(session=session).select_related("user", "organisation")
    )
    assert len(participants) >= 20
    assert all(p.status == ParticipantStatus.APPROVED for p in participants)
    assert {p.organisation.source for p in participants} <= {
        DataSource.EDIH,
        DataSource.CORDIS,
        DataSource.SEED,
    }
    kinds = {p.organisation.kind for p in participants}
    assert {OrganisationKind.SME, OrganisationKind.LARGE_COMPANY} <= kinds
    demo_emails = {a.email for a in accounts.DEMO_ACCOUNTS}
    for participant in participants:
        assert participant.user.email.endswith(f"@{accounts.DEMO_DOMAIN}")
        assert "(illustrative)" in participant.display_name
        assert "Illustrative registration" in participant.profile
        assert not participant.listed_publicly  # nobody consented: no public listing
        if participant.user.email not in demo_emails:
            # A role account named after its organisation; nobody can sign in with it.
            assert participant.user.email == brokerage.delegate_email(participant.organisation)
            assert participant.organisation.name in participant.display_name
            assert not participant.user.has_usable_password()
    registered = {p.user.email for p in participants}
    assert {accounts.COORDINATOR.email, accounts.MEMBER.email} <= registered
    assert accounts.MANAGER.email not in registered  # sees the registration form


def test_requests_say_they_are_illustrative_and_the_schedule_is_published(
    session: B2BSession,
) -> None:
    assert session.status == SessionStatus.PUBLISHED
    requests = MeetingRequest.objects.filter(session=session)
    statuses = set(requests.values_list("status", flat=True))
    assert {RequestStatus.ACCEPTED, RequestStatus.PENDING, RequestStatus.DECLINED} <= statuses
    assert all(r.message == brokerage.ILLUSTRATIVE_MESSAGE for r in requests)
    run = session.runs.get(status=RunStatus.PUBLISHED)
    assert run.state == RunState.DONE
    meetings = ScheduledMeeting.objects.filter(run=run).select_related("request", "slot")
    assert meetings.count() > 10
    assert all(m.request.status == RequestStatus.ACCEPTED for m in meetings)
    assert 0 < run.objective <= run.upper_bound
    # Nobody meets twice in one slot; no table is used twice in one slot.
    seen: set[tuple[int, int]] = set()
    tables: set[tuple[int, int]] = set()
    for meeting in meetings:
        for person in (meeting.request.requester_id, meeting.request.recipient_id):
            assert (person, meeting.slot_id) not in seen
            seen.add((person, meeting.slot_id))
        assert (meeting.table, meeting.slot_id) not in tables
        tables.add((meeting.table, meeting.slot_id))


def test_the_b2b_pages_open_for_each_demo_account(session: B2BSession) -> None:
    coordinator_client, manager_client, anonymous = Client(), Client(), Client()
    login(coordinator_client, accounts.COORDINATOR.email)
    login(manager_client, accounts.MANAGER.email)
    mine = Participant.objects.get(session=session, user__email=accounts.COORDINATOR.email)
    pages = [
        reverse("brokerage:session", args=[session.pk]),
        reverse("brokerage:set_up", args=[session.event_id]),
        reverse("brokerage:organise", args=[session.pk]),
        reverse("brokerage:tables", args=[session.pk]),
        reverse("brokerage:agenda", args=[session.pk, mine.pk]),
    ]
    for url in pages:
        assert coordinator_client.get(url).status_code == 200, url
    own = coordinator_client.get(pages[0]).content.decode()
    for section in ("When you can meet", "Meeting requests", "My agenda"):
        assert section in own
    agenda = coordinator_client.get(pages[-1]).content.decode()
    assert "Europe/Rome" in agenda
    assert ScheduledMeeting.objects.filter(
        run__session=session, run__status=RunStatus.PUBLISHED, request__requester=mine
    ).exists()
    registration = manager_client.get(pages[0]).content.decode()
    assert 'action="' + reverse("brokerage:register", args=[session.pk]) in registration
    assert "Sign in to register" in anonymous.get(pages[0]).content.decode()
    assert anonymous.get(pages[2]).status_code in (302, 403, 404)


def test_the_load_test_reaches_the_b2b_pages(session: B2BSession) -> None:
    from crosscluster.demo import load_targets

    targets = load_targets.find(password=accounts.DEFAULT_PASSWORD)
    mine = Participant.objects.get(session=session, user__email=accounts.COORDINATOR.email)
    assert targets["agenda"] == reverse("brokerage:agenda", args=[session.pk, mine.pk])
    assert targets["organise"] == reverse("brokerage:organise", args=[session.pk])
    assert targets["tables"] == reverse("brokerage:tables", args=[session.pk])
