"""The independent checker finds every kind of violation (it is the oracle of the other tests)."""

from __future__ import annotations

from datetime import timedelta

from crosscluster.engines.scheduling import Meeting, Slot, check_schedule, not_kept, objective_of
from crosscluster.engines.scheduling.tests.factories import instance, make_slots, person, request

SLOTS = make_slots(4, tables=2, breaks=[2])  # s1 s2 s3 | break | s4
PEOPLE = [
    person("A"),
    person("B", available=["s1", "s2", "s3"]),
    person("C", max_meetings=1),
    person("D", max_consecutive=2),
    person("E"),
]
REQUESTS = [
    request("AB", "A", "B", weight=3),
    request("AC", "A", "C", weight=2),
    request("BC", "B", "C"),
    request("DA", "D", "A"),
    request("DB", "D", "B"),
    request("DE", "D", "E"),
    request("ADE", "A", "D", "E", weight=2, locked_slot="s4"),
]
EVENT = instance(SLOTS, PEOPLE, REQUESTS)


def meeting(name: str, slot: str, table: int = 1) -> Meeting:
    return Meeting(request=name, slot=slot, table=table)


def test_a_valid_schedule_has_no_violation() -> None:
    schedule = [meeting("AB", "s1"), meeting("AC", "s2"), meeting("ADE", "s4")]
    assert check_schedule(EVENT, schedule) == []
    assert objective_of(EVENT, schedule) == 7


def test_each_violation_is_reported() -> None:
    cases = {
        "unknown request": [meeting("XX", "s1")],
        "unknown slot": [meeting("AB", "s9")],
        "more than once": [meeting("AB", "s1"), meeting("AB", "s2")],
        "outside 1..2": [meeting("AB", "s1", table=3)],
        "used twice": [meeting("AB", "s1"), meeting("DE", "s1")],
        "not available": [meeting("AB", "s4")],
        "same time": [meeting("AB", "s1", 1), meeting("AC", "s1", 2)],
        "max_meetings": [meeting("AC", "s1"), meeting("BC", "s2")],
        "in a row": [meeting("DA", "s1"), meeting("DB", "s2"), meeting("DE", "s3", 1)],
        "locked": [meeting("ADE", "s1")],
    }
    for words, schedule in cases.items():
        found = check_schedule(EVENT, schedule)
        assert any(words in problem for problem in found), (words, found)


def test_a_break_resets_the_run() -> None:
    # D meets in s2, s3, (break), s4: runs of 2 and 1, allowed with max_consecutive 2
    schedule = [meeting("DA", "s2"), meeting("DB", "s3"), meeting("ADE", "s4")]
    assert check_schedule(EVENT, schedule) == []


def test_overlapping_slots_are_the_same_time() -> None:
    base = make_slots(1, tables=2)[0]
    shifted = Slot(
        id="late",
        start=base.start + timedelta(minutes=15),
        end=base.end + timedelta(minutes=15),
        tables=1,
    )
    event = instance(
        [base, shifted],
        [person("A"), person("B"), person("C")],
        [request("AB", "A", "B"), request("AC", "A", "C")],
    )
    found = check_schedule(event, [meeting("AB", "s1"), meeting("AC", "late")])
    assert any("same time" in problem for problem in found)


def test_not_kept_lists_feasible_previous_meetings_that_moved() -> None:
    previous = [meeting("AB", "s1"), meeting("AC", "s2"), meeting("BC", "s4")]
    now = [meeting("AB", "s2"), meeting("AC", "s1")]
    # BC in s4 was never feasible (B is not available in s4), so it is not listed
    assert {m.request for m in not_kept(EVENT, previous, now)} == {"AB", "AC"}
