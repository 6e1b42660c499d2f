"""First-come-first-served booking: the baseline that event tools offer today.

Requests are booked in the order they arrive (the instance's order): each takes the earliest
slot in which all its participants are available and free, a table is free, and no cap or
run limit is broken; otherwise it is not scheduled. Locked requests are booked first. No
request is ever moved, so early low-weight bookings block later important ones.
"""

from __future__ import annotations

from crosscluster.engines.scheduling.model import Instance, Meeting, ScheduleResult, Unscheduled
from crosscluster.engines.scheduling.problem import State, compile_instance
from crosscluster.engines.scheduling.reasons import explain


def first_come_first_served(instance: Instance, upper_bound: float = 0.0) -> ScheduleResult:
    problem = compile_instance(instance)
    state = State(problem)
    order = sorted(range(problem.request_count), key=lambda r: (problem.lock[r] < 0, r))
    for request in order:
        free = state.free_slots(request)
        if free:
            state.place(request, (free & -free).bit_length() - 1)
    table_count = [0] * problem.slot_count
    meetings = []
    for request in range(problem.request_count):
        slot = state.slot_of[request]
        if slot >= 0:
            table_count[slot] += 1
            meetings.append(
                Meeting(
                    request=problem.request_ids[request],
                    slot=problem.slot_ids[slot],
                    table=table_count[slot],
                )
            )
    unscheduled = tuple(
        Unscheduled(request=problem.request_ids[r], why=explain(problem, state, r))
        for r in range(problem.request_count)
        if state.slot_of[r] < 0
    )
    return ScheduleResult(
        meetings=tuple(meetings),
        unscheduled=unscheduled,
        objective=state.objective,
        upper_bound=upper_bound,
        bound_code="given" if upper_bound else "",
    )
