"""Why a request is not in the schedule, in words an organiser can act on."""

from __future__ import annotations

from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, State, iter_bits


def _name(value: object) -> str:
    return str(value)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def static_reason(problem: Problem, request: int) -> str | None:
    """Reasons that hold whatever the schedule (availability, locks, zero caps)."""
    members = problem.parts[request]
    for member in members:
        if problem.cap[member] == 0:
            return f"participant {_name(problem.person_ids[member])} accepts no meetings (max_meetings 0)"
        if problem.max_consecutive[member] == 0:
            return (
                f"participant {_name(problem.person_ids[member])} accepts no meetings "
                "(max_consecutive 0)"
            )
        if not problem.avail[member]:
            return f"participant {_name(problem.person_ids[member])} is not available in any slot"
    locked = problem.lock[request]
    if locked >= 0:
        for member in members:
            if not problem.avail[member] >> locked & 1:
                return (
                    f"locked slot {_name(problem.slot_ids[locked])} unavailable for participant "
                    f"{_name(problem.person_ids[member])}"
                )
    if not problem.common[request]:
        names = [_name(problem.person_ids[m]) for m in members]
        return f"no common available slot for {_join(names)}"
    return None


def lock_conflict_reason(problem: Problem, state: State, request: int) -> str:
    """Why a locked request could not be placed in its (available) locked slot."""
    slot = problem.lock[request]
    label = _name(problem.slot_ids[slot])
    for member in problem.parts[request]:
        if state.blocked[member] & problem.overlap[slot]:
            other = next(
                (r for s, r in state.person_slot[member].items() if problem.overlap[slot] >> s & 1),
                None,
            )
            other_name = "" if other is None else f" {_name(problem.request_ids[other])}"
            return (
                f"locked slot {label}: participant {_name(problem.person_ids[member])} already has "
                f"locked meeting{other_name} then"
            )
    if state.full >> slot & 1:
        return f"locked slot {label} has no free table (all {problem.tables[slot]} taken by locked meetings)"
    for member in problem.parts[request]:
        if state.count[member] >= problem.cap[member]:
            return (
                f"locked slot {label}: participant {_name(problem.person_ids[member])} reached "
                f"max_meetings ({problem.cap[member]}) with other locked meetings"
            )
        limit = problem.max_consecutive[member]
        if limit < NO_LIMIT and problem.longest_run(state.busy[member], slot) > limit:
            return (
                f"locked slot {label}: participant {_name(problem.person_ids[member])} would "
                f"exceed max_consecutive ({limit}) with other locked meetings"
            )
    return f"locked slot {label} conflicts with other locked meetings"


def explain(problem: Problem, state: State, request: int) -> str:
    """Why ``request`` is unscheduled in the final ``state``."""
    fixed = static_reason(problem, request)
    if fixed is not None:
        return fixed
    members = problem.parts[request]
    for member in members:
        if state.count[member] >= problem.cap[member]:
            return (
                f"participant {_name(problem.person_ids[member])} reached max_meetings "
                f"({problem.cap[member]})"
            )
    candidates = problem.feasible[request]
    for member in members:
        usable = problem.avail[member] & candidates
        if usable and not usable & ~state.blocked[member]:
            return (
                f"participant {_name(problem.person_ids[member])} has a meeting in every common "
                f"available slot ({usable.bit_count()})"
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
    total = candidates.bit_count()
    if open_slots:
        return "not placed within the time limit (a slot is still free; run again with more time)"
    parts: list[str] = []
    busy = [
        f"{_name(problem.person_ids[m])} is busy in {count}"
        for m, count in busy_counts.items()
        if count
    ]
    if busy:
        parts.append(", ".join(busy))
    if full:
        parts.append(f"no free table in {full}")
    runs = [
        f"{_name(problem.person_ids[m])} would exceed max_consecutive "
        f"({problem.max_consecutive[m]}) in {count}"
        for m, count in run_counts.items()
        if count
    ]
    if runs:
        parts.append(", ".join(runs))
    where = "the locked slot is" if problem.lock[request] >= 0 else f"all {total} common slots are"
    tail = (
        "taken by meetings of equal or higher weight"
        if heavier
        else "full; fitting it would lower the total weight"
    )
    return f"{where} {tail} ({'; '.join(parts)})"
