"""Incremental SAT on a second thread, racing the annealing (``break_parallel``).

* The SAT thread alone (no annealing) reaches the exact fewest breaks of small events
  (``fewest_breaks``: enumeration of every placement) and proves it: its lower bound equals
  the optimum, never more; the schedule it offers keeps every meeting and is valid (checker).
* The annealing stops at once when SAT has proven the best known schedule optimal; a SAT
  assignment that is not a valid schedule is refused and leaves the schedule as it was.
* The SAT thread keeps its priority within its allowance of processor time (small events
  never spend it) and then asks for spare processor time only (Linux's idle scheduling class,
  set by its watcher from another thread), so on a loaded machine a long SAT search does not
  take the annealing's share; threads it starts later inherit the class, a thread moved
  there can be moved back with its nice value kept, and ``wait_for`` does that before it
  tells the thread to stop (so that a busy machine does not keep it from stopping).
* The whole break phase with the race keeps every meeting, stays valid and reports a lower
  bound that is at most the brute-force optimum.
* The SAT side's proven bound (its chain of "at most ``K``" refutations, asked cheapest
  first, on the formula with its redundant count of busy people per slot) is never above
  the brute-force optimum on random small events with meetings of two and three, two
  tables, run limits, unavailable slots, a pause, two days and locked meetings, and equals
  it when the race ends by itself.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscluster.engines.scheduling import (
    Instance,
    check_schedule,
    count_breaks,
    schedule_meetings,
)
from crosscluster.engines.scheduling.break_anneal import anneal
from crosscluster.engines.scheduling.break_parallel import (
    Exchange,
    SatRace,
    normal_priority,
    spare_time_only,
    wait_for,
)
from crosscluster.engines.scheduling.break_sat import BreakSat
from crosscluster.engines.scheduling.breaks import BreakCost, BreakOptions, break_counts
from crosscluster.engines.scheduling.problem import State, compile_instance
from crosscluster.engines.scheduling.tests.factories import (
    instance,
    make_slots,
    person,
    request,
)
from crosscluster.engines.scheduling.tests.test_break_anneal import (
    fewest_breaks_of_small_event,
    meetings_of,
    scattered,
    small_event,
    two_day_event,
)
from crosscluster.engines.scheduling.tests.test_breaks import fewest_breaks


def race_alone(problem, state, lower: int = 0) -> Exchange:  # type: ignore[no-untyped-def]
    exchange = Exchange(sum(break_counts(problem, state)), lower)
    deadline = time.perf_counter() + 60.0
    race = SatRace(
        problem, BreakSat(problem, state), exchange, lambda: deadline - time.perf_counter()
    )
    race.start()
    race.join(timeout=60.0)  # it stops by itself once the bound meets the best schedule
    assert wait_for(race, exchange)
    assert not race.idle  # small events: far within the allowance (9 s of 60), priority kept
    return exchange


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
def test_a_thread_moves_to_the_idle_class_its_helpers_inherit_it_and_it_comes_back() -> None:
    seen: dict[str, int] = {}
    ready = threading.Event()
    moved = threading.Event()

    def child() -> None:
        seen["child"] = os.sched_getscheduler(0)

    def body() -> None:
        seen["id"] = threading.get_native_id()
        seen["before"] = os.sched_getscheduler(0)
        seen["nice before"] = os.getpriority(os.PRIO_PROCESS, seen["id"])
        ready.set()
        moved.wait(10)
        seen["after"] = os.sched_getscheduler(0)
        helper = threading.Thread(target=child)
        helper.start()
        helper.join()
        assert normal_priority(seen["id"])
        seen["back"] = os.sched_getscheduler(0)
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, seen["id"])

    thread = threading.Thread(target=body)
    thread.start()
    ready.wait(10)
    seen["switched"] = int(spare_time_only(seen["id"]))  # as the watcher does
    moved.set()
    thread.join()
    assert seen["switched"] == 1
    assert seen["before"] != os.SCHED_IDLE
    assert seen["after"] == os.SCHED_IDLE
    assert seen["child"] == os.SCHED_IDLE
    assert os.sched_getscheduler(0) != os.SCHED_IDLE  # the caller's thread is untouched
    assert seen["back"] == os.SCHED_OTHER
    assert seen["nice"] == seen["nice before"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
def test_wait_for_gives_an_idle_sat_thread_normal_priority_before_telling_it_to_stop() -> None:
    class Idle(SatRace):
        seen = -1

        def _race(self) -> None:
            self.idle = spare_time_only()
            while not self.exchange.stop:
                time.sleep(0.001)
            self.seen = os.sched_getscheduler(0)

    event = small_event(None)
    found = scattered(event, 0)
    assert found is not None
    problem, state = found
    exchange = Exchange(sum(break_counts(problem, state)), 0)
    race = Idle(problem, BreakSat(problem, state), exchange, lambda: 60.0)
    race.start()
    deadline = time.perf_counter() + 10
    while not race.idle and time.perf_counter() < deadline:
        time.sleep(0.001)
    assert race.idle
    assert wait_for(race, exchange)
    assert race.seen == os.SCHED_OTHER
    assert not race.idle


def test_sat_alone_reaches_and_proves_the_fewest_breaks() -> None:
    for limit in (None, 2):
        event = small_event(limit)
        for seed in range(3):
            found = scattered(event, seed)
            assert found is not None
            problem, state = found
            before = sum(break_counts(problem, state))
            scheduled = tuple(sorted(m.request for m in meetings_of(problem, state)))
            best = fewest_breaks_of_small_event(limit, scheduled)
            exchange = race_alone(problem, state)
            assert exchange.lower == best  # proven, and never above the optimum
            assert min(exchange.sat_breaks, before) == best
            if exchange.sat_slots:
                assert BreakSat(problem, state).apply_assignment(dict(exchange.sat_slots))
                meetings = meetings_of(problem, state)
                assert check_schedule(event, meetings) == []
                assert sum(count_breaks(event, meetings).values()) == exchange.sat_breaks
                assert len(meetings) == problem.request_count


def test_the_annealing_stops_at_once_when_sat_proved_its_schedule_optimal() -> None:
    event = small_event()
    found = scattered(event, 0)
    assert found is not None
    problem, state = found
    before = {r: state.slot_of[r] for r in range(problem.request_count)}
    scheduled = tuple(sorted(m.request for m in meetings_of(problem, state)))
    best = fewest_breaks_of_small_event(None, scheduled)
    exchange = Exchange(sum(break_counts(problem, state)), 0)
    exchange.offer_from_sat(best, ((0, 0),))  # a proven optimum known to SAT
    exchange.lower = best
    steps = iter([1.0] * 1_000_000 + [0.0])
    anneal(
        problem,
        state,
        BreakCost(problem, BreakOptions()),
        0,
        lambda: next(steps),
        exchange=exchange,
    )
    assert next(steps) == 1.0  # stopped at its first clock check, not at the end of its budget
    assert {r: state.slot_of[r] for r in range(problem.request_count)} == before
    assert exchange.anneal_slots  # it offered its schedule (SAT's phases)


def test_an_invalid_sat_assignment_is_refused_and_leaves_the_schedule_unchanged() -> None:
    event = small_event()
    found = scattered(event, 1)
    assert found is not None
    problem, state = found
    before = {r: state.slot_of[r] for r in range(problem.request_count)}
    # every meeting in the first slot: two tables, and people in two meetings at once
    assert not BreakSat(problem, state).apply_assignment(dict.fromkeys(before, 0))
    assert {r: state.slot_of[r] for r in range(problem.request_count)} == before
    assert check_schedule(event, meetings_of(problem, state)) == []


def test_the_break_phase_with_the_race_keeps_every_meeting_and_a_valid_bound() -> None:
    for limit in (None, 2):
        event = small_event(limit)
        plain = schedule_meetings(event, time_limit=5, seed=0, options=BreakOptions(compact=False))
        result = schedule_meetings(event, time_limit=5, seed=0)
        assert len(result.meetings) == len(plain.meetings)
        assert result.objective == plain.objective
        assert check_schedule(event, result.meetings) == []
        best = fewest_breaks_of_small_event(
            limit, tuple(sorted(m.request for m in result.meetings))
        )
        assert result.breaks == best
        assert result.breaks_lower_bound <= best


@st.composite
def constrained_events(draw: st.DrawFn) -> tuple[Instance, int, frozenset[int]]:
    """A small event with two tables in some slots, a pause, an optional second day, run
    limits and unavailable slots; a seed for its first schedule and which meetings to lock."""
    count = draw(st.integers(4, 5))
    pause = draw(st.sampled_from([(), (1,), (2,)]))
    slots = [
        slot.__class__(id=slot.id, start=slot.start, end=slot.end, tables=draw(st.integers(1, 2)))
        for slot in make_slots(count, breaks=pause)
    ]
    if draw(st.booleans()):  # a second day: the last slot moves to the next morning
        first = two_day_event(["s1"]).slots[-1]
        slots[-1] = first.__class__(
            id=slots[-1].id, start=first.start, end=first.end, tables=slots[-1].tables
        )
    ids = [slot.id for slot in slots]
    people = []
    for name in "ABCD":
        gone = draw(st.sets(st.sampled_from(ids), max_size=1))
        limit = draw(st.sampled_from([None, None, 1, 2]))
        available = [slot for slot in ids if slot not in gone]
        people.append(person(name, available=available, max_consecutive=limit))
    pairs = draw(
        st.lists(
            st.sampled_from(["AB", "AC", "AD", "BC", "BD", "CD", "ABC", "BCD"]),
            min_size=3,
            max_size=5,
        )
    )
    requests = [request(f"{pair}{index}", *pair) for index, pair in enumerate(pairs)]
    locked = draw(st.sets(st.integers(0, len(requests) - 1), max_size=2))
    return instance(slots, people, requests), draw(st.integers(0, 3)), frozenset(locked)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(constrained_events())
def test_the_sat_bound_is_never_above_the_exact_optimum(
    drawn: tuple[Instance, int, frozenset[int]],
) -> None:
    event, seed, locked = drawn
    found = scattered(event, seed)
    if found is None:
        return  # no valid schedule of every request
    problem, first = found
    # lock some meetings where the first schedule put them: the event itself says so, so the
    # brute force keeps them there too
    requests = [
        item.__class__(
            id=item.id,
            participants=item.participants,
            weight=item.weight,
            locked_slot=problem.slot_ids[first.slot_of[index]] if index in locked else None,
        )
        for index, item in enumerate(event.requests)
    ]
    event = instance(event.slots, event.participants, requests)
    problem = compile_instance(event)
    state = State(problem)
    for index in range(problem.request_count):
        state.place(index, first.slot_of[index])
        state.fixed[index] = index in locked
    state.commit()
    best = fewest_breaks(event, [item.id for item in event.requests])
    assert best is not None
    exchange = race_alone(problem, state)
    assert exchange.lower <= best  # valid
    assert exchange.lower == best  # and, on events this small, proven
