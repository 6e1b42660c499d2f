"""Small hand-made instances and an independent brute-force optimum for the tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta

from crosscluster.engines.scheduling import Instance, Meeting, Participant, Request, Slot
from crosscluster.engines.scheduling.checker import check_schedule

DAY = datetime(2025, 6, 10, 9, 0)


def make_slots(count: int, tables: int = 1, breaks: Sequence[int] = ()) -> tuple[Slot, ...]:
    """``count`` 30-minute slots ``s1..sN`` from 09:00; a 30-minute break after each index in
    ``breaks`` (0-based)."""
    slots = []
    moment = DAY
    for index in range(count):
        slots.append(
            Slot(
                id=f"s{index + 1}", start=moment, end=moment + timedelta(minutes=30), tables=tables
            )
        )
        moment += timedelta(minutes=30)
        if index in breaks:
            moment += timedelta(minutes=30)
    return tuple(slots)


def person(
    name: str,
    available: Sequence[str] | None = None,
    max_meetings: int | None = None,
    max_consecutive: int | None = None,
) -> Participant:
    return Participant(
        id=name,
        available=None if available is None else frozenset(available),
        max_meetings=max_meetings,
        max_consecutive=max_consecutive,
    )


def request(
    name: str, *members: str, weight: float = 1.0, locked_slot: str | None = None
) -> Request:
    return Request(id=name, participants=members, weight=weight, locked_slot=locked_slot)


def instance(
    slots: Sequence[Slot], people: Sequence[Participant], requests: Sequence[Request]
) -> Instance:
    return Instance(slots=tuple(slots), participants=tuple(people), requests=tuple(requests))


def hand_example() -> Instance:
    """Two slots with one table: A-B (3) and A-C (2) fit in different slots; B-C (1) has no
    table left. Optimum 5, and the counting bound proves it."""
    return instance(
        make_slots(2),
        [person("A"), person("B"), person("C")],
        [
            request("AB", "A", "B", weight=3),
            request("AC", "A", "C", weight=2),
            request("BC", "B", "C"),
        ],
    )


def brute_force_optimum(problem: Instance, *, force_locks: bool = False) -> float | None:
    """Best total weight over every assignment of requests to slots (or none), by enumeration.

    Validity is judged by the independent checker (tables are numbered in input order). With
    ``force_locks`` every locked request must be scheduled; None when that is impossible.
    """
    slot_ids = [slot.id for slot in problem.slots]
    best: float | None = None
    options = []
    for item in problem.requests:
        if item.locked_slot is not None:
            choices: list[object] = [item.locked_slot]
            if not force_locks:
                choices.append(None)
        else:
            choices = [None, *slot_ids]
        options.append(choices)
    tables = {slot.id: slot.tables for slot in problem.slots}
    for combination in itertools.product(*options):
        used: dict[object, int] = {}
        meetings = []
        overfull = False
        for item, slot_id in zip(problem.requests, combination, strict=True):
            if slot_id is None:
                continue
            used[slot_id] = used.get(slot_id, 0) + 1
            if used[slot_id] > tables[slot_id]:
                overfull = True
                break
            meetings.append(Meeting(request=item.id, slot=slot_id, table=used[slot_id]))
        if overfull:
            continue
        value = sum(
            item.weight
            for item, slot_id in zip(problem.requests, combination, strict=True)
            if slot_id is not None
        )
        if best is not None and value <= best:
            continue
        if not check_schedule(problem, meetings):
            best = value
    return best
