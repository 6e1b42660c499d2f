"""Reads for the day itself: the check-in desk, the running day per slot, whether meetings
took place, and the free slots two participants share (docs/brokerage.md, "On the day")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from crosscluster.brokerage.models import (
    Agreement,
    Attendance,
    B2BSession,
    BookingStatus,
    MeetingAttendance,
    MeetingSeat,
    Participant,
    ParticipantStatus,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    Slot,
    SlotBooking,
    Table,
    table_name,
)
from crosscluster.core.text import normalise_for_search
from crosscluster.core.times import EN_DASH
from crosscluster.partnerships.queries import AnyUser


def can_see_booking(*, user: AnyUser, booking_id: int | None) -> bool:
    """May ``user`` hear of this free-slot proposal (one of its two sides, or an
    administrator)? Asked by the notifications centre before a notice is delivered."""
    if booking_id is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return SlotBooking.objects.filter(
        Q(proposer__user_id=user.pk) | Q(invitee__user_id=user.pk), pk=booking_id
    ).exists()


# Check-in ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInList:
    people: list[Participant]  # those matching the search, by name
    arrived: int  # of all approved participants
    total: int


def list_check_in(*, session: B2BSession, search: str = "", waiting: bool = False) -> CheckInList:
    """Approved participants for the desk, by name; ``search`` matches a name or organisation
    (accents and case ignored); ``waiting``: only those who have not arrived yet."""
    approved = list(
        Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
        .select_related("organisation")
        .order_by("display_name", "pk")
    )
    wanted = normalise_for_search(search.strip())
    people = [
        person
        for person in approved
        if not (waiting and person.arrived_at is not None)
        and (
            not wanted
            or wanted in normalise_for_search(person.display_name)
            or wanted in normalise_for_search(person.organisation.name)
        )
    ]
    return CheckInList(
        people=people,
        arrived=sum(1 for person in approved if person.arrived_at is not None),
        total=len(approved),
    )


def has_arrived(participant: Participant, slot: Slot) -> bool:
    """Checked in by the slot's start (someone checked in later was not there when it began)."""
    return participant.arrived_at is not None and participant.arrived_at <= slot.start_at


# The running day -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    participant: Participant
    arrived: bool


@dataclass(frozen=True)
class DayMeeting:
    meeting: ScheduledMeeting
    table: str
    parties: tuple[Party, ...]
    attendance: MeetingAttendance | None

    @property
    def missing(self) -> bool:
        """Someone of the meeting has not checked in by its start."""
        return any(not party.arrived for party in self.parties)


@dataclass(frozen=True)
class DaySlot:
    slot: Slot
    meetings: tuple[DayMeeting, ...]


def _published_meetings(run: ScheduleRun) -> QuerySet[ScheduledMeeting]:
    return run.meetings.select_related(
        "slot",
        "request__requester__organisation",
        "request__recipient__organisation",
        "request__delegate__organisation",
    ).order_by("slot__start_at", "table")


def build_running_day(*, session: B2BSession, slot_id: int | None = None) -> list[DaySlot]:
    """Each slot of the published schedule (only ``slot_id`` when given): its tables, the
    parties (checked in by the slot's start or not) and whether the meeting took place."""
    run = session.runs.filter(status=RunStatus.PUBLISHED).first()
    if run is None:
        return []
    names = {table.number: table.name for table in session.named_tables.all()}
    published = _published_meetings(run)
    meetings = list(published if slot_id is None else published.filter(slot_id=slot_id))
    attendance = {
        row.request_id: row
        for row in MeetingAttendance.objects.filter(
            request_id__in=[m.request_id for m in meetings]
        ).select_related("absent")
    }
    slots: dict[int, list[DayMeeting]] = {}
    by_id: dict[int, Slot] = {}
    for meeting in meetings:
        by_id[meeting.slot_id] = meeting.slot
        slots.setdefault(meeting.slot_id, []).append(
            DayMeeting(
                meeting=meeting,
                table=names.get(meeting.table) or table_name(meeting.table),
                parties=tuple(
                    Party(participant=member, arrived=has_arrived(member, meeting.slot))
                    for member in meeting.request.members()
                ),
                attendance=attendance.get(meeting.request_id),
            )
        )
    return [DaySlot(slot=by_id[key], meetings=tuple(rows)) for key, rows in slots.items()]


def list_session_slots(*, session: B2BSession) -> list[Slot]:
    """Every slot of the session, in time order."""
    return list(session.slots.order_by("start_at"))


def current_slot(slots: list[Slot], *, now: dt.datetime) -> Slot | None:
    """The slot under way at ``now``, else the next one (between slots, before the day); after
    the last one, the last. None when there are no slots."""
    return next((slot for slot in slots if slot.end_at > now), slots[-1] if slots else None)


def count_check_in(*, session: B2BSession) -> tuple[int, int]:
    """(arrived, approved) of the session: the desk's "n of m arrived"."""
    approved = Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
    return approved.exclude(arrived_at=None).count(), approved.count()


PICKS = 20  # the most matches a participant picker lists


def _picked(person: Participant) -> tuple[str, str]:
    return str(person.pk), f"{person.display_name} ({person.organisation.name})"


def pick_participants(
    *, session: B2BSession, q: str, chosen: str = "", limit: int = PICKS
) -> list[tuple[str, str]]:
    """Approved participants of the session whose name or organisation has every word of
    ``q`` (accents and case ignored), as (id, "Name (Organisation)") in name order, at most
    ``limit``; the one whose id is ``chosen`` first. What the running day's pickers list."""
    approved = Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
    return _pick(approved, q=q, chosen=chosen, limit=limit)


def pick_booking_partners(
    *, participant: Participant, q: str, chosen: str = "", limit: int = PICKS
) -> list[tuple[str, str]]:
    """Those ``participant`` may book a free slot with (``list_booking_partners``) found as
    ``pick_participants`` finds them: what the agenda's "Book a free slot with" lists."""
    return _pick(list_booking_partners(participant=participant), q=q, chosen=chosen, limit=limit)


def _pick(
    people: QuerySet[Participant], *, q: str, chosen: str, limit: int
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if chosen.isdigit() and len(chosen) < 12:
        found += [
            _picked(person) for person in people.filter(pk=chosen).select_related("organisation")
        ]
    words = normalise_for_search(q.strip()).split()
    if words:
        rows = people.order_by("display_name", "pk").values_list(
            "pk", "display_name", "organisation__name"
        )
        for pk, name, organisation in rows:
            text = f"{normalise_for_search(name)} {normalise_for_search(organisation)}"
            if str(pk) != chosen and all(word in text for word in words):
                found.append((str(pk), f"{name} ({organisation})"))
                if len(found) >= limit:
                    break
    return found


def count_attendance(*, session: B2BSession) -> dict[str, int]:
    """Meetings of the published schedule by what was recorded: held, no_show, cancelled and
    ``unknown`` (nothing recorded yet)."""
    run = session.runs.filter(status=RunStatus.PUBLISHED).first()
    if run is None:
        return {}
    requests = list(run.meetings.values_list("request_id", flat=True))
    counts = Counter(
        MeetingAttendance.objects.filter(request_id__in=requests).values_list("status", flat=True)
    )
    result = {status: counts.get(status, 0) for status in Attendance.values}
    result["unknown"] = len(requests) - sum(counts.values())
    return result


def get_attendance_of(*, request_ids: Iterable[int]) -> dict[int, MeetingAttendance]:
    """What was recorded for these meetings, by request id."""
    return {
        row.request_id: row
        for row in MeetingAttendance.objects.filter(request_id__in=list(request_ids))
    }


# Free slots ----------------------------------------------------------------------------------


def free_table(
    *, tables: int, taken: Iterable[int], hosts: Mapping[int, int], people: Iterable[int]
) -> int | None:
    """The table of a meeting booked in a slot: a host's own table when one of ``people`` has
    one (``hosts``: participant -> number) and it is free, else the first free table that is
    no host's; None when none is."""
    taken = set(taken)
    for person in people:
        number = hosts.get(person)
        if number is not None and number <= tables:
            return number if number not in taken else None
    reserved = set(hosts.values())
    return next((n for n in range(1, tables + 1) if n not in taken and n not in reserved), None)


def host_tables(*, session_id: int) -> dict[int, int]:
    """Fixed tables: participant id -> table number."""
    return dict(
        Table.objects.filter(session_id=session_id, host__isnull=False).values_list(
            "host_id", "number"
        )
    )


def list_free_slots(
    *, participant: Participant, other: Participant, now: dt.datetime
) -> list[Slot]:
    """Slots of the published schedule, not over, where neither has a meeting nor marked
    themselves unavailable and a table is free: what they may book together."""
    session = participant.session
    run = session.runs.filter(status=RunStatus.PUBLISHED).first()
    if run is None or other.session_id != session.pk:
        return []
    people = [participant.pk, other.pk]
    busy = set(
        MeetingSeat.objects.filter(run=run, participant_id__in=people).values_list(
            "slot_id", flat=True
        )
    )
    busy |= set(
        Slot.objects.filter(
            Q(pk__in=participant.unavailable_slots.values("pk"))
            | Q(pk__in=other.unavailable_slots.values("pk"))
        ).values_list("pk", flat=True)
    )
    taken: dict[int, list[int]] = {}
    for slot_id, number in ScheduledMeeting.objects.filter(run=run).values_list("slot_id", "table"):
        taken.setdefault(slot_id, []).append(number)
    hosts = host_tables(session_id=session.pk)
    return [
        slot
        for slot in session.slots.filter(end_at__gt=now).order_by("start_at")
        if slot.pk not in busy
        and free_table(tables=slot.tables, taken=taken.get(slot.pk, []), hosts=hosts, people=people)
        is not None
    ]


def list_booking_partners(*, participant: Participant) -> QuerySet[Participant]:
    """Whom a participant may book a free slot with: approved, of another organisation."""
    return (
        Participant.objects.filter(session=participant.session, status=ParticipantStatus.APPROVED)
        .exclude(organisation_id=participant.organisation_id)
        .select_related("organisation")
        .order_by("display_name", "pk")
    )


def get_booking_partner(*, participant: Participant, other_id: int) -> Participant | None:
    """Another participant ``participant`` may book a free slot with; None for anyone else."""
    return list_booking_partners(participant=participant).filter(pk=other_id).first()


def list_bookings_of(*, participant: Participant) -> dict[str, list[SlotBooking]]:
    """The participant's proposals waiting for an answer: received and sent."""
    pending = (
        SlotBooking.objects.filter(status=BookingStatus.PENDING)
        .select_related("slot", "proposer__organisation", "invitee__organisation")
        .order_by("slot__start_at", "pk")
    )
    return {
        "received": list(pending.filter(invitee=participant)),
        "sent": list(pending.filter(proposer=participant)),
    }


def get_booking(*, booking_id: int) -> SlotBooking:
    """A proposal with its session and both sides; ``SlotBooking.DoesNotExist`` when none."""
    return SlotBooking.objects.select_related(
        "session__event__partnership", "slot", "proposer", "invitee", "meeting"
    ).get(pk=booking_id)


def list_booked_meetings(*, meetings: Iterable[ScheduledMeeting]) -> dict[int, int]:
    """Which of ``meetings`` were booked on site: meeting id -> booking id (what may be taken
    off the schedule again)."""
    return dict(
        SlotBooking.objects.filter(
            status=BookingStatus.BOOKED, meeting_id__in=[meeting.pk for meeting in meetings]
        ).values_list("meeting_id", "pk")
    )


def get_agreement(*, agreement_id: int) -> Agreement:
    """An agreement of the register; ``Agreement.DoesNotExist`` when none."""
    return Agreement.objects.select_related("session__event__partnership").get(pk=agreement_id)


def list_agreement_choices(
    *, session: B2BSession
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """What an agreement of the session may name: the participants' organisations (id, name)
    and the meetings of the published schedule (request id, "Ada, Carla")."""
    organisations = sorted(
        {
            (row.organisation_id, row.organisation.name)
            for row in Participant.objects.filter(session=session).select_related("organisation")
        },
        key=lambda pair: (pair[1].casefold(), pair[0]),
    )
    run = session.runs.filter(status=RunStatus.PUBLISHED).first()
    meetings = [
        (
            meeting.request_id,
            f" {EN_DASH} ".join(member.display_name for member in meeting.request.members()),
        )
        for meeting in (_published_meetings(run) if run is not None else [])
    ]
    return organisations, meetings


def list_upcoming_slots(*, session: B2BSession, now: dt.datetime) -> QuerySet[Slot]:
    """The session's slots not over yet, in time order."""
    return session.slots.filter(end_at__gt=now).order_by("start_at")


@dataclass(frozen=True)
class OnSiteAgenda:
    """What a participant's agenda adds on the day: proposals to answer or waiting, the one
    chosen to book a free slot with (``pick_booking_partners`` finds them), the free slots
    shared with them, and what was recorded of their meetings."""

    published: bool
    bookings: dict[str, list[SlotBooking]]
    other: Participant | None
    free_slots: list[Slot]
    attendance: dict[int, MeetingAttendance]
    agreements: list[Agreement]  # of the session, signed by the participant's organisation


def get_onsite_agenda(
    *, participant: Participant, request_ids: Iterable[int], other_id: int | None, now: dt.datetime
) -> OnSiteAgenda:
    other = (
        get_booking_partner(participant=participant, other_id=other_id)
        if other_id is not None
        else None
    )
    published = participant.session.runs.filter(status=RunStatus.PUBLISHED).exists()
    return OnSiteAgenda(
        published=published,
        bookings=list_bookings_of(participant=participant),
        other=other,
        free_slots=list_free_slots(participant=participant, other=other, now=now)
        if other is not None and participant.status == ParticipantStatus.APPROVED
        else [],
        attendance=get_attendance_of(request_ids=request_ids),
        agreements=list(
            Agreement.objects.filter(
                session_id=participant.session_id, partners=participant.organisation_id
            ).order_by("-signed_date", "-pk")
        ),
    )
