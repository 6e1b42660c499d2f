"""The one place where brokerage rows become scheduling-engine dataclasses and back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from crosscluster.brokerage.models import MeetingRequest, Participant, ScheduledMeeting, Slot
from crosscluster.engines.scheduling import Instance, Meeting, Unscheduled
from crosscluster.engines.scheduling import Participant as EngineParticipant
from crosscluster.engines.scheduling import Request as EngineRequest
from crosscluster.engines.scheduling import Slot as EngineSlot

# The engine keeps ids as given: participants and slots get prefixed ids ("participant:12",
# "slot:3"), so that a reason's values say which of the two a primary key is.


def participant_key(pk: int) -> str:
    return f"participant:{pk}"


def slot_key(pk: int) -> str:
    return f"slot:{pk}"


def slot_pk(key: object) -> int:
    return int(str(key).removeprefix("slot:"))


def participant_pk(key: object) -> int:
    return int(str(key).removeprefix("participant:"))


def worst_off(
    ranked: Iterable[tuple[object, int]], *, names: Mapping[int, str]
) -> list[dict[str, object]]:
    """The engine's worst-off participants as stored on a run: id, name, breaks."""
    result: list[dict[str, object]] = []
    for key, breaks in ranked:
        pk = participant_pk(key)
        result.append({"participant": pk, "name": names.get(pk, ""), "breaks": breaks})
    return result


def build_instance(
    *,
    slots: Sequence[Slot],
    participants: Iterable[Participant],
    unavailable: Mapping[int, set[int]],
    requests: Iterable[MeetingRequest],
    locked: Mapping[int, int],
    default_max_meetings: int | None,
    default_max_consecutive: int | None,
) -> Instance:
    """Slots, participants (availability, caps) and accepted requests as an engine instance.

    Ids are primary keys. ``unavailable`` maps a participant to the slots they cannot attend;
    ``locked`` maps a request to the slot the organiser fixed it in.
    """
    slot_ids = [slot_key(slot.pk) for slot in slots]
    engine_participants = []
    for participant in participants:
        blocked = {slot_key(pk) for pk in unavailable.get(participant.pk, set())}
        max_meetings = participant.max_meetings
        if max_meetings is None:
            max_meetings = default_max_meetings
        max_consecutive = participant.max_consecutive
        if max_consecutive is None:
            max_consecutive = default_max_consecutive
        engine_participants.append(
            EngineParticipant(
                id=participant_key(participant.pk),
                available=frozenset(s for s in slot_ids if s not in blocked) if blocked else None,
                max_meetings=max_meetings,
                max_consecutive=max_consecutive,
            )
        )
    engine_requests = tuple(
        EngineRequest(
            id=request.pk,
            participants=tuple(
                participant_key(member)
                for member in (request.requester_id, request.recipient_id, request.delegate_id)
                if member is not None
            ),
            weight=float(request.weight),
            locked_slot=slot_key(locked[request.pk]) if request.pk in locked else None,
        )
        for request in requests
    )
    return Instance(
        slots=tuple(
            EngineSlot(
                id=slot_key(slot.pk), start=slot.start_at, end=slot.end_at, tables=slot.tables
            )
            for slot in slots
        ),
        participants=tuple(engine_participants),
        requests=engine_requests,
    )


def meetings_from_rows(rows: Iterable[ScheduledMeeting]) -> tuple[Meeting, ...]:
    """A stored schedule as the engine's ``previous`` argument."""
    return tuple(
        Meeting(request=row.request_id, slot=slot_key(row.slot_id), table=row.table) for row in rows
    )


def place_fixed_tables(
    meetings: Sequence[Meeting],
    *,
    members: Mapping[int, tuple[int, ...]],
    fixed_table: Mapping[int, int],
) -> list[Meeting]:
    """Move meetings of hosts with a fixed table to that table (swapping within the slot).

    The engine numbers tables 1..n per slot; a host's fixed table is one of those numbers, so
    a swap inside the slot never breaks the table capacity.
    """
    by_slot: dict[object, list[Meeting]] = {}
    for meeting in meetings:
        by_slot.setdefault(meeting.slot, []).append(meeting)
    placed: list[Meeting] = []
    for slot_meetings in by_slot.values():
        table_of = {m.request: m.table for m in slot_meetings}
        for meeting in slot_meetings:
            wanted = next(
                (
                    fixed_table[person]
                    for person in members.get(int(meeting.request), ())
                    if person in fixed_table
                ),
                None,
            )
            if wanted is None or table_of[meeting.request] == wanted:
                continue
            holder = next((r for r, t in table_of.items() if t == wanted), None)
            if holder is not None:
                table_of[holder] = table_of[meeting.request]
            table_of[meeting.request] = wanted
        placed.extend(
            Meeting(request=m.request, slot=m.slot, table=table_of[m.request])
            for m in slot_meetings
        )
    return placed


def stored_reason(item: Unscheduled) -> dict[str, object]:
    """An unscheduled request as a run stores it: its ``code`` and ``values`` (participants and
    slots as primary keys; ``queries.word_reason`` words them in the reader's language) and
    ``dropped`` (a confirmed meeting that fits nowhere now). The worker adds ``reason``, the
    same worded in English (``jobs.store_run``)."""
    reason = item.why
    values: dict[str, object] = {}
    for name, value in reason.values:
        if name == "participant":
            values[name] = participant_pk(value)
        elif name == "slot":
            values[name] = slot_pk(value)
        elif name == "participants":
            values[name] = [participant_pk(key) for key in value]  # type: ignore[union-attr]
        elif name in ("busy", "in_a_row"):
            values[name] = [
                [participant_pk(row[0]), *row[1:]]  # type: ignore[index]
                for row in value  # type: ignore[union-attr]
            ]
        else:
            values[name] = value
    return {
        "request": item.request,
        "code": reason.code,
        "values": values,
        "dropped": reason.dropped,
    }
