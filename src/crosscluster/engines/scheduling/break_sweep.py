"""A compact start for the break phase: rebuild the agendas slot by slot, continuity first.

The weight phase leaves the chosen meetings wherever they fitted; moving them one at a time
rarely undoes that. This sweep re-places the same meetings (fixed ones stay) in time order: in
each slot it first continues the people who had a meeting in their previous slot (so they get
no break), starts someone new only when they are running out of slots (or by chance, to
diversify), and always places a meeting in its last feasible slot. A pass that places every
meeting is a complete schedule of the same meetings; randomised passes run until the time
share is spent or one reaches the lower bound, and the best is kept only if it beats the
current schedule's cost. Never a meeting less: a pass that cannot place everything is thrown
away.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from crosscluster.engines.scheduling.breaks import BreakCost, person_breaks
from crosscluster.engines.scheduling.problem import Problem, State, iter_bits

# meeting x slot pairs; a pass costs about 10 µs per pair, so above this one pass would take
# seconds (the 3,000-person events: about 1,000,000 pairs) and the other steps do better
SWEEP_SIZE_LIMIT = 100_000
GIVE_UP_AFTER = 25  # passes without a complete schedule: the event is too tight for sweeps


def sweep_schedules(
    problem: Problem,
    state: State,
    cost: BreakCost,
    seed: int,
    out_of_time: Callable[[], bool],
    target: int = 0,
    max_passes: int = 2_000,
    insert: Callable[[int], bool] | None = None,
) -> int:
    """Randomised continuity-first passes; apply the best if it lowers the cost.

    Returns the number of complete passes. Only for slots in a line (no overlaps).
    ``insert`` places a meeting the pass left out by moving others (an ejection chain; never
    dropping one), for events too tight for the sweep alone.
    """
    if problem.has_overlaps or not problem.linear:
        return 0
    movable = [
        r for r in range(problem.request_count) if state.slot_of[r] >= 0 and not state.fixed[r]
    ]
    if not movable or sum(problem.feasible[r].bit_count() for r in movable) > SWEEP_SIZE_LIMIT:
        return 0
    people = range(problem.person_count)
    best_cost = sum(cost.person(state, p) for p in people)
    best: dict[int, int] | None = None
    rng = random.Random(seed)  # noqa: S311 (seeded, not security)
    by_slot: list[list[int]] = [[] for _ in range(problem.slot_count)]
    last_slot: dict[int, int] = {}
    for request in movable:
        mask = problem.feasible[request]
        for slot in iter_bits(mask):
            by_slot[slot].append(request)
        last_slot[request] = mask.bit_length() - 1
    previous_available = _previous_available(problem)
    complete = 0
    for number in range(max_passes):
        if out_of_time() or (number >= GIVE_UP_AFTER and not complete):
            break
        mark = state.mark()
        for request in movable:
            state.remove(request)
        threshold = rng.uniform(10.0, 60.0) if number else 30.0
        noise = 0.0 if number == 0 else rng.uniform(0.0, 30.0)
        if _sweep(
            problem,
            state,
            movable,
            by_slot,
            last_slot,
            previous_available,
            rng,
            threshold,
            noise,
            cost,
            eager=number % 2 == 1,
            insert=insert,
            out_of_time=out_of_time,
        ):
            complete += 1
            value = sum(cost.person(state, p) for p in people)
            if value < best_cost:
                best_cost = value
                best = {r: state.slot_of[r] for r in movable}
        state.undo(mark)
        state.commit()
        if best is not None and _breaks(problem, best, state) <= target:
            break
    if best is not None:
        for request in movable:
            state.remove(request)
        for request, slot in sorted(best.items(), key=lambda item: item[1]):
            state.place(request, slot)
        state.commit()
    return complete


def _breaks(problem: Problem, assignment: dict[int, int], state: State) -> int:
    """Total breaks of ``state`` with ``assignment`` for the movable meetings (state undone)."""
    busy = list(state.busy)
    for request, slot in assignment.items():
        for member in problem.parts[request]:
            busy[member] |= 1 << slot
    return sum(person_breaks(problem, busy[p], p) for p in range(problem.person_count))


def _previous_available(problem: Problem) -> list[dict[int, int]]:
    """Per person: slot -> their previous available slot the same day (a meeting there and
    here is no break)."""
    result: list[dict[int, int]] = []
    for person in range(problem.person_count):
        mapping: dict[int, int] = {}
        for day_mask in problem.day_mask:
            previous = -1
            for slot in iter_bits(problem.avail[person] & day_mask):
                if previous >= 0:
                    mapping[slot] = previous
                previous = slot
        result.append(mapping)
    return result


def _sweep(
    problem: Problem,
    state: State,
    movable: list[int],
    by_slot: list[list[int]],
    last_slot: dict[int, int],
    previous_available: list[dict[int, int]],
    rng: random.Random,
    threshold: float,
    noise: float,
    cost: BreakCost,
    eager: bool,
    insert: Callable[[int], bool] | None = None,
    out_of_time: Callable[[], bool] = lambda: False,
) -> bool:
    """One pass; ``eager`` starts people earlier (fewer passes fail on tight events)."""
    urgency = 150.0 if eager else 40.0
    remaining = [0] * problem.person_count
    for request in movable:
        for member in problem.parts[request]:
            remaining[member] += 1
    total = [len(state.person_slot[p]) + remaining[p] for p in range(problem.person_count)]
    placed = 0
    for slot in range(problem.slot_count):
        if out_of_time():
            return False  # a pass cut short is thrown away (on large events one takes seconds)
        day_before = problem.day_mask[problem.day[slot]] & ((1 << slot) - 1)
        later = ~((1 << slot) - 1)
        scored: list[tuple[float, int]] = []
        for request in by_slot[slot]:
            if state.slot_of[request] >= 0 or not state.can_place(request, slot):
                continue
            chances = (problem.feasible[request] & later).bit_count()
            score = 1000.0 if last_slot[request] == slot else urgency / chances
            for member in problem.parts[request]:
                if total[member] < 2:
                    continue  # one meeting: never a break, no preference
                before = previous_available[member].get(slot, -1)
                if before >= 0 and state.busy[member] >> before & 1:
                    score += 100.0  # continues a block: no break
                elif state.busy[member] & day_before:
                    score += 40.0  # already idle today: close the gap soon
                else:
                    # start just in time to run into the next fixed meeting (or the day's end)
                    window = problem.avail[member] & later & ~state.busy[member]
                    ahead = state.busy[member] & later
                    if ahead:
                        window &= (ahead & -ahead) - 1
                    slack = window.bit_count() - remaining[member]
                    score += (
                        60.0
                        if slack <= 0
                        else (25.0 - 5.0 * min(slack, 5) if eager else 10.0 / slack)
                    )
            if noise:
                score += rng.uniform(0.0, noise)
            scored.append((score, request))
        scored.sort(key=lambda item: -item[0])
        for score, request in scored:
            if score < threshold:
                break
            if state.can_place(request, slot):
                state.place(request, slot)
                placed += 1
                for member in problem.parts[request]:
                    remaining[member] -= 1
    if placed < len(movable):
        # the few left out: wherever they still fit, at the lowest cost for their members
        for position, request in enumerate(movable):
            if state.slot_of[request] >= 0:
                continue
            if position % 64 == 0 and out_of_time():
                return False
            options = state.free_slots(request)
            if not options:
                if insert is None or not insert(request):
                    return False
                continue
            members = problem.parts[request]
            best_slot = -1
            best_value = 0
            for slot in iter_bits(options):
                state.place(request, slot)
                value = cost.members(state, members)
                state.remove(request)
                if best_slot < 0 or value < best_value:
                    best_slot, best_value = slot, value
            state.place(request, best_slot)
    return True
