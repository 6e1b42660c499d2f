"""The organiser's scheduler runs: quality, reasons, locks, publication and repair."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from crosscluster.brokerage import queries, services
from crosscluster.brokerage.models import (
    Participant,
    RunStatus,
    ScheduleRun,
    SessionStatus,
)
from crosscluster.brokerage.tests.factories import NOW, colleague, join, make_session, schedule
from crosscluster.engines.scheduling import check_schedule

pytestmark = pytest.mark.django_db
LIMIT = 1.0  # seconds; these instances are solved long before


def accepted(cast, requester: Participant, recipient: Participant, priority: int = 2):  # type: ignore[no-untyped-def]
    request = services.send_request(
        user=requester.user,
        requester=requester,
        recipient_id=recipient.pk,
        priority=priority,
        now=NOW,
    )
    return services.answer_request(user=recipient.user, request=request, accept=True, now=NOW)


@pytest.fixture
def people(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast)
    return session, {
        "ada": join(session, cast.sme_member, cast.sme, name="Ada"),
        "carla": join(session, cast.outsider, cast.other_sme, name="Carla"),
        "max": join(session, cast.cluster_manager, cast.other_cluster, name="Max"),
        "idle": join(session, colleague(cast.sme, "idle@example.eu"), cast.sme, name="Ida"),
    }


def run(cast, session) -> ScheduleRun:  # type: ignore[no-untyped-def]
    return schedule(cast, session, time_limit=LIMIT)


def test_a_run_reports_weight_against_the_proven_bound_and_who_has_no_meeting(cast, people) -> None:
    session, p = people
    accepted(cast, p["ada"], p["carla"], 3)
    accepted(cast, p["ada"], p["max"], 2)
    accepted(cast, p["carla"], p["max"], 1)
    result = run(cast, session)
    assert result.status == RunStatus.PROVISIONAL
    assert result.meetings.count() == 3
    assert (result.objective, result.upper_bound, result.ratio) == (6, 6, 1)
    assert result.without_meeting == [p["idle"].pk]
    report = queries.build_run_report(run=result)
    assert report.summary == "3 meetings, weight 6 of at most 6 (100.0%): a proven optimum."
    slots = [meeting.slot_id for meeting in result.meetings.all()]
    assert len(set(slots)) == 3  # Ada, Carla and Max each meet twice: never twice at once


def test_unscheduled_requests_say_why_in_participants_names(cast, people) -> None:
    session, p = people
    slots = list(session.slots.order_by("start_at"))
    services.set_availability(
        user=cast.sme_member, participant=p["ada"], available_slot_ids=[slots[0].pk]
    )
    services.set_availability(
        user=cast.outsider, participant=p["carla"], available_slot_ids=[slots[5].pk]
    )
    request = accepted(cast, p["ada"], p["carla"], 3)
    result = run(cast, session)
    assert result.meetings.count() == 0
    assert result.upper_bound == 0 or result.ratio <= 1
    [(unscheduled, reason)] = queries.build_run_report(run=result).unscheduled
    assert unscheduled == request
    assert reason == "No common available slot for Ada and Carla."


def test_caps_and_the_engine_checker_agree(cast, people) -> None:
    session, p = people
    services.set_availability(
        user=cast.sme_member,
        participant=p["ada"],
        available_slot_ids=list(session.slots.values_list("pk", flat=True)),
        max_meetings=1,
    )
    accepted(cast, p["ada"], p["carla"], 3)
    accepted(cast, p["ada"], p["max"], 1)
    result = run(cast, session)
    assert result.meetings.get().request.recipient == p["carla"]
    # stored in English as the page words it: the record of why, no engine tokens
    assert result.unscheduled[0]["reason"] == "Ada has reached the most meetings they accept (1)."
    assert result.unscheduled[0]["code"] == "limit_reached"  # as the engine gave it
    assert result.unscheduled[0]["values"] == {"participant": p["ada"].pk, "limit": 1}
    [(_request, reason)] = queries.build_run_report(run=result).unscheduled
    assert reason == "Ada has reached the most meetings they accept (1)."  # as the page reads
    with translation.override("it"):
        [(_request, reason)] = queries.build_run_report(run=result).unscheduled
    assert reason == "Ada ha raggiunto il numero massimo di incontri che accetta (1)."


def test_locked_meetings_stay_in_their_slot_on_the_next_run(cast, people) -> None:
    session, p = people
    accepted(cast, p["ada"], p["carla"], 3)
    accepted(cast, p["ada"], p["max"], 2)
    first = run(cast, session)
    meeting = first.meetings.get(request__recipient=p["carla"])
    last_slot = session.slots.order_by("-start_at").first()
    # Move it by hand into the last slot, then lock it there.
    meeting.slot = last_slot
    meeting.save()
    with pytest.raises(PermissionDenied):
        services.lock_meeting(user=cast.sme_member, meeting=meeting, locked=True)
    services.lock_meeting(user=cast.coordinator, meeting=meeting, locked=True)
    second = run(cast, session)
    kept = second.meetings.get(request__recipient=p["carla"])
    assert (kept.slot_id, kept.is_locked) == (last_slot.pk, True)


def test_publication_then_repair_keeps_confirmed_meetings(cast, people) -> None:
    session, p = people
    accepted(cast, p["ada"], p["carla"], 3)
    dropped = accepted(cast, p["ada"], p["max"], 2)
    accepted(cast, p["carla"], p["max"], 1)
    first = run(cast, session)
    with pytest.raises(PermissionDenied):
        services.publish_run(user=cast.sme_member, run=first, now=NOW)
    services.publish_run(user=cast.coordinator, run=first, now=NOW)
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED
    with pytest.raises(ValidationError, match="provisional"):
        services.publish_run(user=cast.coordinator, run=first, now=NOW)
    before = {m.request_id: (m.slot_id, m.table) for m in first.meetings.all()}
    # A cancellation and a late request after publication.
    services.cancel_request(user=cast.sme_member, request=dropped, now=NOW)
    late = accepted(cast, p["idle"], p["max"], 2)
    repair = run(cast, session)
    assert repair.is_repair
    assert repair.dropped == 0
    after = {m.request_id: (m.slot_id, m.table) for m in repair.meetings.all()}
    for request_id, place in before.items():
        if request_id != dropped.pk:
            assert after[request_id] == place  # confirmed meetings keep slot and table
    assert late.pk in after
    assert dropped.pk not in after
    services.publish_run(user=cast.coordinator, run=repair, now=NOW)
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED


def test_a_host_with_a_fixed_table_meets_everyone_there(cast, people) -> None:
    session, p = people
    services.assign_fixed_table(
        user=cast.coordinator, session=session, participant=p["max"], number=2
    )
    accepted(cast, p["ada"], p["max"], 3)
    accepted(cast, p["carla"], p["max"], 3)
    accepted(cast, p["ada"], p["carla"], 1)
    result = run(cast, session)
    tables = {m.table for m in result.meetings.all() if p["max"] in m.request.members()}
    assert tables == {2}


def test_only_organisers_run_and_the_time_limit_is_bounded(cast, people) -> None:
    session, _ = people
    with pytest.raises(PermissionDenied):
        services.run_scheduler(user=cast.sme_member, session=session, now=NOW)
    with pytest.raises(ValidationError) as caught:
        services.run_scheduler(user=cast.coordinator, session=session, now=NOW, time_limit=61)
    assert "time_limit" in caught.value.message_dict
    assert not ScheduleRun.objects.exists()


def test_stored_schedules_pass_the_engine_checker(cast, people) -> None:
    from crosscluster.brokerage import adapters

    session, p = people
    accepted(cast, p["ada"], p["carla"], 3)
    accepted(cast, p["ada"], p["max"], 2)
    accepted(cast, p["carla"], p["max"], 1)
    result = run(cast, session)
    participants = list(session.participants.all())
    instance = adapters.build_instance(
        slots=list(session.slots.order_by("start_at")),
        participants=participants,
        unavailable={},
        requests=list(session.requests.all()),
        locked={},
        default_max_meetings=None,
        default_max_consecutive=None,
    )
    assert check_schedule(instance, adapters.meetings_from_rows(result.meetings.all())) == []


def test_a_late_arrival_moves_only_the_meetings_that_must_move(cast, people) -> None:
    session, p = people
    slots = list(session.slots.order_by("start_at"))
    accepted(cast, p["ada"], p["carla"], 3)
    accepted(cast, p["idle"], p["max"], 2)
    first = run(cast, session)
    services.publish_run(user=cast.coordinator, run=first, now=NOW)
    carla_meeting = first.meetings.get(request__recipient=p["carla"])
    other = first.meetings.get(request__recipient=p["max"])
    # Carla arrives late: only the slots after her first meeting's slot remain for her.
    later = [s.pk for s in slots if s.start_at > carla_meeting.slot.start_at]
    services.set_availability(user=cast.outsider, participant=p["carla"], available_slot_ids=later)
    repair = run(cast, session)
    assert (repair.is_repair, repair.dropped) == (True, 0)
    moved = repair.meetings.get(request__recipient=p["carla"])
    assert moved.slot_id in later
    kept = repair.meetings.get(request__recipient=p["max"])
    assert (kept.slot_id, kept.table) == (other.slot_id, other.table)
    assert repair.meetings.count() == 2
