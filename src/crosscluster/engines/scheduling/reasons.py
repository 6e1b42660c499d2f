"""Why a request is not in the schedule, as a :class:`Reason` (a code and its values, the
participants and slots by their ids); its English is ``Reason.text``."""

from __future__ import annotations

from crosscluster.engines.scheduling.model import Reason
from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, State, iter_bits


def static_reason(problem: Problem, request: int) -> Reason | None:
    """Reasons that hold whatever the schedule (availability, locks, zero caps)."""
    members = problem.parts[request]
    for member in members:
        person = (("participant", problem.person_ids[member]),)
        if problem.cap[member] == 0:
            return Reason("never_meets", person)
        if problem.max_consecutive[member] == 0:
            return Reason("never_in_a_row", person)
        if not problem.avail[member]:
            return Reason("never_available", person)
    locked = problem.lock[request]
    if locked >= 0:
        for member in members:
            if not problem.avail[member] >> locked & 1:
                return Reason(
                    "locked_unavailable",
                    (
                        ("slot", problem.slot_ids[locked]),
                        ("participant", problem.person_ids[member]),
                    ),
                )
    if not problem.common[request]:
        return Reason(
            "no_common_slot", (("participants", tuple(problem.person_ids[m] for m in members)),)
        )
    return None


def lock_conflict_reason(problem: Problem, state: State, request: int) -> Reason:
    """Why a locked request could not be placed in its (available) locked slot."""
    slot = problem.lock[request]
    where = ("slot", problem.slot_ids[slot])
    for member in problem.parts[request]:
        if state.blocked[member] & problem.overlap[slot]:
            other = next(
                (r for s, r in state.person_slot[member].items() if problem.overlap[slot] >> s & 1),
                None,
            )
            values = [where, ("participant", problem.person_ids[member])]
            if other is not None:
                values.append(("other", problem.request_ids[other]))
            return Reason("locked_busy", tuple(values))
    if state.full >> slot & 1:
        return Reason("locked_no_table", (where, ("tables", problem.tables[slot])))
    for member in problem.parts[request]:
        person = ("participant", problem.person_ids[member])
        if state.count[member] >= problem.cap[member]:
            return Reason("locked_limit", (where, person, ("limit", problem.cap[member])))
        limit = problem.max_consecutive[member]
        if limit < NO_LIMIT and problem.longest_run(state.busy[member], slot) > limit:
            return Reason("locked_in_a_row", (where, person, ("limit", limit)))
    return Reason("locked_conflict", (where,))


def explain(problem: Problem, state: State, request: int) -> Reason:
    """Why ``request`` is unscheduled in the final ``state``."""
    fixed = static_reason(problem, request)
    if fixed is not None:
        return fixed
    members = problem.parts[request]
    for member in members:
        if state.count[member] >= problem.cap[member]:
            return Reason(
                "limit_reached",
                (("participant", problem.person_ids[member]), ("limit", problem.cap[member])),
            )
    candidates = problem.feasible[request]
    for member in members:
        usable = problem.avail[member] & candidates
        if usable and not usable & ~state.blocked[member]:
            return Reason(
                "busy_everywhere",
                (("participant", problem.person_ids[member]), ("count", usable.bit_count())),
            )
    busy_counts = dict.fromkeys(members, 0)
    run_counts = dict.fromkeys(members, 0)
    full = 0
    weight = problem.weight[request]
    heavier = True
    open_slots = 0
    for slot in iter_bits(candidates):
        reason_found = False
        for member in members:
            if state.blocked[member] & problem.overlap[slot]:
                busy_counts[member] += 1
                reason_found = True
                for other_slot, other in state.person_slot[member].items():
                    if problem.overlap[slot] >> other_slot & 1 and problem.weight[other] < weight:
                        heavier = False
        if reason_found:
            continue
        if state.full >> slot & 1:
            full += 1
            if any(problem.weight[other] < weight for other in state.meetings_in[slot]):
                heavier = False
            continue
        for member in members:
            limit = problem.max_consecutive[member]
            if limit < NO_LIMIT and problem.longest_run(state.busy[member], slot) > limit:
                run_counts[member] += 1
                reason_found = True
                break
        if not reason_found:
            open_slots += 1
    if open_slots:
        return Reason("time_limit")
    return Reason(
        "slots_taken",
        (
            ("locked", problem.lock[request] >= 0),
            ("heavier", heavier),
            ("total", candidates.bit_count()),
            ("busy", tuple((problem.person_ids[m], n) for m, n in busy_counts.items() if n)),
            ("full", full),
            (
                "in_a_row",
                tuple(
                    (problem.person_ids[m], problem.max_consecutive[m], n)
                    for m, n in run_counts.items()
                    if n
                ),
            ),
        ),
    )
