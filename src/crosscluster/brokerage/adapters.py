"""The one place where brokerage rows become scheduling-engine dataclasses and back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from crosscluster.brokerage.models import MeetingRequest, Participant, ScheduledMeeting, Slot
from crosscluster.engines.scheduling import Instance, Meeting
from crosscluster.engines.scheduling import Participant as EngineParticipant
from crosscluster.engines.scheduling import Request as EngineRequest
from crosscluster.engines.scheduling import Slot as EngineSlot

# The engine keeps ids as given: participants and slots get prefixed ids, so its reasons
# ("participant participant:12 reached max_meetings") can be put back into names.
PARTICIPANT_IN_REASON = re.compile(r"(?:participant )?participant:(\d+)")
SLOT_IN_REASON = re.compile(r"slot:(\d+)")


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


def humanise_reason(
    reason: str, *, participants: Mapping[int, str], slots: Mapping[int, str]
) -> str:
    """The engine names participants and slots by id; the organiser reads names and times."""
    reason = PARTICIPANT_IN_REASON.sub(
        lambda match: participants.get(int(match[1]), f"participant {match[1]}"), reason
    )
    return SLOT_IN_REASON.sub(lambda match: slots.get(int(match[1]), match[0]), reason)


# The engine's reasons (engines/scheduling/reasons.py, English, its command line's contract) as
# a code and values, so a page and the API word them in their reader's language
# (``queries.word_reason``); a participant stands as its primary key, a slot as its own.
_P = r"participant participant:(?P<{}>\d+)"
_S = r"slot slot:(?P<slot>\d+)"
REASON_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(expression))
    for code, expression in (
        ("never_meets", _P.format("participant") + r" accepts no meetings \(max_meetings 0\)"),
        (
            "never_in_a_row",
            _P.format("participant") + r" accepts no meetings \(max_consecutive 0\)",
        ),
        ("never_available", _P.format("participant") + " is not available in any slot"),
        ("locked_unavailable", f"locked {_S} unavailable for " + _P.format("participant")),
        ("no_common_slot", r"no common available slot for (?P<participants>.+)"),
        (
            "locked_busy",
            f"locked {_S}: "
            + _P.format("participant")
            + r" already has locked meeting( \d+)? then",
        ),
        (
            "locked_no_table",
            f"locked {_S}" + r" has no free table \(all (?P<tables>\d+) taken by locked meetings\)",
        ),
        (
            "locked_limit",
            f"locked {_S}: "
            + _P.format("participant")
            + r" reached max_meetings \((?P<limit>\d+)\) with other locked meetings",
        ),
        (
            "locked_in_a_row",
            f"locked {_S}: "
            + _P.format("participant")
            + r" would exceed max_consecutive \((?P<limit>\d+)\) with other locked meetings",
        ),
        ("locked_conflict", f"locked {_S} conflicts with other locked meetings"),
        ("limit_reached", _P.format("participant") + r" reached max_meetings \((?P<limit>\d+)\)"),
        (
            "busy_everywhere",
            _P.format("participant")
            + r" has a meeting in every common available slot \((?P<count>\d+)\)",
        ),
        ("time_limit", r"not placed within the time limit \(.*\)"),
        (
            "slots_taken",
            r"(?:(?P<locked>the locked slot is)|all (?P<total>\d+) common slots are) "
            r"(?:(?P<heavier>taken by meetings of equal or higher weight)|full; fitting it "
            r"would lower the total weight) \((?P<details>.*)\)",
        ),
    )
)
_PARTICIPANT = re.compile(r"participant:(\d+)")
_BUSY = re.compile(r"participant:(\d+) is busy in (\d+)")
_NO_TABLE = re.compile(r"no free table in (\d+)")
_IN_A_ROW = re.compile(r"participant:(\d+) would exceed max_consecutive \((\d+)\) in (\d+)")


def structure_reason(reason: str) -> dict[str, object]:
    """``{"code": ..., "values": {...}}`` of an engine reason; an empty dict for a reason of
    another form (shown as the engine wrote it)."""
    for code, form in REASON_FORMS:
        match = form.fullmatch(reason)
        if match is None:
            continue
        found = {key: value for key, value in match.groupdict().items() if value is not None}
        values: dict[str, object] = {
            key: int(value) for key, value in found.items() if value.isdigit()
        }
        if code == "no_common_slot":
            values["participants"] = [int(pk) for pk in _PARTICIPANT.findall(found["participants"])]
        if code == "slots_taken":
            details = found.get("details", "")
            values["locked"] = "locked" in found
            values["heavier"] = "heavier" in found
            values["busy"] = [[int(pk), int(n)] for pk, n in _BUSY.findall(details)]
            values["full"] = sum(int(n) for n in _NO_TABLE.findall(details))
            values["in_a_row"] = [
                [int(pk), int(m), int(n)] for pk, m, n in _IN_A_ROW.findall(details)
            ]
            values.pop("details", None)
        return {"code": code, "values": values}
    return {}
