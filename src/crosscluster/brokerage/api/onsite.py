"""The day itself over the API: check-in, the running day, whether meetings took place, free
slots booked on site, and correcting an agreement (docs/brokerage.md, "On the day").

No ``from __future__ import annotations``: ninja resolves annotations at import time.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.brokerage import permissions, queries, services
from crosscluster.brokerage.api.schemas import (
    AgreementIn,
    AgreementOut,
    AnswerIn,
    ArrivalIn,
    AttendanceIn,
    AttendanceOut,
    BadgeIn,
    BookingIn,
    BookingOut,
    CheckInOut,
    DayMeetingOut,
    DayPartyOut,
    DaySlotOut,
    DirectBookingIn,
    ParticipantPickOut,
    SlotOut,
)
from crosscluster.brokerage.models import (
    Agreement,
    MeetingAttendance,
    Participant,
    Slot,
    SlotBooking,
)
from crosscluster.core.api import ErrorOut, Pagination
from crosscluster.partnerships.queries import AnyUser

router = Router(tags=["brokerage"])

WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def own_participant(user: AnyUser, participant_id: int) -> Participant:
    """The user's own registration: organisers read agendas, they do not act for others."""
    participant = permissions.access_own_participant(user=user, participant_id=participant_id)
    if participant.user_id != user.pk:
        raise Http404(_("No such participant."))
    return participant


# Check-in ------------------------------------------------------------------------------------


@router.get(
    "/sessions/{session_id}/check-in",
    response=list[CheckInOut],
    auth=token_auth,
    summary="Approved participants for the check-in desk, a page at a time (organisers)",
    description="`q` matches a name or an organisation (accents and case ignored); "
    "`waiting=true` lists only those who have not arrived yet.",
)
@paginate(Pagination)
def list_check_in(
    request: HttpRequest, session_id: int, q: str = "", waiting: bool = False
) -> list[Participant]:
    session = permissions.access_session_for_organiser(
        user=token_user(request), session_id=session_id
    )
    return queries.list_check_in(session=session, search=q[:100], waiting=waiting).people


@router.post(
    "/participants/{participant_id}/arrival",
    response={200: CheckInOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Check an approved participant in (or undo it) at the desk (organisers)",
)
def set_arrival(request: HttpRequest, participant_id: int, payload: ArrivalIn) -> Participant:
    user = token_user(request)
    participant = permissions.access_participant_for_organiser(
        user=user, participant_id=participant_id
    )
    return services.check_in(
        user=user, participant=participant, arrived=payload.arrived, now=timezone.now()
    )


@router.get(
    "/sessions/{session_id}/participant-picks",
    response={200: list[ParticipantPickOut], **READ_ERRORS},
    url_name="pick_session_participants",
    summary="Approved participants found by name or organisation, for a picker (organisers; "
    "at most 20, in name order)",
    description="Every word of `q` in the name or the organisation (accents and case ignored); "
    "what the running day's booking form lists as the organiser types. A signed-in session or "
    "a bearer token.",
)
def pick_session_participants(
    request: HttpRequest, session_id: int, q: str = ""
) -> list[ParticipantPickOut]:
    session = permissions.access_session_for_organiser(
        user=api_viewer(request), session_id=session_id
    )
    return [
        ParticipantPickOut(value=value, label=label)
        for value, label in queries.pick_participants(session=session, q=q[:100])
    ]


@router.get(
    "/participants/{participant_id}/booking-picks",
    response={200: list[ParticipantPickOut], **READ_ERRORS},
    url_name="pick_booking_partners",
    summary="Whom you may book a free slot with, found by name or organisation (the "
    "participant; at most 20, in name order)",
    description="Approved participants of the other organisations with every word of `q` in "
    "the name or the organisation (accents and case ignored): what the agenda's \"Book a free "
    'slot with" lists as the participant types. A signed-in session or a bearer token.',
)
def pick_booking_partners(
    request: HttpRequest, participant_id: int, q: str = ""
) -> list[ParticipantPickOut]:
    participant = permissions.access_own_participant(
        user=api_viewer(request), participant_id=participant_id
    )
    return [
        ParticipantPickOut(value=value, label=label)
        for value, label in queries.pick_booking_partners(participant=participant, q=q[:100])
    ]


@router.post(
    "/sessions/{session_id}/check-in/badge",
    response={200: CheckInOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Check in the participant whose badge was scanned (organisers)",
    description="A code changed or made up, or one of another session, is a 400 on `token`.",
)
def scan_badge(request: HttpRequest, session_id: int, payload: BadgeIn) -> Participant:
    user = token_user(request)
    session = permissions.access_session_for_organiser(user=user, session_id=session_id)
    return services.check_in_by_badge(
        user=user, session=session, token=payload.token, now=timezone.now()
    )


# The running day -----------------------------------------------------------------------------


@router.get(
    "/sessions/{session_id}/day",
    response={200: list[DaySlotOut], **READ_ERRORS},
    auth=token_auth,
    summary="Each slot of the published schedule: tables, parties arrived or not, attendance "
    "(organisers)",
    description="`slot_id`: that slot only (a slot without meetings: an empty list).",
)
def get_running_day(
    request: HttpRequest, session_id: int, slot_id: int | None = None
) -> list[DaySlotOut]:
    session = permissions.access_session_for_organiser(
        user=token_user(request), session_id=session_id
    )
    return [
        DaySlotOut(
            slot_id=row.slot.pk,
            start_at=row.slot.start_at,
            end_at=row.slot.end_at,
            meetings=[
                DayMeetingOut(
                    meeting_id=item.meeting.pk,
                    request_id=item.meeting.request_id,
                    table=item.table,
                    parties=[
                        DayPartyOut(
                            participant_id=party.participant.pk,
                            display_name=party.participant.display_name,
                            organisation=party.participant.organisation.name,
                            arrived=party.arrived,
                        )
                        for party in item.parties
                    ],
                    attendance=item.attendance.status if item.attendance else "",
                    absent_id=item.attendance.absent_id if item.attendance else None,
                )
                for item in row.meetings
            ],
        )
        for row in queries.build_running_day(session=session, slot_id=slot_id)
    ]


@router.post(
    "/requests/{request_id}/attendance",
    response={200: AttendanceOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Say whether a published meeting took place (its participants, organisers)",
)
def record_attendance(
    request: HttpRequest, request_id: int, payload: AttendanceIn
) -> MeetingAttendance:
    user = token_user(request)
    meeting_request = permissions.access_request(user=user, request_id=request_id)
    return services.record_attendance(
        user=user,
        request=meeting_request,
        status=payload.status,
        absent_id=payload.absent_id,
        now=timezone.now(),
    )


# Free slots booked on site -------------------------------------------------------------------


@router.get(
    "/participants/{participant_id}/free-slots",
    response={200: list[SlotOut], 400: ErrorOut, **READ_ERRORS},
    auth=token_auth,
    summary="The free slots you share with another participant, a table free (the participant)",
)
def list_free_slots(request: HttpRequest, participant_id: int, with_id: int) -> list[Slot]:
    user = token_user(request)
    participant = own_participant(user, participant_id)
    other = queries.get_booking_partner(participant=participant, other_id=with_id)
    if other is None:
        raise ValidationError(
            {"with_id": [_("Choose an approved participant of another organisation.")]}
        )
    return queries.list_free_slots(participant=participant, other=other, now=timezone.now())


@router.get(
    "/participants/{participant_id}/bookings",
    response={200: list[BookingOut], **READ_ERRORS},
    auth=token_auth,
    summary="Your free-slot proposals waiting for an answer, received and sent (the participant)",
)
def list_bookings(request: HttpRequest, participant_id: int) -> list[SlotBooking]:
    participant = own_participant(token_user(request), participant_id)
    pending = queries.list_bookings_of(participant=participant)
    return pending["received"] + pending["sent"]


@router.post(
    "/participants/{participant_id}/bookings",
    response={201: BookingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Propose a free slot to another approved participant (after publication)",
)
def propose_booking(
    request: HttpRequest, participant_id: int, payload: BookingIn
) -> Status[SlotBooking]:
    user = token_user(request)
    booking = services.propose_booking(
        user=user,
        proposer=own_participant(user, participant_id),
        now=timezone.now(),
        **payload.model_dump(),
    )
    return Status(201, booking)


@router.post(
    "/bookings/{booking_id}/answer",
    response={200: BookingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept (the meeting is booked) or decline a free slot proposed to you",
)
def answer_booking(request: HttpRequest, booking_id: int, payload: AnswerIn) -> SlotBooking:
    user = token_user(request)
    booking = permissions.access_booking(user=user, booking_id=booking_id)
    return services.answer_booking(
        user=user, booking=booking, accept=payload.accept, now=timezone.now()
    )


@router.post(
    "/bookings/{booking_id}/withdraw",
    response={200: BookingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Withdraw a free slot you proposed, before it is answered",
)
def withdraw_booking(request: HttpRequest, booking_id: int) -> SlotBooking:
    user = token_user(request)
    booking = permissions.access_booking(user=user, booking_id=booking_id)
    return services.withdraw_booking(user=user, booking=booking, now=timezone.now())


@router.post(
    "/bookings/{booking_id}/remove",
    response={200: BookingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Take a meeting booked on site off the schedule (organisers; its two sides before "
    "it starts)",
    description="The meeting and its seats go (the slot is free again for both), its request is "
    "cancelled, the other side is notified; the booking's status becomes `removed`.",
)
def remove_booking(request: HttpRequest, booking_id: int) -> SlotBooking:
    user = token_user(request)
    booking = permissions.access_booking(user=user, booking_id=booking_id)
    return services.remove_booking(user=user, booking=booking, now=timezone.now())


@router.post(
    "/sessions/{session_id}/bookings",
    response={201: BookingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Book a free slot for two approved participants directly (organisers)",
)
def book_slot(
    request: HttpRequest, session_id: int, payload: DirectBookingIn
) -> Status[SlotBooking]:
    user = token_user(request)
    session = permissions.access_session_for_organiser(user=user, session_id=session_id)
    if len(payload.participant_ids) != 2:
        raise ValidationError(
            {"participant_ids": [_("Name exactly two participants: who meets whom.")]}
        )
    first, second = payload.participant_ids
    booking = services.book_slot(
        user=user,
        session=session,
        participant_ids=(first, second),
        slot_id=payload.slot_id,
        now=timezone.now(),
    )
    return Status(201, booking)


# Agreements ----------------------------------------------------------------------------------


@router.put(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Correct an agreement of the register (organisers, its signatories' participants)",
)
def update_agreement(request: HttpRequest, agreement_id: int, payload: AgreementIn) -> Agreement:
    user = token_user(request)
    agreement = permissions.access_agreement_for_edit(user=user, agreement_id=agreement_id)
    return services.update_agreement(
        user=user, agreement=agreement, now=timezone.now(), **payload.model_dump()
    )
