"""An independent checker: is a schedule valid for an instance?

Written from the definitions in :mod:`crosscluster.engines.scheduling.model`, straight on the
dataclasses (no indices, no bit sets, nothing shared with the solver), so that the tests do not
trust the solver's own bookkeeping. :func:`check_schedule` returns every violation it finds as a
sentence; an empty list means valid.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

from crosscluster.engines.scheduling.model import Id, Instance, Meeting, Slot


def _follows(earlier: Slot, later: Slot) -> bool:
    return later.start == earlier.end and later.start.date() == earlier.start.date()


def _overlap(a: Slot, b: Slot) -> bool:
    return a.start < b.end and b.start < a.end


def check_schedule(instance: Instance, meetings: Sequence[Meeting]) -> list[str]:
    problems: list[str] = []
    slots = {slot.id: slot for slot in instance.slots}
    people = {person.id: person for person in instance.participants}
    requests = {request.id: request for request in instance.requests}
    seen_requests: set[Id] = set()
    seen_tables: set[tuple[Id, int]] = set()
    per_slot: dict[Id, int] = defaultdict(int)
    agenda: dict[Id, list[tuple[Slot, Id]]] = defaultdict(list)
    for meeting in meetings:
        request = requests.get(meeting.request)
        slot = slots.get(meeting.slot)
        if request is None:
            problems.append(f"meeting for unknown request {meeting.request!r}")
            continue
        if slot is None:
            problems.append(f"request {meeting.request!r} in unknown slot {meeting.slot!r}")
            continue
        if meeting.request in seen_requests:
            problems.append(f"request {meeting.request!r} scheduled more than once")
        seen_requests.add(meeting.request)
        if not (isinstance(meeting.table, int) and 1 <= meeting.table <= slot.tables):
            problems.append(
                f"request {meeting.request!r}: table {meeting.table!r} outside 1..{slot.tables}"
            )
        if (slot.id, meeting.table) in seen_tables:
            problems.append(f"slot {slot.id!r}: table {meeting.table} used twice")
        seen_tables.add((slot.id, meeting.table))
        per_slot[slot.id] += 1
        if request.locked_slot is not None and request.locked_slot != slot.id:
            problems.append(
                f"request {meeting.request!r} is locked to {request.locked_slot!r} "
                f"but sits in {slot.id!r}"
            )
        for person_id in request.participants:
            person = people[person_id]
            if person.available is not None and slot.id not in person.available:
                problems.append(
                    f"request {meeting.request!r}: {person_id!r} is not available in {slot.id!r}"
                )
            agenda[person_id].append((slot, meeting.request))
    for slot_id, count in per_slot.items():
        if count > slots[slot_id].tables:
            problems.append(
                f"slot {slot_id!r}: {count} meetings for {slots[slot_id].tables} tables"
            )
    for person_id, entries in agenda.items():
        person = people[person_id]
        entries.sort(key=lambda entry: (entry[0].start, entry[0].end))
        for index, (slot, request_id) in enumerate(entries):
            for other_slot, other_id in entries[index + 1 :]:
                if other_slot.start >= slot.end:
                    break
                if _overlap(slot, other_slot):
                    problems.append(
                        f"{person_id!r} is in {request_id!r} and {other_id!r} at the same time"
                    )
        if person.max_meetings is not None and len(entries) > person.max_meetings:
            problems.append(
                f"{person_id!r} has {len(entries)} meetings, max_meetings is {person.max_meetings}"
            )
        if person.max_consecutive is not None and entries:
            run = 1
            longest = 1
            for (earlier, _), (later, _) in itertools.pairwise(entries):
                run = run + 1 if _follows(earlier, later) else 1
                longest = max(longest, run)
            if longest > person.max_consecutive:
                problems.append(
                    f"{person_id!r} has {longest} meetings in a row, "
                    f"max_consecutive is {person.max_consecutive}"
                )
    return problems


def objective_of(instance: Instance, meetings: Sequence[Meeting]) -> float:
    weights = {request.id: request.weight for request in instance.requests}
    return float(sum(weights[meeting.request] for meeting in meetings))


def not_kept(
    instance: Instance, previous: Sequence[Meeting], meetings: Sequence[Meeting]
) -> list[Meeting]:
    """Previous meetings that are individually still feasible but not in the same slot now.

    "Individually feasible": the request still exists, its slot still exists, every participant
    is still available then, and a lock (if any) points to that slot. When these previous
    meetings are also jointly feasible (the usual case after cancellations, late arrivals and
    new requests), a correct repair returns an empty list.
    """
    slots = {slot.id for slot in instance.slots}
    people = {person.id: person for person in instance.participants}
    requests = {request.id: request for request in instance.requests}
    now = {meeting.request: meeting.slot for meeting in meetings}
    result: list[Meeting] = []
    for meeting in previous:
        request = requests.get(meeting.request)
        if request is None or meeting.slot not in slots:
            continue
        if request.locked_slot is not None and request.locked_slot != meeting.slot:
            continue
        if any(
            people[p].available is not None and meeting.slot not in (people[p].available or ())
            for p in request.participants
        ):
            continue
        if now.get(meeting.request) != meeting.slot:
            result.append(meeting)
    return result


def count_breaks(instance: Instance, meetings: Sequence[Meeting]) -> dict[Id, int]:
    """Breaks per participant with a meeting, from the definition (see ``breaks.py``).

    For each two consecutive meetings of a person on the same calendar day, a break when a slot
    lies strictly between them (starts at or after the end of the first, ends at or before the
    start of the second) in which the person is available (it has no meeting, the meetings
    being consecutive).
    """
    slots = {slot.id: slot for slot in instance.slots}
    people = {person.id: person for person in instance.participants}
    requests = {request.id: request for request in instance.requests}
    agenda: dict[Id, list[Slot]] = defaultdict(list)
    for meeting in meetings:
        for person_id in requests[meeting.request].participants:
            agenda[person_id].append(slots[meeting.slot])
    result: dict[Id, int] = {}
    for person_id, taken in agenda.items():
        person = people[person_id]
        taken.sort(key=lambda slot: (slot.start, slot.end))
        breaks = 0
        for earlier, later in itertools.pairwise(taken):
            if earlier.start.date() != later.start.date():
                continue
            for slot in instance.slots:
                inside = slot.start >= earlier.end and slot.end <= later.start
                same_day = slot.start.date() == earlier.start.date()
                available = person.available is None or slot.id in person.available
                if inside and same_day and available:
                    breaks += 1
                    break
        result[person_id] = breaks
    return result
