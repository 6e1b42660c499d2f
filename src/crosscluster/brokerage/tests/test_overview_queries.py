"""The reads behind a person's overview: their coming meetings, requests to answer and
registrations, and nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import (
    MeetingRequest,
    ParticipantStatus,
    RequestStatus,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    Table,
)
from crosscluster.brokerage.tests.factories import NOW, join, make_session
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _request(requester, recipient, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("expires_at", NOW + dt.timedelta(days=7))
    return MeetingRequest.objects.create(
        session=requester.session,
        requester=requester,
        recipient=recipient,
        created_at=NOW,
        **fields,
    )


def _publish(session, *requests, status=RunStatus.PUBLISHED):  # type: ignore[no-untyped-def]
    run = ScheduleRun.objects.create(
        session=session, created_at=NOW, status=status, state=RunState.DONE, time_limit=1
    )
    slots = queries.list_slots(session=session)
    for number, request in enumerate(requests):
        ScheduledMeeting.objects.create(run=run, request=request, slot=slots[number], table=1)
    return run


def test_meetings_are_the_persons_own_in_published_schedules_soonest_first(cast: Cast) -> None:
    session = make_session(cast)
    member = join(session, cast.sme_member, cast.sme)
    manager = join(session, cast.cluster_manager, cast.other_cluster)
    outsider = join(session, cast.outsider, cast.other_sme)
    later = _request(manager, member, status=RequestStatus.ACCEPTED)
    sooner = _request(member, outsider, status=RequestStatus.ACCEPTED)
    theirs = _request(manager, outsider, status=RequestStatus.ACCEPTED)
    run = _publish(session, sooner, later, theirs)
    Table.objects.create(session=session, number=1, name="Lake room")

    found = queries.list_upcoming_meetings(user=cast.sme_member, now=NOW)

    assert [item.meeting.request_id for item in found] == [sooner.pk, later.pk]
    assert [tuple(o.pk for o in item.others) for item in found] == [(outsider.pk,), (manager.pk,)]
    assert {item.participant.pk for item in found} == {member.pk}
    assert found[0].table == "Lake room"
    # a provisional schedule is no agenda yet; a meeting over is no longer coming
    run.status = RunStatus.PROVISIONAL
    run.save()
    assert queries.list_upcoming_meetings(user=cast.sme_member, now=NOW) == []
    run.status = RunStatus.PUBLISHED
    run.save()
    first_end = queries.list_slots(session=session)[0].end_at
    after_first = queries.list_upcoming_meetings(user=cast.sme_member, now=first_end)
    assert [item.meeting.request_id for item in after_first] == [later.pk]


def test_a_delegate_sees_the_meeting_they_come_along_to(cast: Cast) -> None:
    from crosscluster.brokerage.tests.factories import colleague

    session = make_session(cast)
    member = join(session, cast.sme_member, cast.sme)
    manager = join(session, cast.cluster_manager, cast.other_cluster)
    helper = join(session, colleague(cast.sme, "helper@example.eu"), cast.sme)
    request = _request(member, manager, status=RequestStatus.ACCEPTED, delegate=helper)
    _publish(session, request)

    found = queries.list_upcoming_meetings(user=helper.user, now=NOW)

    assert [item.participant.pk for item in found] == [helper.pk]
    assert {o.pk for o in found[0].others} == {member.pk, manager.pk}


def test_requests_to_answer_are_pending_unexpired_and_sent_to_the_person(cast: Cast) -> None:
    session = make_session(cast)
    member = join(session, cast.sme_member, cast.sme)
    manager = join(session, cast.cluster_manager, cast.other_cluster)
    outsider = join(session, cast.outsider, cast.other_sme)
    waiting = _request(manager, member)
    _request(outsider, member, expires_at=NOW - dt.timedelta(minutes=1))  # expired
    _request(member, outsider)  # sent by the person: not theirs to answer
    answered = _request(outsider, manager, status=RequestStatus.DECLINED)

    assert list(queries.list_requests_to_answer(user=cast.sme_member, now=NOW)) == [waiting]
    assert answered not in queries.list_requests_to_answer(user=cast.cluster_manager, now=NOW)


def test_registrations_are_live_ones_to_events_not_yet_over(cast: Cast) -> None:
    session = make_session(cast)
    mine = join(session, cast.sme_member, cast.sme, status=ParticipantStatus.WAITING)
    withdrawn = join(session, cast.outsider, cast.other_sme, status=ParticipantStatus.WITHDRAWN)

    assert list(queries.list_upcoming_registrations(user=cast.sme_member, now=NOW)) == [mine]
    assert list(queries.list_upcoming_registrations(user=cast.outsider, now=NOW)) == []
    assert withdrawn.pk
    over = session.event.end_at
    assert list(queries.list_upcoming_registrations(user=cast.sme_member, now=over)) == []
