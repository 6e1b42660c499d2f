"""The time limit binds the break phase too (the repair regression: a 1 s repair ran 9 s).

Wall-clock assertions would be flaky on a shared machine (speed goals live in the benchmarks),
so these tests check the deterministic parts of the deadline handling: the size of the one
step no deadline can cut (building and loading the SAT formula) is estimated from above, the
engine refuses that step when the estimate does not fit the time left, and with a clock that
says the time is up after the weight phase the engine starts no break search at all.
"""

from __future__ import annotations

import time

import pytest
from pysat.card import ITotalizer

from crosscluster.engines.scheduling import BreakOptions, check_schedule, schedule_meetings
from crosscluster.engines.scheduling.break_sat import (
    BreakSat,
    estimated_clauses,
    totalizer_clauses,
    use_sat,
)
from crosscluster.engines.scheduling.breaks import break_counts
from crosscluster.engines.scheduling.generator import generate_event, perturb_event
from crosscluster.engines.scheduling.problem import State, compile_instance
from crosscluster.engines.scheduling.solver import Progress


@pytest.mark.parametrize(("leaves", "bound"), [(2, 1), (7, 3), (40, 5), (300, 40), (1000, 120)])
def test_the_totalizer_estimate_is_not_below_the_real_encoding(leaves: int, bound: int) -> None:
    real = ITotalizer(lits=list(range(1, leaves + 1)), ubound=bound, top_id=leaves)
    try:
        assert totalizer_clauses(leaves, bound) >= len(real.cnf.clauses)
    finally:
        real.delete()


@pytest.mark.parametrize("lock_share", [0.0, 0.2])
def test_the_formula_estimate_is_not_below_the_real_formula(lock_share: float) -> None:
    """The whole formula with every table counter and the busy people's count per slot (the
    estimate that decides whether SAT runs), on a generated event with a run limit, with and
    without locked meetings."""
    event = generate_event(
        participants=40,
        requests=160,
        slots=12,
        tables=8,
        seed=5,
        lock_share=lock_share,
        max_consecutive=3,
    )
    result = schedule_meetings(event, time_limit=1, seed=0, options=BreakOptions(compact=False))
    problem = compile_instance(event)
    state = State(problem)
    index = {request_id: r for r, request_id in enumerate(problem.request_ids)}
    slots = {slot_id: s for s, slot_id in enumerate(problem.slot_ids)}
    for meeting in result.meetings:
        state.place(index[meeting.request], slots[meeting.slot])
    state.commit()
    breaks = sum(break_counts(problem, state))
    sat = BreakSat(problem, state)
    real = ITotalizer(lits=sat.breaks, ubound=breaks, top_id=sat.count)
    try:
        total = len(sat.clauses) + len(real.cnf.clauses)
        assert estimated_clauses(problem, state, breaks, lazy_tables=False) >= total
    finally:
        real.delete()


def _repair_event() -> tuple[object, object]:
    event = generate_event(participants=60, requests=300, slots=12, tables=20, seed=3)
    published = schedule_meetings(event, time_limit=2, seed=0)
    changed = perturb_event(event, seed=1003, late_arrivals=0.05)
    return changed, published


def test_sat_is_refused_when_building_it_does_not_fit_the_time_left() -> None:
    event = generate_event(participants=60, requests=300, slots=12, tables=20, seed=3)
    problem = compile_instance(event)
    state = State(problem)
    for request in range(problem.request_count):
        for slot in range(problem.slot_count):
            if problem.feasible[request] >> slot & 1 and state.can_place(request, slot):
                state.place(request, slot)
                break
    state.commit()
    assert use_sat(problem, state, BreakOptions(), seconds=float("inf"))
    assert not use_sat(problem, state, BreakOptions(), seconds=1e-4)


def test_no_break_search_starts_once_the_time_is_up() -> None:
    """A clock that jumps past the deadline when the weight phase reports: the schedule is
    still complete and valid, and no SAT or CP-SAT break search was started."""
    changed, published = _repair_event()
    jump = [0.0]

    def timer() -> float:
        return time.perf_counter() + jump[0]

    def progress(report: Progress) -> None:
        if report.phase == "repair":
            jump[0] = 1_000.0

    result = schedule_meetings(
        changed,  # type: ignore[arg-type]
        previous=published.meetings,  # type: ignore[attr-defined]
        time_limit=1.0,
        seed=0,
        timer=timer,
        progress=progress,
        use_lns=False,
    )
    stats = dict(result.stats)
    assert check_schedule(changed, result.meetings) == []  # type: ignore[arg-type]
    assert result.dropped == 0
    assert "breaks_sat_calls" not in stats
    assert "breaks_rounds" not in stats
    assert result.breaks_lower_bound <= result.breaks


def test_the_greedy_schedule_is_made_even_when_the_bound_used_the_whole_time() -> None:
    """The bound phase (a first import of the LP solver on a busy machine) can take the whole
    limit: the first 512 requests are still placed by the greedy pass, not left "not placed
    within the time limit" (a 3-person session once came back empty under load)."""
    event = generate_event(participants=12, requests=20, slots=6, tables=4, seed=3, days=1)
    jump = [0.0]

    def timer() -> float:
        return time.perf_counter() + jump[0]

    def progress(report: Progress) -> None:
        if report.phase == "bound":
            jump[0] = 1_000.0

    result = schedule_meetings(event, time_limit=1.0, seed=0, timer=timer, progress=progress)
    assert check_schedule(event, result.meetings) == []
    assert result.meetings, "the greedy pass placed nothing"
    assert not any(item.why.code == "time_limit" for item in result.unscheduled)
