"""The continuity-first sweep: same meetings, fixed ones in place, never a higher cost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from crosscluster.engines.scheduling import BreakOptions, Instance
from crosscluster.engines.scheduling.break_sweep import sweep_schedules
from crosscluster.engines.scheduling.breaks import BreakCost, break_counts
from crosscluster.engines.scheduling.problem import State, compile_instance
from crosscluster.engines.scheduling.tests.factories import instance, make_slots, person, request
from crosscluster.engines.scheduling.tests.strategies import events


def _place(event: Instance, slots: dict[str, str], fixed: frozenset[str] = frozenset()) -> State:
    problem = compile_instance(event)
    state = State(problem)
    for request_id, slot_id in slots.items():
        index = problem.request_index[request_id]
        state.place(index, problem.slot_index[slot_id])
        state.fixed[index] = request_id in fixed
    state.commit()
    return state


def test_the_sweep_closes_a_gap_the_weight_phase_left() -> None:
    event = instance(
        make_slots(3, tables=2),
        [person("A"), person("B"), person("C")],
        [request("ab", "A", "B"), request("ac", "A", "C")],
    )
    state = _place(event, {"ab": "s1", "ac": "s3"})  # A waits through s2: one break
    problem = state.problem
    assert sum(break_counts(problem, state)) == 1
    cost = BreakCost(problem, BreakOptions())
    assert sweep_schedules(problem, state, cost, seed=0, out_of_time=lambda: False) >= 1
    assert sum(break_counts(problem, state)) == 0
    assert sorted(r for r in range(problem.request_count) if state.slot_of[r] >= 0) == [0, 1]


def test_a_fixed_meeting_stays_where_it_is() -> None:
    event = instance(
        make_slots(4, tables=2),
        [person("A"), person("B"), person("C")],
        [request("ab", "A", "B"), request("ac", "A", "C")],
    )
    state = _place(event, {"ab": "s1", "ac": "s4"}, fixed=frozenset({"ac"}))
    problem = state.problem
    cost = BreakCost(problem, BreakOptions())
    sweep_schedules(problem, state, cost, seed=0, out_of_time=lambda: False)
    assert state.slot_of[problem.request_index["ac"]] == problem.slot_index["s4"]
    assert state.slot_of[problem.request_index["ab"]] == problem.slot_index["s3"]
    assert sum(break_counts(problem, state)) == 0


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(events(max_slots=6, max_requests=8))
def test_the_sweep_keeps_the_meetings_and_never_raises_the_cost(event: Instance) -> None:
    problem = compile_instance(event)
    state = State(problem)
    for index in range(problem.request_count):  # a first schedule, in request order
        options = state.free_slots(index)
        if options:
            state.place(index, (options & -options).bit_length() - 1)
    state.commit()
    before = {r: state.slot_of[r] for r in range(problem.request_count)}
    cost = BreakCost(problem, BreakOptions())
    value = sum(cost.person(state, p) for p in range(problem.person_count))
    sweep_schedules(problem, state, cost, seed=1, out_of_time=lambda: False, max_passes=20)
    assert {r for r, s in before.items() if s >= 0} == {
        r for r in range(problem.request_count) if state.slot_of[r] >= 0
    }
    assert sum(cost.person(state, p) for p in range(problem.person_count)) <= value
    # every placement is still valid (rebuilding the state from scratch accepts it)
    check = State(problem)
    for request_index in sorted(before, key=lambda r: state.slot_of[r]):
        slot = state.slot_of[request_index]
        if slot >= 0:
            assert check.can_place(request_index, slot)
            check.place(request_index, slot)
