"""Why a request is left out, as a code and its values (``Reason``), and the same English as
before the codes: one test per kind of reason, each made by the engine from a hand-made case."""

from __future__ import annotations

import json

import pytest

from crosscluster.engines.scheduling import (
    REASON_CODES,
    Instance,
    Reason,
    ScheduleResult,
    schedule_meetings,
)
from crosscluster.engines.scheduling.problem import State, compile_instance
from crosscluster.engines.scheduling.reasons import explain
from crosscluster.engines.scheduling.serialization import result_to_json
from crosscluster.engines.scheduling.tests.factories import (
    hand_example,
    instance,
    make_slots,
    person,
    request,
)


def why(result: ScheduleResult, name: str) -> Reason:
    return next(item.why for item in result.unscheduled if item.request == name)


def explained(event: Instance, placed: dict[str, str], name: str) -> Reason:
    """The reason of ``name`` in a schedule of exactly ``placed`` (request -> slot)."""
    problem = compile_instance(event)
    state = State(problem)
    slots = {slot: index for index, slot in enumerate(problem.slot_ids)}
    for placed_request, slot in placed.items():
        state.place(problem.request_ids.index(placed_request), slots[slot])
    return explain(problem, state, problem.request_ids.index(name))


def assert_reason(reason: Reason, code: str, values: dict[str, object], text: str) -> None:
    assert reason.code == code
    assert dict(reason.values) == values
    assert set(dict(reason.values)) <= set(REASON_CODES[code])
    assert reason.text == str(reason) == text


@pytest.mark.parametrize(
    ("limits", "code", "text"),
    [
        ({"max_meetings": 0}, "never_meets", "participant A accepts no meetings (max_meetings 0)"),
        (
            {"max_consecutive": 0},
            "never_in_a_row",
            "participant A accepts no meetings (max_consecutive 0)",
        ),
        ({"available": []}, "never_available", "participant A is not available in any slot"),
    ],
)
def test_a_participant_who_takes_no_meetings(
    limits: dict[str, object], code: str, text: str
) -> None:
    event = instance(make_slots(2), [person("A", **limits), person("B")], [request("AB", "A", "B")])  # type: ignore[arg-type]
    result = schedule_meetings(event, time_limit=2)
    assert_reason(why(result, "AB"), code, {"participant": "A"}, text)


def test_a_locked_slot_a_participant_cannot_attend() -> None:
    event = instance(
        make_slots(2),
        [person("A"), person("B", available=["s1"])],
        [request("AB", "A", "B", locked_slot="s2")],
    )
    assert_reason(
        why(schedule_meetings(event, time_limit=2), "AB"),
        "locked_unavailable",
        {"slot": "s2", "participant": "B"},
        "locked slot s2 unavailable for participant B",
    )


def test_no_common_slot_names_every_participant() -> None:
    event = instance(
        make_slots(3),
        [person("A", available=["s1"]), person("B", available=["s2"]), person("C")],
        [request("ABC", "A", "B", "C")],
    )
    assert_reason(
        why(schedule_meetings(event, time_limit=2), "ABC"),
        "no_common_slot",
        {"participants": ("A", "B", "C")},
        "no common available slot for A, B and C",
    )


def test_a_locked_slot_where_a_participant_has_another_locked_meeting() -> None:
    event = instance(
        make_slots(2),
        [person("A"), person("C")],
        [
            request("AC", "A", "C", weight=2, locked_slot="s1"),
            request("CA", "C", "A", locked_slot="s1"),
        ],
    )
    assert_reason(
        why(schedule_meetings(event, time_limit=2), "CA"),
        "locked_busy",
        {"slot": "s1", "participant": "C", "other": "AC"},
        "locked slot s1: participant C already has locked meeting AC then",
    )


def test_a_locked_slot_whose_tables_are_taken_by_locked_meetings() -> None:
    event = instance(
        make_slots(2),
        [person("A"), person("B"), person("C"), person("D")],
        [
            request("AB", "A", "B", weight=2, locked_slot="s1"),
            request("CD", "C", "D", locked_slot="s1"),
        ],
    )
    assert_reason(
        why(schedule_meetings(event, time_limit=2), "CD"),
        "locked_no_table",
        {"slot": "s1", "tables": 1},
        "locked slot s1 has no free table (all 1 taken by locked meetings)",
    )


@pytest.mark.parametrize(
    ("limits", "code", "text"),
    [
        (
            {"max_meetings": 1},
            "locked_limit",
            "locked slot s2: participant A reached max_meetings (1) with other locked meetings",
        ),
        (
            {"max_consecutive": 1},
            "locked_in_a_row",
            "locked slot s2: participant A would exceed max_consecutive (1) with other locked "
            "meetings",
        ),
    ],
)
def test_a_locked_slot_beyond_a_participants_limit(
    limits: dict[str, int], code: str, text: str
) -> None:
    event = instance(
        make_slots(2, tables=2),
        [person("A", **limits), person("B"), person("C")],  # type: ignore[arg-type]
        [
            request("AB", "A", "B", weight=2, locked_slot="s1"),
            request("AC", "A", "C", locked_slot="s2"),
        ],
    )
    assert_reason(
        why(schedule_meetings(event, time_limit=2), "AC"),
        code,
        {"slot": "s2", "participant": "A", "limit": 1},
        text,
    )


def test_a_lock_conflict_of_no_other_kind_reads_as_before() -> None:
    # every way a lock clashes is one of the codes above; the engine keeps a last, general one
    reason = Reason("locked_conflict", (("slot", "s4"),))
    assert reason.text == "locked slot s4 conflicts with other locked meetings"


def test_a_participant_at_their_most_meetings() -> None:
    event = instance(
        make_slots(3, tables=3),
        [person("A", max_meetings=1), person("B"), person("C")],
        [request("AB", "A", "B", weight=2), request("AC", "A", "C")],
    )
    assert_reason(
        why(schedule_meetings(event, time_limit=2), "AC"),
        "limit_reached",
        {"participant": "A", "limit": 1},
        "participant A reached max_meetings (1)",
    )


def test_a_participant_busy_in_every_common_slot() -> None:
    event = instance(
        make_slots(1, tables=5),
        [person("A"), person("B"), person("C")],
        [request("ABC", "A", "B", "C", weight=2), request("BC", "B", "C")],
    )
    assert_reason(
        why(schedule_meetings(event, time_limit=2), "BC"),
        "busy_everywhere",
        {"participant": "B", "count": 1},
        "participant B has a meeting in every common available slot (1)",
    )


def test_a_request_never_tried_while_a_slot_is_free() -> None:
    event = instance(make_slots(2), [person("A"), person("B")], [request("AB", "A", "B")])
    assert_reason(
        explained(event, {}, "AB"),
        "time_limit",
        {},
        "not placed within the time limit (a slot is still free; run again with more time)",
    )


def test_slots_taken_by_heavier_meetings_say_who_is_busy_where() -> None:
    event = hand_example()
    reason = why(schedule_meetings(event, time_limit=2), "BC")
    assert_reason(
        reason,
        "slots_taken",
        {
            "locked": False,
            "heavier": True,
            "total": 2,
            "busy": (("B", 1), ("C", 1)),
            "full": 0,
            "in_a_row": (),
        },
        "all 2 common slots are taken by meetings of equal or higher weight (B is busy in 1, C is "
        "busy in 1)",
    )


def test_slots_taken_with_a_full_table_when_a_lighter_meeting_is_in_the_way() -> None:
    # s1 s2 s3, one table each: A meets B in s1 and s2; C-D (lighter than A-E) take s3's table.
    event = instance(
        make_slots(3),
        [person("A"), person("B"), person("C"), person("D"), person("E")],
        [
            request("AB", "A", "B", weight=3),
            request("BA", "B", "A", weight=3),
            request("CD", "C", "D", weight=1),
            request("AE", "A", "E", weight=2),
        ],
    )
    reason = explained(event, {"AB": "s1", "BA": "s2", "CD": "s3"}, "AE")
    assert_reason(
        reason,
        "slots_taken",
        {
            "locked": False,
            "heavier": False,
            "total": 3,
            "busy": (("A", 2),),
            "full": 1,
            "in_a_row": (),
        },
        "all 3 common slots are full; fitting it would lower the total weight (A is busy in 2; no "
        "free table in 1)",
    )


def test_slots_taken_by_a_run_too_long_in_the_locked_slot() -> None:
    event = instance(
        make_slots(3, tables=2),
        [person("A", max_consecutive=2), person("B"), person("C"), person("D")],
        [
            request("AB", "A", "B"),
            request("AC", "A", "C"),
            request("AD", "A", "D", locked_slot="s3"),
        ],
    )
    reason = explained(event, {"AB": "s1", "AC": "s2"}, "AD")
    assert_reason(
        reason,
        "slots_taken",
        {
            "locked": True,
            "heavier": True,
            "total": 1,
            "busy": (),
            "full": 0,
            "in_a_row": (("A", 2, 1),),
        },
        "the locked slot is taken by meetings of equal or higher weight (A would exceed "
        "max_consecutive (2) in 1)",
    )


def test_a_confirmed_meeting_that_fits_nowhere_now_is_marked_dropped() -> None:
    before = instance(make_slots(2), [person("A"), person("B")], [request("AB", "A", "B")])
    after = instance(
        make_slots(2), [person("A"), person("B", available=[])], [request("AB", "A", "B")]
    )
    previous = schedule_meetings(before, time_limit=2).meetings
    assert [meeting.request for meeting in previous] == ["AB"]
    reason = why(schedule_meetings(after, previous=previous, time_limit=2), "AB")
    assert (reason.code, reason.dropped) == ("never_available", True)
    assert reason.text == "confirmed meeting dropped: participant B is not available in any slot"


def test_the_command_lines_json_keeps_the_text_and_adds_the_parts() -> None:
    event = instance(
        make_slots(2),
        [person("A", available=["s1"]), person("B", available=["s2"])],
        [request("AB", "A", "B")],
    )
    [item] = result_to_json(schedule_meetings(event, time_limit=2))["unscheduled"]
    assert json.loads(json.dumps(item)) == {
        "request": "AB",
        "reason": "no common available slot for A and B",
        "reason_parts": {
            "code": "no_common_slot",
            "values": {"participants": ["A", "B"]},
            "dropped": False,
        },
    }


def test_names_and_times_can_replace_the_ids() -> None:
    reason = Reason("locked_unavailable", (("slot", "s2"), ("participant", "B")), dropped=True)
    text = reason.render(participant={"B": "Bea"}.__getitem__, slot={"s2": "09:30"}.__getitem__)
    assert text == "confirmed meeting dropped: locked slot 09:30 unavailable for participant Bea"
