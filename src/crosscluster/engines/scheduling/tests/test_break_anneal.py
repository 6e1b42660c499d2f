"""The annealing over Kempe chains and the bit-arithmetic break count.

* ``person_breaks`` (bit arithmetic over the person's available slots) equals the definition
  written slot by slot, on random agendas with unavailable slots and two days;
* the annealing (the Python loop and the compiled one) keeps every meeting, never moves a fixed one, respects tables and run limits
  (judged by the independent checker), and reaches the exact fewest breaks on small events
  (``fewest_breaks``: enumeration of every placement).
"""

from __future__ import annotations

import functools
import random
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscluster.engines.scheduling import (
    Meeting,
    break_anneal,
    check_schedule,
    count_breaks,
)
from crosscluster.engines.scheduling.break_anneal import anneal
from crosscluster.engines.scheduling.breaks import BreakCost, BreakOptions, person_breaks
from crosscluster.engines.scheduling.problem import State, compile_instance, iter_bits
from crosscluster.engines.scheduling.tests.factories import (
    DAY,
    instance,
    make_slots,
    person,
    request,
)
from crosscluster.engines.scheduling.tests.test_breaks import fewest_breaks


@pytest.fixture(params=["python", "compiled"])
def loop(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run ``anneal`` on the Python loop, then on the compiled one (``break_kernel``)."""
    if request.param == "python":
        monkeypatch.setattr(break_anneal, "_kernel", None)
    else:
        kernel = pytest.importorskip("crosscluster.engines.scheduling.break_kernel")
        break_anneal.warm_up_kernel(wait=True)
        monkeypatch.setattr(break_anneal, "_kernel", kernel)
    return str(request.param)


def breaks_by_definition(problem, busy: int, who: int) -> int:  # type: ignore[no-untyped-def]
    """Slot by slot: consecutive meetings of one day with an available idle slot between."""
    total = 0
    previous = -1
    for slot in iter_bits(busy):
        if previous >= 0 and problem.day[previous] == problem.day[slot]:
            between = range(previous + 1, slot)
            if any(problem.avail[who] >> s & 1 and not busy >> s & 1 for s in between):
                total += 1
        previous = slot
    return total


def two_day_event(available: list[str]):  # type: ignore[no-untyped-def]
    slots = list(make_slots(8))
    for index in range(8):
        moment = DAY + timedelta(days=1, minutes=30 * index)
        slots.append(
            type(slots[0])(
                id=f"d{index + 1}", start=moment, end=moment + timedelta(minutes=30), tables=1
            )
        )
    people = [person("A", available=available), person("B")]
    return instance(slots, people, [request("1", "A", "B")])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=(1 << 16) - 1), st.integers(0, (1 << 16) - 1))
def test_bit_arithmetic_breaks_equal_the_definition(agenda: int, away: int) -> None:
    ids = [f"s{i + 1}" for i in range(8)] + [f"d{i + 1}" for i in range(8)]
    available = [slot for index, slot in enumerate(ids) if not away >> index & 1]
    problem = compile_instance(two_day_event(available or ids))
    who = problem.person_index["A"]
    busy = agenda & problem.avail[who]
    assert problem.linear
    assert not problem.has_overlaps
    assert person_breaks(problem, busy, who) == breaks_by_definition(problem, busy, who)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=(1 << 16) - 1), st.booleans())
def test_breaks_of_someone_always_available_equal_the_definition(
    agenda: int, one_day: bool
) -> None:
    """The fast path (available in every slot: blocks after each day's first)."""
    ids = [f"s{i + 1}" for i in range(8)] + [f"d{i + 1}" for i in range(8)]
    event = two_day_event(ids)
    if one_day:
        event = instance(list(make_slots(16)), [person("A"), person("B")], [request("1", "A", "B")])
    problem = compile_instance(event)
    who = problem.person_index["A"]
    assert problem.avail[who] == problem.all_slots
    assert len(problem.day_mask) == (1 if one_day else 2)
    busy = agenda & problem.all_slots
    assert person_breaks(problem, busy, who) == breaks_by_definition(problem, busy, who)


def scattered(event, seed: int):  # type: ignore[no-untyped-def]
    """A valid schedule of every request, slots chosen at random (None if none was found)."""
    problem = compile_instance(event)
    rng = random.Random(seed)
    for _ in range(200):
        state = State(problem)
        order = list(range(problem.request_count))
        rng.shuffle(order)
        for r in order:
            free = list(iter_bits(state.free_slots(r)))
            if not free:
                break
            state.place(r, rng.choice(free))
        else:
            state.commit()
            return problem, state
    return None


def meetings_of(problem, state) -> list[Meeting]:  # type: ignore[no-untyped-def]
    used: dict[int, int] = {}
    result = []
    for r in range(problem.request_count):
        slot = state.slot_of[r]
        if slot >= 0:
            used[slot] = used.get(slot, 0) + 1
            result.append(Meeting(problem.request_ids[r], problem.slot_ids[slot], used[slot]))
    return result


def small_event(limit: int | None = None):  # type: ignore[no-untyped-def]
    slots = make_slots(5, tables=2)
    people = [person(name, max_consecutive=limit) for name in "ABCD"]
    people.append(person("E", available=["s1", "s2", "s4", "s5"], max_consecutive=limit))
    pairs = ["AB", "AC", "AD", "BE", "CE", "DE"]
    return instance(slots, people, [request(pair, *pair) for pair in pairs])


@functools.cache
def fewest_breaks_of_small_event(limit: int | None, scheduled: tuple[str, ...]) -> int | None:
    """The oracle (every placement enumerated) once per event and set of meetings: the seeds
    and both loops below ask it the same question."""
    return fewest_breaks(small_event(limit), list(scheduled))


def test_anneal_reaches_the_fewest_breaks_and_keeps_every_meeting(loop: str) -> None:
    for limit in (None, 2):
        event = small_event(limit)
        for seed in range(3):
            found = scattered(event, seed)
            assert found is not None
            problem, state = found
            before = sorted(r for r in range(problem.request_count) if state.slot_of[r] >= 0)
            cost = BreakCost(problem, BreakOptions())
            remaining = iter([1.0] * 4_000 + [0.0])  # a step budget, not a clock
            anneal(problem, state, cost, seed, lambda remaining=remaining: next(remaining))
            after = sorted(r for r in range(problem.request_count) if state.slot_of[r] >= 0)
            assert after == before
            meetings = meetings_of(problem, state)
            assert check_schedule(event, meetings) == []
            best = fewest_breaks_of_small_event(limit, tuple(sorted(m.request for m in meetings)))
            assert sum(count_breaks(event, meetings).values()) == best


def test_anneal_never_moves_a_fixed_meeting(loop: str) -> None:
    event = small_event()
    found = scattered(event, 7)
    assert found is not None
    problem, state = found
    fixed = {r: state.slot_of[r] for r in range(0, problem.request_count, 3)}
    for r in fixed:
        state.fixed[r] = True
    remaining = iter([1.0] * 5_000 + [0.0])
    anneal(problem, state, BreakCost(problem, BreakOptions()), 1, lambda: next(remaining))
    assert {r: state.slot_of[r] for r in fixed} == fixed
    assert check_schedule(event, meetings_of(problem, state)) == []


def test_with_fairness_and_half_day_options_the_annealing_stops_at_a_cost_of_zero(
    loop: str,
) -> None:
    """Nothing can improve a schedule without breaks, fairness excess or half-day span: the
    annealing stops before its first move (it used to run out its whole budget)."""
    event = instance(
        make_slots(4), [person("A"), person("B"), person("C")], [request("AB", "A", "B")]
    )
    event = instance(event.slots, event.participants, [*event.requests, request("AC", "A", "C")])
    problem = compile_instance(event)
    state = State(problem)
    state.place(problem.request_index["AB"], 0)
    state.place(problem.request_index["AC"], 1)
    state.commit()
    options = BreakOptions(max_break_difference=0, half_day=True)
    remaining = iter([1.0] * 4_000 + [0.0])
    moves = anneal(problem, state, BreakCost(problem, options, 0), 3, lambda: next(remaining))
    assert moves == 0
    assert [state.slot_of[problem.request_index[r]] for r in ("AB", "AC")] == [0, 1]
