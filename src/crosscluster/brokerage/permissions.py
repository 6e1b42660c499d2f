"""The only way a view obtains a brokerage object it must protect.

Sessions are as visible as their event. A participant's own things (registration, agenda,
requests) are 404 to anyone else except the organisers, so ids cannot be probed; organiser
actions are 403 for people who can see the session but do not coordinate the partnership.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import (
    Agreement,
    B2BSession,
    MeetingRequest,
    Participant,
    ScheduledMeeting,
    ScheduleRun,
    SlotBooking,
)
from crosscluster.brokerage.services import NOT_AN_ORGANISER, may_edit_agreement
from crosscluster.events import queries as event_queries
from crosscluster.partnerships.queries import AnyUser, is_coordinator, require_coordinator

if TYPE_CHECKING:
    from crosscluster.events.models import Event

#: the events app's words when someone who may see an event may not change it
NOT_AN_EVENT_COORDINATOR = gettext_lazy(
    "Only the partnership's coordinators may change its events."
)


def access_event(*, user: AnyUser, event_id: int) -> Event:
    """An event the user may see (the events app's one visibility rule); else 404."""
    try:
        return event_queries.get_visible_event_by_id(user=user, event_id=event_id)
    except ObjectDoesNotExist:
        raise Http404(_("No such event.")) from None


def access_event_for_set_up(*, user: AnyUser, event_id: int) -> Event:
    """An event whose B2B session the user may set up: 404 if they may not even see it, 403
    if they do not coordinate its partnership."""
    event = access_event(user=user, event_id=event_id)
    require_coordinator(
        user=user, partnership_id=event.partnership_id, message=NOT_AN_EVENT_COORDINATOR
    )
    return event


def access_session_of_event(*, user: AnyUser, event_id: int) -> B2BSession:
    """The B2B session of an event the user may see; 404 when hidden or without one."""
    event = access_event(user=user, event_id=event_id)
    try:
        return queries.get_session_of_event(event_id=event.pk)
    except B2BSession.DoesNotExist:
        raise Http404(_("This event has no B2B meetings.")) from None


def _visible_sessions(user: AnyUser) -> QuerySet[B2BSession]:
    """Sessions of events the user may see (the events app's one visibility rule)."""
    events = event_queries.list_visible_event_ids(user=user)
    return B2BSession.objects.filter(event_id__in=events).select_related("event__partnership")


def access_session(*, user: AnyUser, session_id: int) -> B2BSession:
    session = _visible_sessions(user).filter(pk=session_id).first()
    if session is None:
        raise Http404(_("No such B2B session."))
    return session


def is_organiser(*, user: AnyUser, session: B2BSession) -> bool:
    return is_coordinator(user=user, partnership=session.event.partnership)


def access_session_for_organiser(*, user: AnyUser, session_id: int) -> B2BSession:
    session = access_session(user=user, session_id=session_id)
    if not is_organiser(user=user, session=session):
        raise PermissionDenied(NOT_AN_ORGANISER)
    return session


def access_own_participant(*, user: AnyUser, participant_id: int) -> Participant:
    """The user's own registration (or, for organisers, any in their sessions); else 404."""
    participant = (
        Participant.objects.filter(pk=participant_id)
        .select_related("session__event__partnership", "organisation", "user")
        .first()
    )
    if participant is None or not user.is_authenticated:
        raise Http404(_("No such participant."))
    if participant.user_id != user.pk and not is_organiser(user=user, session=participant.session):
        raise Http404(_("No such participant."))
    return participant


def access_participant_for_organiser(*, user: AnyUser, participant_id: int) -> Participant:
    participant = Participant.objects.filter(pk=participant_id).select_related("session").first()
    if participant is None:
        raise Http404(_("No such participant."))
    access_session_for_organiser(user=user, session_id=participant.session_id)
    return participant


def access_request(*, user: AnyUser, request_id: int) -> MeetingRequest:
    """A request the user takes part in (or organises); 404 for everyone else."""
    request = (
        MeetingRequest.objects.filter(pk=request_id)
        .select_related("requester", "recipient", "delegate", "session__event__partnership")
        .first()
    )
    if request is None or not user.is_authenticated:
        raise Http404(_("No such meeting request."))
    members = {request.requester.user_id, request.recipient.user_id}
    if request.delegate is not None:
        members.add(request.delegate.user_id)
    if user.pk not in members and not is_organiser(user=user, session=request.session):
        raise Http404(_("No such meeting request."))
    return request


def access_run_for_organiser(*, user: AnyUser, run_id: int) -> ScheduleRun:
    run = ScheduleRun.objects.filter(pk=run_id).select_related("session").first()
    if run is None:
        raise Http404(_("No such schedule run."))
    access_session_for_organiser(user=user, session_id=run.session_id)
    return run


def access_meeting_for_organiser(*, user: AnyUser, meeting_id: int) -> ScheduledMeeting:
    meeting = ScheduledMeeting.objects.filter(pk=meeting_id).select_related("run").first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    access_session_for_organiser(user=user, session_id=meeting.run.session_id)
    return meeting


def access_booking(*, user: AnyUser, booking_id: int) -> SlotBooking:
    """A free-slot proposal the user is a side of (or organises); 404 for everyone else."""
    try:
        booking = queries.get_booking(booking_id=booking_id)
    except SlotBooking.DoesNotExist:
        raise Http404(_("No such proposal.")) from None
    sides = {booking.proposer.user_id, booking.invitee.user_id}
    if not user.is_authenticated or (
        user.pk not in sides and not is_organiser(user=user, session=booking.session)
    ):
        raise Http404(_("No such proposal."))
    return booking


def access_agreement_for_edit(*, user: AnyUser, agreement_id: int) -> Agreement:
    """An agreement the user may correct (organisers, participants whose organisation signed
    it); 404 for everyone else, so ids cannot be probed."""
    try:
        agreement = queries.get_agreement(agreement_id=agreement_id)
    except Agreement.DoesNotExist:
        raise Http404(_("No such agreement.")) from None
    if not user.is_authenticated or not may_edit_agreement(user=user, agreement=agreement):
        raise Http404(_("No such agreement."))
    return agreement
