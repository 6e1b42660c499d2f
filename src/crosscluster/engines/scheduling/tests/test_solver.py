"""Hand-computed examples: what the schedule must be and why a request is left out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crosscluster.engines.scheduling import (
    BreakOptions,
    Meeting,
    Slot,
    check_schedule,
    schedule_meetings,
)
from crosscluster.engines.scheduling.generator import generate_event
from crosscluster.engines.scheduling.tests.factories import (
    hand_example,
    instance,
    make_slots,
    person,
    request,
)


def slots_of(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {str(m.request): str(m.slot) for m in result.meetings}


def reasons_of(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {str(u.request): u.reason for u in result.unscheduled}


def test_hand_computed_example() -> None:
    # Two slots with one table: at most two meetings (factories.hand_example).
    event = hand_example()
    result = schedule_meetings(event, time_limit=2)
    assert check_schedule(event, result.meetings) == []
    assert result.objective == 5
    assert result.upper_bound == 5
    assert result.ratio == 1
    assert set(slots_of(result)) == {"AB", "AC"}
    assert "BC" in reasons_of(result)
    assert "equal or higher weight" in reasons_of(result)["BC"]


def test_three_person_meetings_block_all_three() -> None:
    event = instance(
        make_slots(1, tables=5),
        [person("A"), person("B"), person("C")],
        [request("ABC", "A", "B", "C", weight=2), request("BC", "B", "C")],
    )
    result = schedule_meetings(event, time_limit=2)
    assert slots_of(result) == {"ABC": "s1"}
    assert "busy" in reasons_of(result)["BC"] or "every common" in reasons_of(result)["BC"]


def test_locked_meetings_stay_in_their_slot() -> None:
    event = instance(
        make_slots(3),
        [person("A"), person("B")],
        [request("AB", "A", "B", locked_slot="s3")],
    )
    result = schedule_meetings(event, time_limit=2)
    assert slots_of(result) == {"AB": "s3"}


def test_reasons_for_locks() -> None:
    event = instance(
        make_slots(2),
        [person("A"), person("B", available=["s1"]), person("C")],
        [
            request("AB", "A", "B", locked_slot="s2"),
            request("AC", "A", "C", weight=2, locked_slot="s1"),
            request("CA", "C", "A", locked_slot="s1"),
        ],
    )
    result = schedule_meetings(event, time_limit=2)
    reasons = reasons_of(result)
    assert reasons["AB"] == "locked slot s2 unavailable for participant B"
    assert reasons["CA"].startswith("locked slot s1: participant C already has locked meeting AC")
    assert check_schedule(event, result.meetings) == []


def test_reason_for_a_cap() -> None:
    event = instance(
        make_slots(3, tables=3),
        [person("A", max_meetings=1), person("B"), person("C")],
        [request("AB", "A", "B", weight=2), request("AC", "A", "C")],
    )
    result = schedule_meetings(event, time_limit=2)
    assert slots_of(result).keys() == {"AB"}
    assert reasons_of(result)["AC"] == "participant A reached max_meetings (1)"


def test_reason_for_no_common_slot() -> None:
    event = instance(
        make_slots(2),
        [person("A", available=["s1"]), person("B", available=["s2"])],
        [request("AB", "A", "B")],
    )
    result = schedule_meetings(event, time_limit=2)
    assert reasons_of(result)["AB"] == "no common available slot for A and B"
    assert result.upper_bound == 0


def test_max_consecutive_counts_adjacent_slots_only() -> None:
    # s1 s2 s3 adjacent, then a break, then s4: with at most 2 in a row A can meet 3 people,
    # using the break to reset the run.
    event = instance(
        make_slots(4, tables=3, breaks=[2]),
        [person("A", max_consecutive=2), person("B"), person("C"), person("D")],
        [request("AB", "A", "B"), request("AC", "A", "C"), request("AD", "A", "D")],
    )
    result = schedule_meetings(event, time_limit=2)
    assert check_schedule(event, result.meetings) == []
    assert result.objective == 3
    used = sorted(slots_of(result).values())
    assert used != ["s1", "s2", "s3"]


def test_overlapping_slots_are_never_double_booked() -> None:
    base = make_slots(1, tables=1)[0]
    overlapping = Slot(
        id="x",
        start=base.start + timedelta(minutes=10),
        end=base.end + timedelta(minutes=10),
        tables=1,
    )
    event = instance(
        [base, overlapping],
        [person("A"), person("B"), person("C")],
        [request("AB", "A", "B", weight=2), request("AC", "A", "C")],
    )
    result = schedule_meetings(event, time_limit=2)
    assert check_schedule(event, result.meetings) == []
    assert result.objective == 2
    assert result.upper_bound == 2  # the time-indexed LP or the exact solve sees the overlap


def test_tables_are_numbered_from_one_and_a_person_keeps_their_table() -> None:
    event = instance(
        make_slots(2, tables=3),
        [person(name) for name in "ABCDE"],
        [
            request("AB", "A", "B"),
            request("CD", "C", "D"),
            request("AE", "A", "E"),
            request("CE", "C", "B"),
        ],
    )
    result = schedule_meetings(event, time_limit=2)
    assert check_schedule(event, result.meetings) == []
    assert {m.table for m in result.meetings} <= {1, 2, 3}
    table_of = {(m.request, m.slot): m.table for m in result.meetings}
    by_request = {m.request: m for m in result.meetings}
    # A meets B then E (or the reverse) in adjacent slots, at the same table
    assert table_of[("AB", by_request["AB"].slot)] == table_of[("AE", by_request["AE"].slot)]


def test_compaction_removes_idle_slots() -> None:
    # A meets B and C; the only question is where. A gap between them would be idle time.
    event = instance(
        make_slots(4, tables=2),
        [person("A"), person("B", available=["s1"]), person("C", available=["s2", "s4"])],
        [request("AB", "A", "B"), request("AC", "A", "C")],
    )
    result = schedule_meetings(event, time_limit=2)
    assert slots_of(result) == {"AB": "s1", "AC": "s2"}
    assert result.idle_slots == 0


def test_repair_keeps_feasible_meetings_and_moves_the_displaced() -> None:
    slots = make_slots(3, tables=2)
    people = [person("A"), person("B"), person("C"), person("D")]
    before = instance(slots, people, [request("AB", "A", "B"), request("CD", "C", "D")])
    previous = [Meeting("AB", "s1", 2), Meeting("CD", "s2", 1)]
    # C now arrives late (not in s1, s2); a new request A-C comes in; nothing is cancelled
    after = instance(
        slots,
        [person("A"), person("B"), person("C", available=["s3"]), person("D")],
        [*before.requests, request("AC", "A", "C", weight=3)],
    )
    result = schedule_meetings(after, previous=previous, time_limit=2)
    assert check_schedule(after, result.meetings) == []
    placed = {m.request: (m.slot, m.table) for m in result.meetings}
    assert placed["AB"] == ("s1", 2)  # kept in place, same table
    # C can only attend s3 now: the confirmed C-D moves there and keeps priority over the
    # heavier new request A-C (confirmed meetings are never dropped for new ones)
    assert placed["CD"][0] == "s3"
    # C-D was displaced (no longer feasible in its slot): not counted as moved or dropped
    assert (result.moved, result.dropped, result.displaced) == (0, 0, 1)
    assert "AC" in {u.request for u in result.unscheduled}


def test_repair_drops_only_what_cannot_be_placed() -> None:
    slots = make_slots(2)
    before = instance(slots, [person("A"), person("B"), person("C")], [request("AB", "A", "B")])
    previous = [Meeting("AB", "s1", 1), Meeting("AC", "s2", 1)]
    after = instance(
        slots,
        [person("A"), person("B"), person("C", available=["s1"])],
        [*before.requests, request("AC", "A", "C")],
    )
    # C now only attends s1, where A meets B (still feasible, so it stays): A-C is lost
    result = schedule_meetings(after, previous=previous, time_limit=2, move_budget=0)
    assert slots_of(result) == {"AB": "s1"}
    assert (result.dropped, result.displaced) == (0, 1)  # A-C was no longer feasible
    assert {u.request: u.reason for u in result.unscheduled}["AC"].startswith(
        "confirmed meeting dropped:"
    )


def test_repair_moves_a_displaced_meeting() -> None:
    slots = make_slots(3, tables=2)
    before = instance(slots, [person("A"), person("B")], [request("AB", "A", "B")])
    after = instance(slots, [person("A", available=["s2", "s3"]), person("B")], before.requests)
    result = schedule_meetings(after, previous=[Meeting("AB", "s1", 1)], time_limit=2)
    assert (result.moved, result.dropped, result.displaced) == (0, 0, 1)
    assert slots_of(result)["AB"] in {"s2", "s3"}


def test_cancelled_requests_in_the_previous_schedule_are_ignored() -> None:
    slots = make_slots(2)
    event = instance(slots, [person("A"), person("B")], [request("AB", "A", "B")])
    result = schedule_meetings(
        event, previous=[Meeting("gone", "s1", 1), Meeting("AB", "s2", 1)], time_limit=2
    )
    assert slots_of(result) == {"AB": "s2"}
    assert (result.moved, result.dropped, result.cancelled) == (0, 0, 1)


def test_time_limit_is_respected_on_a_large_event() -> None:
    import time

    event = generate_event(participants=600, requests=5000, slots=24, tables=150, seed=3)
    started = time.perf_counter()
    result = schedule_meetings(event, time_limit=0.6)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0  # the limit, plus noise on a shared machine
    assert check_schedule(event, result.meetings) == []
    assert result.objective <= result.upper_bound


def test_same_seed_same_schedule() -> None:
    # Greedy, repair moves and compaction are deterministic; so is each CP-SAT round (a
    # deterministic time limit), only the number of rounds within a wall-clock limit is not.
    # The break phase races incremental SAT on a second thread (break_parallel): which of two
    # layouts with the proven fewest breaks is kept depends on the threads' timing, so the
    # same meetings with the same (proven optimal) breaks, not the same slots.
    event = generate_event(participants=80, requests=400, slots=12, tables=30, seed=5)
    first = schedule_meetings(event, time_limit=20, seed=1, use_lns=False)
    second = schedule_meetings(event, time_limit=20, seed=1, use_lns=False)
    assert {m.request for m in first.meetings} == {m.request for m in second.meetings}
    # (the reasons name the participant who is busy, which depends on the layout)
    assert [u.request for u in first.unscheduled] == [u.request for u in second.unscheduled]
    assert first.breaks == second.breaks == first.breaks_lower_bound
    plain = BreakOptions(compact=False)  # without the break phase: the same slots and tables
    first = schedule_meetings(event, time_limit=20, seed=1, use_lns=False, options=plain)
    second = schedule_meetings(event, time_limit=20, seed=1, use_lns=False, options=plain)
    assert first.meetings == second.meetings
    assert first.unscheduled == second.unscheduled


@pytest.mark.parametrize("weight", [0.5, 2.25])
def test_fractional_weights(weight: float) -> None:
    event = instance(
        make_slots(1),
        [person("A"), person("B"), person("C")],
        [request("AB", "A", "B", weight=weight), request("AC", "A", "C", weight=1.0)],
    )
    result = schedule_meetings(event, time_limit=2)
    assert result.objective == max(weight, 1.0)
    assert result.upper_bound >= result.objective
