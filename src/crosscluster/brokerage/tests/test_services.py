"""Session set-up, registration, requests and follow-up through the services."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from crosscluster.brokerage import services
from crosscluster.brokerage.models import (
    Agreement,
    B2BSession,
    MeetingRequest,
    OutcomeReport,
    ParticipantStatus,
    RequestStatus,
    Slot,
)
from crosscluster.brokerage.tests.factories import NOW, UTC, colleague, join, make_session, schedule
from crosscluster.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_slots_fill_each_period_and_the_break_between_them_stays_empty(cast) -> None:
    session = make_session(cast)
    starts = [slot.start_at for slot in session.slots.order_by("start_at")]
    # 09:00-10:00 and 11:00-12:00 in Milan (UTC+1), 15-minute slots with 5-minute gaps.
    assert starts == [
        dt.datetime(2026, 3, 3, hour, minute, tzinfo=UTC)
        for hour, minute in [(8, 0), (8, 20), (8, 40), (10, 0), (10, 20), (10, 40)]
    ]
    assert {slot.tables for slot in session.slots.all()} == {2}


def test_bad_set_up_names_each_field_and_writes_nothing(cast) -> None:
    event = make_event(cast.partnership, "Milan", timezone="Europe/Rome")
    data = services.SessionData(
        periods=[(dt.datetime(2026, 3, 9, 9, 0), dt.datetime(2026, 3, 9, 10, 0))],
        slot_minutes=2,
        tables=3,
        table_names=["A"],
        video_url="ftp://video",
    )
    with pytest.raises(ValidationError) as caught:
        services.configure_session(user=cast.coordinator, event=event, data=data)
    errors = caught.value.message_dict
    assert set(errors) == {"periods", "slot_minutes", "table_names", "video_url"}
    assert "outside the event" in errors["periods"][0]
    assert "https://" in errors["video_url"][0]
    assert not B2BSession.objects.exists()
    assert not Slot.objects.exists()


def test_only_coordinators_set_up_a_session(cast) -> None:
    event = make_event(cast.partnership, "Milan")
    data = services.SessionData(periods=[(event.start_at, event.end_at)])
    with pytest.raises(PermissionDenied):
        services.configure_session(user=cast.sme_member, event=event, data=data)


def test_registration_answers_every_question_for_an_own_organisation(cast) -> None:
    session = make_session(cast, questions=["What do you offer?"])
    data = services.RegistrationData(organisation_id=cast.other_sme.pk, display_name=" ")
    with pytest.raises(ValidationError) as caught:
        services.register(user=cast.sme_member, session=session, data=data, now=NOW)
    assert set(caught.value.message_dict) == {"organisation_id", "display_name", "answers"}
    good = services.RegistrationData(
        organisation_id=cast.sme.pk,
        display_name="Ada",
        answers={"What do you offer?": "Machine vision"},
        listed_publicly=True,
    )
    participant = services.register(user=cast.sme_member, session=session, data=good, now=NOW)
    assert participant.status == ParticipantStatus.PENDING
    assert participant.answers == {"What do you offer?": "Machine vision"}
    with pytest.raises(ValidationError, match="already registered"):
        services.register(user=cast.sme_member, session=session, data=good, now=NOW)


def test_capacity_fills_then_the_waiting_list_moves_up_on_withdrawal(cast) -> None:
    session = make_session(cast, capacity=1)
    first = join(session, cast.sme_member, cast.sme, status=ParticipantStatus.PENDING)
    second = join(session, cast.outsider, cast.other_sme, status=ParticipantStatus.PENDING)
    with pytest.raises(PermissionDenied):
        services.decide_registration(user=cast.sme_member, participant=first, approve=True, now=NOW)
    first = services.decide_registration(
        user=cast.coordinator, participant=first, approve=True, now=NOW
    )
    second = services.decide_registration(
        user=cast.coordinator, participant=second, approve=True, now=NOW
    )
    assert (first.status, second.status) == (ParticipantStatus.APPROVED, ParticipantStatus.WAITING)
    with pytest.raises(PermissionDenied):
        services.withdraw(user=cast.outsider, participant=first, now=NOW)
    services.withdraw(user=cast.sme_member, participant=first, now=NOW)
    second.refresh_from_db()
    assert second.status == ParticipantStatus.APPROVED


def test_requests_go_to_another_organisation_with_an_optional_colleague(cast) -> None:
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme)
    bob = join(session, colleague(cast.sme, "bob@example.eu"), cast.sme)
    carla = join(session, cast.outsider, cast.other_sme)
    with pytest.raises(ValidationError) as caught:
        services.send_request(
            user=cast.sme_member, requester=ada, recipient_id=bob.pk, priority=7, now=NOW
        )
    assert set(caught.value.message_dict) == {"recipient_id", "priority"}
    with pytest.raises(ValidationError) as caught:
        services.send_request(
            user=cast.sme_member,
            requester=ada,
            recipient_id=carla.pk,
            delegate_id=carla.pk,
            now=NOW,
        )
    assert set(caught.value.message_dict) == {"delegate_id"}
    assert not MeetingRequest.objects.exists()
    request = services.send_request(
        user=cast.sme_member,
        requester=ada,
        recipient_id=carla.pk,
        priority=3,
        delegate_id=bob.pk,
        message="Vision for your line?",
        now=NOW,
    )
    assert request.weight == 3
    assert [p.pk for p in request.members()] == [ada.pk, carla.pk, bob.pk]
    assert request.expires_at == NOW + dt.timedelta(days=7)
    with pytest.raises(PermissionDenied):
        services.answer_request(user=cast.sme_member, request=request, accept=True, now=NOW)
    services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)
    assert MeetingRequest.objects.get().status == RequestStatus.ACCEPTED


def test_unanswered_requests_expire_by_command(cast) -> None:
    session = make_session(cast, request_days=2)
    ada = join(session, cast.sme_member, cast.sme)
    carla = join(session, cast.outsider, cast.other_sme)
    request = services.send_request(
        user=cast.sme_member, requester=ada, recipient_id=carla.pk, now=NOW
    )
    out = StringIO()
    call_command("expire_meeting_requests", "--now", "2026-02-02T12:00:00+00:00", stdout=out)
    assert "0 meeting request(s) expired" in out.getvalue()
    call_command("expire_meeting_requests", "--now", "2026-02-03T12:00:00+00:00", stdout=out)
    assert "1 meeting request(s) expired" in out.getvalue()
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    with pytest.raises(ValidationError, match="expired"):
        services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)


def test_availability_names_unknown_slots(cast) -> None:
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme)
    slots = list(session.slots.order_by("start_at"))
    with pytest.raises(ValidationError) as caught:
        services.set_availability(
            user=cast.sme_member, participant=ada, available_slot_ids=[slots[0].pk, 999_999]
        )
    assert "available_slot_ids" in caught.value.message_dict
    services.set_availability(
        user=cast.sme_member, participant=ada, available_slot_ids=[s.pk for s in slots[3:]]
    )
    assert set(ada.unavailable_slots.all()) == set(slots[:3])


def test_outcomes_and_agreements_are_checked(cast) -> None:
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme)
    carla = join(session, cast.outsider, cast.other_sme)
    request = services.send_request(
        user=cast.sme_member, requester=ada, recipient_id=carla.pk, now=NOW
    )
    services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)
    during = dt.datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as caught:
        services.record_outcome(
            user=cast.sme_member,
            participant=ada,
            request=request,
            wave="after_event",
            outcome="agreement",
            now=during,
        )
    assert "not in the published schedule" in caught.value.message_dict["request_id"][0]
    run = schedule(cast, session, time_limit=1)
    services.publish_run(user=cast.coordinator, run=run, now=NOW)
    with pytest.raises(ValidationError) as caught:
        services.record_outcome(
            user=cast.sme_member,
            participant=ada,
            request=request,
            wave="six_months",
            outcome="agreement",
            now=during,
        )
    assert "opens on 2026-09-01" in caught.value.message_dict["wave"][0]
    services.record_outcome(
        user=cast.sme_member,
        participant=ada,
        request=request,
        wave="after_event",
        outcome="follow_up",
        now=during,
    )
    services.record_outcome(
        user=cast.sme_member,
        participant=ada,
        request=request,
        wave="after_event",
        outcome="negotiation",
        now=during,
    )
    assert OutcomeReport.objects.get().outcome == "negotiation"  # one answer per wave
    with pytest.raises(ValidationError) as caught:
        services.record_agreement(
            user=cast.sme_member,
            session=session,
            kind="handshake",
            title="MoU",
            partner_ids=[cast.other_sme.pk],
            signed_date=dt.date(2027, 1, 1),
            now=during,
        )
    assert set(caught.value.message_dict) == {"kind", "partner_ids", "signed_date"}
    with pytest.raises(PermissionDenied):
        services.record_agreement(
            user=cast.cluster_manager,
            session=session,
            kind="memorandum",
            title="MoU",
            partner_ids=[cast.sme.pk, cast.other_sme.pk],
            signed_date=dt.date(2026, 3, 3),
            now=during,
        )
    agreement = services.record_agreement(
        user=cast.sme_member,
        session=session,
        kind="memorandum",
        title="MoU on vision inspection",
        partner_ids=[cast.sme.pk, cast.other_sme.pk],
        signed_date=dt.date(2026, 3, 3),
        request_id=request.pk,
        now=during,
    )
    assert set(agreement.partners.all()) == {cast.sme, cast.other_sme}
    assert Agreement.objects.count() == 1


def test_closed_registration_refuses_newcomers_and_publication_does_not_close_it(cast) -> None:
    session = make_session(cast)
    data = services.RegistrationData(organisation_id=cast.sme.pk, display_name="Ada")
    with pytest.raises(PermissionDenied):
        services.set_registration_open(user=cast.sme_member, session=session, is_open=False)
    services.set_registration_open(user=cast.coordinator, session=session, is_open=False)
    with pytest.raises(ValidationError) as caught:
        services.register(user=cast.sme_member, session=session, data=data, now=NOW)
    assert caught.value.message_dict == {"session": ["Registration is closed for this session."]}
    services.set_registration_open(user=cast.coordinator, session=session, is_open=True)
    run = schedule(cast, session, time_limit=1)
    services.publish_run(user=cast.coordinator, run=run, now=NOW)
    session.refresh_from_db()
    assert services.register(user=cast.sme_member, session=session, data=data, now=NOW).pk


def test_consent_to_the_public_listing_records_when_and_which_wording(cast) -> None:
    """Consent carries its time and the version of the text agreed to (issue 11); no consent
    records nothing, and the database refuses a consent without them."""
    from django.db import IntegrityError, transaction

    from crosscluster.brokerage.models import PUBLIC_LISTING_CONSENT_VERSION, Participant

    session = make_session(cast)
    listed = services.register(
        user=cast.sme_member,
        session=session,
        data=services.RegistrationData(
            organisation_id=cast.sme.pk, display_name="Ada", listed_publicly=True
        ),
        now=NOW,
    )
    unlisted = services.register(
        user=cast.outsider,
        session=session,
        data=services.RegistrationData(organisation_id=cast.other_sme.pk, display_name="Bo"),
        now=NOW,
    )
    listed.refresh_from_db()
    assert (listed.listed_publicly_at, listed.listed_publicly_text) == (
        NOW,
        PUBLIC_LISTING_CONSENT_VERSION,
    )
    assert (unlisted.listed_publicly_at, unlisted.listed_publicly_text) == (None, "")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=unlisted.pk).update(listed_publicly=True)
