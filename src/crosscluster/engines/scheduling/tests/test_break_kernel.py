"""The annealing's compiled loop (``break_kernel``) against the Python definitions.

* its cost of a person (breaks, half-day spans, fairness excess) equals ``BreakCost`` without
  the idle-slot tie-break, on random agendas of one and two days with unavailable slots and
  coffee breaks (hypothesis); its run length equals ``Problem.longest_run``;
* the compiled annealing keeps every meeting, never moves a fixed one, respects tables, run
  limits and availability (the independent checker), and the cost it tracks is the cost of
  the schedule it returns, on random small events (hypothesis);
* the side thread that compiles it leaves ``anneal`` on the compiled loop.
"""

from __future__ import annotations

import random
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscluster.engines.scheduling import break_anneal, check_schedule
from crosscluster.engines.scheduling.breaks import BreakCost, BreakOptions, person_breaks
from crosscluster.engines.scheduling.problem import compile_instance
from crosscluster.engines.scheduling.tests.factories import (
    instance,
    make_slots,
    person,
    request,
)
from crosscluster.engines.scheduling.tests.test_break_anneal import meetings_of, scattered

break_kernel = pytest.importorskip("crosscluster.engines.scheduling.break_kernel")


def event_of(  # type: ignore[no-untyped-def]
    days: int, away: int, limit: int | None, pause: int, tables: int = 1
):
    """Slots of 30 minutes from 09:00 (8 a day, a coffee break after index ``pause``) over
    ``days`` days; A misses the slots of the bits of ``away``; B, C, D are always there."""
    slots = []
    for day in range(days):
        for slot in make_slots(8, tables=tables, breaks=(pause,)):
            slots.append(
                type(slot)(
                    id=f"d{day}{slot.id}",
                    start=slot.start + timedelta(days=day),
                    end=slot.end + timedelta(days=day),
                    tables=tables,
                )
            )
    ids = [slot.id for slot in slots]
    available = [slot for index, slot in enumerate(ids) if not away >> index & 1] or ids
    people = [
        person("A", available=available, max_consecutive=limit),
        person("B", max_consecutive=limit),
        person("C"),
        person("D"),
    ]
    pairs = ["AB", "AC", "AD", "BC", "BD", "CD", "AB2", "AC2"]
    return instance(slots, people, [request(pair, *pair[:2]) for pair in pairs])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    agenda=st.integers(0, (1 << 16) - 1),
    away=st.integers(0, (1 << 16) - 1),
    days=st.sampled_from([1, 2]),
    pause=st.integers(0, 7),
    half_day=st.booleans(),
    difference=st.one_of(st.none(), st.integers(0, 2)),
    cap=st.integers(0, 3),
)
def test_the_compiled_cost_equals_the_definition(
    agenda: int,
    away: int,
    days: int,
    pause: int,
    half_day: bool,
    difference: int | None,
    cap: int,
) -> None:
    problem = compile_instance(event_of(days, away, None, pause))
    assert problem.linear
    options = BreakOptions(max_break_difference=difference, half_day=half_day)
    cost = BreakCost(problem, options, cap if difference is not None else None)
    cost.idle = False
    arguments = break_kernel._arguments(problem, [-1] * problem.request_count, [], [], cost)
    params, day_masks = arguments[17], arguments[16]
    for who in range(problem.person_count):
        busy = agenda & problem.avail[who] & problem.all_slots
        expected = cost.with_breaks(busy, who)
        found = break_kernel.person_cost(busy, problem.avail[who], params, day_masks)
        assert tuple(int(x) for x in found) == expected
        assert found[1] == person_breaks(problem, busy, who)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(agenda=st.integers(0, (1 << 16) - 1), slot=st.integers(0, 15), pause=st.integers(0, 7))
def test_the_compiled_run_length_equals_the_problems(agenda: int, slot: int, pause: int) -> None:
    problem = compile_instance(event_of(2, 0, 3, pause))
    arguments = break_kernel._arguments(
        problem, [-1] * problem.request_count, [], [], BreakCost(problem, BreakOptions())
    )
    pred, succ = arguments[14], arguments[15]
    assert break_kernel.longest_run(agenda, slot, pred, succ) == problem.longest_run(agenda, slot)


def random_schedule(problem, rng: random.Random):  # type: ignore[no-untyped-def]
    """Every request placed at random where it fits (None when none was found)."""
    found = scattered(problem.instance, rng.randrange(1 << 30))
    return None if found is None else found[1]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 1_000),
    days=st.sampled_from([1, 2]),
    away=st.integers(0, (1 << 16) - 1),
    limit=st.sampled_from([None, 2, 3]),
    tables=st.integers(1, 2),
    half_day=st.booleans(),
)
def test_the_compiled_annealing_keeps_meetings_and_constraints(
    seed: int, days: int, away: int, limit: int | None, tables: int, half_day: bool
) -> None:
    event = event_of(days, away, limit, 3, tables)
    problem = compile_instance(event)
    state = random_schedule(problem, random.Random(seed))
    if state is None:
        return
    fixed = {r: state.slot_of[r] for r in range(0, problem.request_count, 4)}
    for r in fixed:
        state.fixed[r] = True
    options = BreakOptions(half_day=half_day)
    cost = BreakCost(problem, options)
    cost.idle = False
    before = sum(cost.with_breaks(state.busy[p], p)[0] for p in range(problem.person_count))
    remaining = iter([1.0] * 20 + [0.0])
    break_anneal.warm_up_kernel(wait=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(break_anneal, "_kernel", break_kernel)
        moves = break_anneal.anneal(problem, state, cost, seed, lambda: next(remaining), -1)
    assert moves >= 0
    assert all(slot >= 0 for slot in state.slot_of)  # never a meeting less
    assert {r: state.slot_of[r] for r in fixed} == fixed
    assert check_schedule(event, meetings_of(problem, state)) == []
    after = sum(cost.with_breaks(state.busy[p], p)[0] for p in range(problem.person_count))
    assert after <= before  # the best schedule seen is the one returned


def test_the_compiled_annealing_tracks_the_cost_of_its_schedule() -> None:
    """After every batch the cost and breaks it carries are those of its arrays' schedule."""
    event = event_of(2, 0b1000_0000_0010_0100, 3, 3, tables=2)
    problem = compile_instance(event)
    state = random_schedule(problem, random.Random(3))
    assert state is not None
    cost = BreakCost(problem, BreakOptions())
    cost.idle = False
    arguments = break_kernel._arguments(
        problem, list(state.slot_of), state.fixed, list(range(problem.request_count)), cost
    )
    totals, rng = arguments[break_kernel.TOTALS], arguments[break_kernel.RNG]
    rng[0] = 12345
    for temperature in (50.0, 5.0, 0.5):
        break_kernel.run_steps(300, temperature, *arguments)
        slot_of = arguments[break_kernel.SLOT_OF]
        busy = [0] * problem.person_count
        for r, slot in enumerate(slot_of):
            for member in problem.parts[r]:
                busy[member] |= 1 << int(slot)
        assert list(arguments[7]) == busy
        expected = [cost.with_breaks(busy[p], p) for p in range(problem.person_count)]
        assert int(totals[0]) == sum(c for c, _ in expected)
        assert int(totals[1]) == sum(b for _, b in expected)
        used = np.bincount(slot_of, minlength=problem.slot_count)
        assert list(arguments[8]) == list(used)


def test_the_side_thread_puts_anneal_on_the_compiled_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    break_anneal.warm_up_kernel(wait=True)
    assert break_anneal._kernel is break_kernel
    assert break_kernel.compiled_ready()
    calls = []
    compiled = break_kernel.anneal_compiled

    def recorded(*arguments, **keywords):  # type: ignore[no-untyped-def]
        calls.append(arguments[3])
        return compiled(*arguments, **keywords)

    monkeypatch.setattr(break_kernel, "anneal_compiled", recorded)
    problem = compile_instance(event_of(1, 0, None, 3, tables=2))
    state = random_schedule(problem, random.Random(1))
    assert state is not None
    remaining = iter([1.0] * 3 + [0.0])
    break_anneal.anneal(
        problem, state, BreakCost(problem, BreakOptions()), 7, lambda: next(remaining)
    )
    assert calls == [7]
    assert check_schedule(problem.instance, meetings_of(problem, state)) == []


def test_the_compiled_loop_takes_over_when_it_becomes_ready(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Python loop started before the side thread was done hands over at a clock check."""
    break_anneal.warm_up_kernel(wait=True)
    monkeypatch.setattr(break_anneal, "_kernel", None)
    calls = []
    compiled = break_kernel.anneal_compiled

    def recorded(*arguments, **keywords):  # type: ignore[no-untyped-def]
        calls.append(arguments[9])  # the start of the temperature's schedule
        return compiled(*arguments, **keywords)

    monkeypatch.setattr(break_kernel, "anneal_compiled", recorded)
    event = event_of(2, 0b0100_0000_0000_1000, 2, 3, tables=2)
    found = scattered(event, 5)
    assert found is not None
    problem, state = found
    before = sorted(r for r in range(problem.request_count) if state.slot_of[r] >= 0)
    clock = iter([8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0] + [0.0] * 3)

    def remaining() -> float:
        left = next(clock)
        if left == 5.0:  # the side thread is done
            monkeypatch.setattr(break_anneal, "_kernel", break_kernel)
        return left

    break_anneal.anneal(problem, state, BreakCost(problem, BreakOptions()), 2, remaining, -1)
    assert calls == [8.0]
    assert sorted(r for r in range(problem.request_count) if state.slot_of[r] >= 0) == before
    assert check_schedule(event, meetings_of(problem, state)) == []
