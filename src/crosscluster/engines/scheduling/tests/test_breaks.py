"""Breaks: the definition, an exact oracle on tiny events, and "breaks never cost a meeting".

The oracle enumerates every placement of the schedule's meetings (same meetings, any valid
slots, judged by the independent checker) and counts breaks with ``count_breaks`` (written
from the definition on the dataclasses). The engine's breaks must equal the checker's count,
its lower bound must not exceed the fewest breaks of any placement, and on tiny events the
engine must reach that minimum.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from crosscluster.engines.scheduling import (
    BreakOptions,
    Instance,
    Meeting,
    check_schedule,
    count_breaks,
    schedule_meetings,
)
from crosscluster.engines.scheduling.tests.factories import (
    DAY,
    instance,
    make_slots,
    person,
    request,
)
from crosscluster.engines.scheduling.tests.strategies import events

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def fewest_breaks(event: Instance, scheduled: list[object]) -> int | None:
    """The fewest total breaks over every valid placement of exactly these requests."""
    requests = [r for r in event.requests if r.id in scheduled]
    slot_ids = [slot.id for slot in event.slots]
    best: int | None = None
    for combination in itertools.product(slot_ids, repeat=len(requests)):
        used: dict[object, int] = {}
        meetings = []
        for item, slot_id in zip(requests, combination, strict=True):
            used[slot_id] = used.get(slot_id, 0) + 1
            meetings.append(Meeting(request=item.id, slot=slot_id, table=used[slot_id]))
        if check_schedule(event, meetings):
            continue
        total = sum(count_breaks(event, meetings).values())
        if best is None or total < best:
            best = total
    return best


def test_a_break_is_an_idle_period_not_an_idle_slot() -> None:
    slots = make_slots(7)
    people = [person("A"), person("B"), person("C"), person("D"), person("E")]
    requests = [request(name, "A", other) for name, other in [("1", "B"), ("2", "C")]]
    requests += [request(name, "A", other) for name, other in [("3", "D"), ("4", "E")]]
    event = instance(slots, people, requests)
    # A meets in s1, s3, s4 and s7: idle s2 (one break), idle s5-s6 (one break)
    meetings = [Meeting("1", "s1", 1), Meeting("2", "s3", 1)]
    meetings += [Meeting("3", "s4", 1), Meeting("4", "s7", 1)]
    assert count_breaks(event, meetings)["A"] == 2


def test_pauses_unavailable_slots_and_other_days_are_not_breaks() -> None:
    # a 30-minute coffee break after s2 (no slot), A unavailable in s4, s6 on the next day
    slots = list(make_slots(5, breaks=[1]))
    slots.append(
        type(slots[0])(
            id="s6",
            start=DAY + timedelta(days=1),
            end=DAY + timedelta(days=1, minutes=30),
            tables=1,
        )
    )
    available = ["s1", "s2", "s3", "s5", "s6"]
    people = [person("A", available=available), person("B"), person("C"), person("D")]
    event = instance(
        slots,
        people,
        [
            request("1", "A", "B"),
            request("2", "A", "C"),
            request("3", "A", "D"),
            request("4", "A", "B", "C"),
        ],
    )
    meetings = [Meeting("1", "s2", 1), Meeting("2", "s3", 1), Meeting("3", "s5", 1)]
    meetings.append(Meeting("4", "s6", 1))
    assert count_breaks(event, meetings)["A"] == 0
    result = schedule_meetings(event, time_limit=3)
    assert result.breaks == sum(count_breaks(event, result.meetings).values())


def test_compact_agendas_close_the_gaps_of_a_small_event() -> None:
    # A meets B, C, D; B also meets C. Without care, gaps appear; the optimum has none.
    slots = make_slots(6, tables=2)
    people = [person("A"), person("B"), person("C"), person("D")]
    requests = [request("AB", "A", "B"), request("AC", "A", "C"), request("AD", "A", "D")]
    requests.append(request("BC", "B", "C"))
    event = instance(slots, people, requests)
    result = schedule_meetings(event, time_limit=3)
    assert check_schedule(event, result.meetings) == []
    assert len(result.meetings) == 4
    assert result.breaks == 0
    assert result.breaks_lower_bound == 0


def test_fairness_and_half_day_options() -> None:
    # A has two meetings; with the half-day option both fall on one side of 13:00
    slots = make_slots(10)  # 09:00 .. 14:00
    people = [person("A"), person("B", available=["s1", "s10"]), person("C")]
    event = instance(slots, people, [request("AB", "A", "B"), request("AC", "A", "C")])
    result = schedule_meetings(event, time_limit=3, options=BreakOptions(half_day=True))
    placed = {m.request: m.slot for m in result.meetings}
    assert len(placed) == 2
    assert (placed["AB"] == "s10") == (placed["AC"] in {"s9", "s10"})
    fair = schedule_meetings(event, time_limit=3, options=BreakOptions(max_break_difference=0))
    counts = count_breaks(event, fair.meetings)
    assert max(counts.values()) - min(counts.values()) == 0


@SETTINGS
@given(events(max_slots=4, max_requests=5))
def test_breaks_match_the_oracle_on_tiny_events(event: Instance) -> None:
    result = schedule_meetings(event, time_limit=5)
    assert check_schedule(event, result.meetings) == []
    counted = count_breaks(event, result.meetings)
    assert result.breaks == sum(counted.values())
    assert dict(result.breaks_by_participant) == counted
    best = fewest_breaks(event, [m.request for m in result.meetings])
    assert best is not None
    assert result.breaks_lower_bound <= best
    assert result.breaks == best


@SETTINGS
@given(events(max_slots=5, max_requests=8))
def test_breaks_never_cost_a_meeting(event: Instance) -> None:
    plain = schedule_meetings(event, time_limit=5, options=BreakOptions(compact=False))
    compact = schedule_meetings(event, time_limit=5)
    fair = schedule_meetings(
        event, time_limit=5, options=BreakOptions(max_break_difference=0, half_day=True)
    )
    for result in (plain, compact, fair):
        assert check_schedule(event, result.meetings) == []
    assert abs(compact.objective - plain.objective) < 1e-9
    assert abs(fair.objective - plain.objective) < 1e-9
    assert len(compact.meetings) == len(plain.meetings) == len(fair.meetings)
    assert compact.breaks <= compact.breaks_before
    assert 0 <= compact.breaks_lower_bound <= compact.breaks


def test_with_fairness_and_half_day_options_the_break_phase_stops_when_nothing_can_improve() -> (
    None
):
    """The cost of these options is never below the breaks' lower bound with no fairness excess
    and no half-day span: once there, neither the annealing nor SAT runs (they used to take the
    whole time limit on every event)."""
    slots = make_slots(6, tables=2)
    people = [person("A"), person("B"), person("C"), person("D")]
    requests = [request("AB", "A", "B"), request("AC", "A", "C"), request("AD", "A", "D")]
    event = instance(slots, people, requests)
    options = BreakOptions(max_break_difference=0, half_day=True)
    result = schedule_meetings(event, time_limit=3, options=options)
    stats = dict(result.stats)
    assert len(result.meetings) == 3
    assert result.breaks == 0
    assert not {"breaks_anneal_moves", "breaks_sat_calls", "breaks_rounds"} & set(stats)
