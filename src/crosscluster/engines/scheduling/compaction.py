"""Compaction: fewer idle slots in people's days, without changing which meetings take place.

An *idle slot* of a person is a slot strictly between their first and last meeting of a day, in
which they are available and have no meeting. The pass moves one meeting at a time to another
slot where it fits (all constraints checked) when that lowers the idle slots of its members,
and swaps two meetings of one person when both still fit; it repeats until nothing improves or
the time is up. The set of scheduled requests and the objective never change; locked and kept
meetings do not move.
"""

from __future__ import annotations

from collections.abc import Callable

from crosscluster.engines.scheduling.problem import Problem, State, iter_bits


def idle_slots(problem: Problem, state: State, person: int) -> int:
    busy = state.busy[person]
    if busy.bit_count() < 2:
        return 0
    total = 0
    free = problem.avail[person] & ~state.blocked[person]
    for day_mask in problem.day_mask:
        today = busy & day_mask
        if today.bit_count() < 2:
            continue
        first = (today & -today).bit_length() - 1
        last = today.bit_length() - 1
        span = ((1 << (last + 1)) - (1 << first)) & day_mask
        total += (span & free).bit_count()
    return total


def total_idle_slots(problem: Problem, state: State) -> int:
    return sum(idle_slots(problem, state, person) for person in range(problem.person_count))


def _members_idle(problem: Problem, state: State, request: int) -> int:
    return sum(idle_slots(problem, state, member) for member in problem.parts[request])


def compact(problem: Problem, state: State, out_of_time: Callable[[], bool]) -> int:
    """Move meetings to lower the idle slots; returns how many moves were made.

    Passes of single moves (cheap) alternate with passes of swaps within one person's day
    (quadratic in their meetings); the pass stops when a round of both gains less than 5% of
    the idle slots left, or when the time is up.
    """
    moves = 0
    before = total_idle_slots(problem, state)
    for _ in range(8):
        if not before or out_of_time():
            break
        moves += _pass(problem, state, out_of_time, swaps=False)
        if out_of_time():
            break
        moves += _pass(problem, state, out_of_time, swaps=True)
        after = total_idle_slots(problem, state)
        if before - after < 0.05 * before:
            break
        before = after
    state.commit()
    return moves


def _pass(problem: Problem, state: State, out_of_time: Callable[[], bool], *, swaps: bool) -> int:
    moves = 0
    idle = {p: idle_slots(problem, state, p) for p in range(problem.person_count)}
    people = sorted((p for p, value in idle.items() if value), key=lambda p: (-idle[p], p))
    for position, person in enumerate(people):
        if position % 16 == 0 and out_of_time():
            break
        if not idle_slots(problem, state, person):
            continue
        if swaps:
            if _swap_better(problem, state, person):
                moves += 1
        else:
            for request in sorted(state.person_slot[person].values()):
                if not state.fixed[request] and _move_better(problem, state, request):
                    moves += 1
        state.commit()
    state.commit()
    return moves


def _move_better(problem: Problem, state: State, request: int) -> bool:
    before = _members_idle(problem, state, request)
    if not before:
        return False
    home = state.slot_of[request]
    mark = state.mark()
    state.remove(request)
    best_slot = home
    best = before
    for slot in iter_bits(state.free_slots(request) & ~(1 << home)):
        state.place(request, slot)
        value = _members_idle(problem, state, request)
        state.remove(request)
        if value < best:
            best = value
            best_slot = slot
    state.undo(mark)
    if best_slot == home:
        return False
    state.remove(request)
    state.place(request, best_slot)
    return True


def _swap_better(problem: Problem, state: State, person: int) -> bool:
    """Swap the slots of two meetings of ``person`` if both fit and idle slots go down."""
    meetings = [r for r in state.person_slot[person].values() if not state.fixed[r]]
    for index, first in enumerate(meetings):
        for second in meetings[index + 1 :]:
            members = set(problem.parts[first]) | set(problem.parts[second])
            before = sum(idle_slots(problem, state, member) for member in members)
            slot_a = state.slot_of[first]
            slot_b = state.slot_of[second]
            mark = state.mark()
            state.remove(first)
            state.remove(second)
            if state.can_place(first, slot_b):
                state.place(first, slot_b)
                if state.can_place(second, slot_a):
                    state.place(second, slot_a)
                    after = sum(idle_slots(problem, state, member) for member in members)
                    if after < before:
                        return True
            state.undo(mark)
    return False
