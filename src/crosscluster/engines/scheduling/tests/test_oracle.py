"""Random small events: every schedule is valid, below its bound, and optimal on tiny ones.

The oracles are independent of the solver: ``check_schedule`` (validity) and a brute-force
enumeration of every assignment (the optimum).
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings

from crosscluster.engines.scheduling import (
    Instance,
    check_schedule,
    first_come_first_served,
    objective_of,
    schedule_meetings,
)
from crosscluster.engines.scheduling.bounds import aggregate_bound, time_indexed_bound
from crosscluster.engines.scheduling.problem import compile_instance
from crosscluster.engines.scheduling.tests.factories import brute_force_optimum
from crosscluster.engines.scheduling.tests.strategies import events

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@SETTINGS
@given(events(max_slots=5, max_requests=8))
def test_every_schedule_is_valid_and_below_its_bound(event: Instance) -> None:
    result = schedule_meetings(event, time_limit=5)
    assert check_schedule(event, result.meetings) == []
    assert abs(objective_of(event, result.meetings) - result.objective) < 1e-9
    assert result.objective <= result.upper_bound + 1e-9
    listed = [m.request for m in result.meetings] + [u.request for u in result.unscheduled]
    assert sorted(listed, key=str) == sorted((r.id for r in event.requests), key=str)
    assert all(u.reason for u in result.unscheduled)
    for meeting in result.meetings:  # locks honoured
        locked = next(r.locked_slot for r in event.requests if r.id == meeting.request)
        assert locked is None or locked == meeting.slot


@SETTINGS
@given(events())
def test_tiny_events_reach_the_brute_force_optimum(event: Instance) -> None:
    optimum = brute_force_optimum(event, force_locks=True)
    assume(optimum is not None)
    result = schedule_meetings(event, time_limit=5)
    assert check_schedule(event, result.meetings) == []
    assert abs(result.objective - optimum) < 1e-9
    assert result.upper_bound >= optimum - 1e-9


@SETTINGS
@given(events())
def test_both_lp_bounds_are_at_least_the_optimum(event: Instance) -> None:
    # without forcing locks: the bounds hold even for the larger set of schedules
    optimum = brute_force_optimum(event)
    assert optimum is not None
    problem = compile_instance(event)
    aggregate = aggregate_bound(problem)
    indexed = time_indexed_bound(problem, time_limit=5, solver="simplex")
    assert aggregate is not None
    assert indexed is not None
    assert aggregate.value >= optimum - 1e-9
    assert indexed.value >= optimum - 1e-9


@SETTINGS
@given(events(max_slots=5, max_requests=8))
def test_first_come_first_served_is_valid(event: Instance) -> None:
    result = first_come_first_served(event)
    assert check_schedule(event, result.meetings) == []
