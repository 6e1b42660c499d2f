"""Fewer breaks by simulated annealing over Kempe chains (the meetings stay the same).

A *Kempe chain* between two slots ``a`` and ``b`` starts from one meeting in ``a``: every
meeting in ``b`` that shares a participant with it joins, then every meeting in ``a`` sharing
a participant with those, and so on. Swapping the slots of the whole chain never puts anyone
in two meetings at once, so a move only has to check each meeting's feasible slots, the
tables of the two slots and the run limits (``max_consecutive``). A chain into a slot where
none of the participants has a meeting is a plain move of one meeting.

The search accepts a move that raises the cost (``BreakCost``: fairness excess, half-day
spans, breaks, idle slots) with probability ``exp(-delta / T)``; ``T`` falls geometrically
from 0.6 breaks to 0.02 with the time (``cycles`` descents, each from the best schedule
found), and the best schedule is the state at the end. Moves start mostly from a
meeting of someone who has a break, towards a slot next to their other meetings, never the
meeting's own slot (a quarter of the proposals were that, wasted). Fixed (locked or kept)
meetings never move. Non-overlapping slots only; randomness through ``seed``.

The loop below is the reference and the fallback: once ``warm_up_kernel`` has compiled
``break_kernel`` in this process, events of at most 62 slots run the same moves there, about
20 times as many a second (its random draws differ, so does the layout for a seed).
"""

from __future__ import annotations

import copy
import math
import os
import random
import threading
from collections.abc import Callable
from importlib.util import find_spec
from types import ModuleType
from typing import TYPE_CHECKING

from crosscluster.engines.scheduling.breaks import BreakCost, person_breaks

if TYPE_CHECKING:
    from crosscluster.engines.scheduling.break_parallel import Exchange
from crosscluster.engines.scheduling.problem import (
    NO_LIMIT,
    Problem,
    State,
    iter_bits,
    nearest_bits,
)

CHAIN_LIMIT = 60  # meetings in one chain at most
HIGH = 0.6  # starting temperature, in breaks (0.3 before: see docs/engines/scheduling.md)
LOW = 0.02  # final temperature of a cycle, in breaks
KERNEL_SLOTS = 62  # the compiled loop's most slots: a person's slots in one signed 64-bit int

_kernel: ModuleType | None = None  # ``break_kernel`` once compiled (or loaded from its cache)
_warming: threading.Thread | None = None
_guard = threading.Lock()


def warm_up_kernel(wait: bool = False) -> None:
    """Compile the annealing's inner loop (``break_kernel``) on a side thread, once per
    process; ``wait`` blocks until it is ready. Until then ``anneal`` runs the Python loop:
    a first compilation takes seconds of processor (a few tenths from numba's disk cache),
    more than a 1-2 s budget can give."""
    global _warming
    if find_spec("numba") is None:
        return
    with _guard:
        if _warming is None:
            _warming = threading.Thread(target=_load_kernel, name="break-kernel", daemon=True)
            _warming.start()
    if wait:
        _warming.join()


def _after_fork() -> None:
    """A child forked while the side thread compiled has no such thread: let it start one."""
    global _warming, _guard
    _guard = threading.Lock()
    if _kernel is None:
        _warming = None


os.register_at_fork(after_in_child=_after_fork)


def _load_kernel() -> None:
    global _kernel
    try:
        from crosscluster.engines.scheduling import break_kernel

        break_kernel.warm_up()
    except Exception:  # any failure to compile: the Python loop stays
        return
    _kernel = break_kernel


def anneal(
    problem: Problem,
    state: State,
    cost: BreakCost,
    seed: int,
    remaining: Callable[[], float],
    lower: int = 0,
    cycles: int = 1,
    exchange: Exchange | None = None,
) -> int:
    """Lower the cost of ``state`` in place while ``remaining()`` (seconds) is positive;
    returns the moves accepted. The temperature follows the time (``cycles`` geometric
    descents, each from the best schedule so far). Stops early when the total breaks reach
    ``lower`` and the cost has nothing else to lower (no fairness excess, no half-day span).

    With ``exchange`` (the SAT thread's, plain breaks only) the search publishes its best
    schedule at each clock check (SAT uses it as phases) and stops when the bound SAT proved
    reaches the best schedule known (its own or SAT's). It does not adopt SAT's schedules
    while it runs: the caller takes SAT's at the end if it has fewer breaks, so that a run
    whose annealing finds the optimum itself does not depend on the threads' timing."""
    if problem.has_overlaps or not problem.linear:
        return 0
    slot_of = list(state.slot_of)
    movable = [r for r in range(problem.request_count) if slot_of[r] >= 0 and not state.fixed[r]]
    start = remaining()
    if not movable or start <= 0:
        return 0
    fits = problem.slot_count <= KERNEL_SLOTS
    if _kernel is not None and fits:
        fast = copy.copy(cost)
        fast.idle = False
        return _compiled(
            _kernel, problem, state, fast, seed, remaining, lower, cycles, exchange, movable, start
        )
    # the compiled loop may become ready while this one runs: it then takes over. It is
    # loaded from here, not at the run's start, so that the weight phase never shares the
    # interpreter with the loading (numba's import and cache, or a first compilation)
    handover = fits and find_spec("numba") is not None
    if handover:
        warm_up_kernel()
    rng = random.Random(seed)  # noqa: S311 (seeded, not security)
    # breaks only: idle slots (the last tie-break) are left to the local moves afterwards;
    # with them the search drifts on idle slots at the temperatures that remove breaks
    cost = copy.copy(cost)
    cost.idle = False
    options = cost.options
    plain = options.max_break_difference is None and not options.half_day
    parts = problem.parts
    feasible = problem.feasible
    fixed = state.fixed
    tables = problem.tables
    limits = problem.max_consecutive
    limited = any(limit < NO_LIMIT for limit in limits)
    people = range(problem.person_count)
    busy = list(state.busy)
    used = list(state.used)
    at: list[dict[int, int]] = [dict(own) for own in state.person_slot]
    person_cost = [0] * problem.person_count
    breaks = [0] * problem.person_count
    for p in people:
        person_cost[p], breaks[p] = cost.with_breaks(busy[p], p)
    total = sum(person_cost)
    total_breaks = sum(breaks)
    best = total
    best_slots = [slot_of[r] for r in movable]
    unit = cost.break_factor
    high, low = HIGH * unit, LOW * unit
    slots_of: dict[int, list[int]] = {}  # feasible slots of a request, built when needed
    bits_of: dict[int, list[int]] = {}  # the slots of a bit set, built when needed
    not_first = problem.not_first
    simple = [len(problem.day_mask) == 1 and problem.avail[p] == problem.all_slots for p in people]
    slot_count = problem.slot_count
    in_slot: list[set[int]] = [set(own) for own in state.meetings_in]
    moves = steps = cycle = 0
    dirty = False  # the current schedule is the best and best_slots is not a copy of it
    temperature = high
    published = total + 1  # the cost of the schedule last offered to ``exchange``
    exp = math.exp
    rand = rng.random  # int(rand() * n): random.randrange took a fifth of the time here

    def swap(chain: list[int], source: int, target: int) -> None:
        """Swap the chain between the two slots (its own inverse)."""
        leaving = [r for r in chain if slot_of[r] == source]
        coming = [r for r in chain if slot_of[r] == target]
        for r in leaving:
            for member in parts[r]:
                if at[member].get(source) == r:
                    del at[member][source]
                busy[member] ^= 1 << source
        for r in coming:
            for member in parts[r]:
                if at[member].get(target) == r:
                    del at[member][target]
                busy[member] ^= 1 << target
        for r in leaving:
            in_slot[source].discard(r)
            in_slot[target].add(r)
        for r in coming:
            in_slot[target].discard(r)
            in_slot[source].add(r)
        for r in leaving:
            slot_of[r] = target
            for member in parts[r]:
                at[member][target] = r
                busy[member] |= 1 << target
        for r in coming:
            slot_of[r] = source
            for member in parts[r]:
                at[member][source] = r
                busy[member] |= 1 << source
        used[source] += len(coming) - len(leaving)
        used[target] += len(leaving) - len(coming)

    def kempe_chain(request: int, source: int, target: int) -> list[int] | None:
        """The Kempe chain of ``request`` between the two slots; when it would overfill a
        slot, the chain of a meeting of that slot is added to balance it (a swap of two
        meetings, in the simplest case). None when there is no valid one."""
        chain = [request]
        seen = {request}
        if not _grow(chain, seen, source, target, slot_of, at, parts, fixed, feasible):
            return None
        leaving = sum(1 for r in chain if slot_of[r] == source)
        coming = len(chain) - leaving
        over = None
        if used[target] + leaving - coming > tables[target]:
            over = target
        elif used[source] + coming - leaving > tables[source]:
            over = source
        if over is not None:
            pool = [r for r in in_slot[over] if r not in seen]
            if not pool:
                return None
            extra = pool[int(rand() * len(pool))]
            chain.append(extra)
            seen.add(extra)
            if not _grow(chain, seen, source, target, slot_of, at, parts, fixed, feasible):
                return None
            leaving = sum(1 for r in chain if slot_of[r] == source)
            coming = len(chain) - leaving
            if used[target] + leaving - coming > tables[target]:
                return None
            if used[source] + coming - leaving > tables[source]:
                return None
        return chain

    while True:
        if steps % 64 == 0:
            left = remaining()
            if left <= 0 or (handover and _kernel is not None):
                break
            position = cycles * (1.0 - left / start)
            if int(position) > cycle:
                cycle = int(position)
                if total > best:  # a new cycle starts from the best schedule
                    _reset(problem, movable, best_slots, slot_of, at, busy, used, in_slot)
                    for p in people:
                        person_cost[p], breaks[p] = cost.with_breaks(busy[p], p)
                    total = sum(person_cost)
                    total_breaks = sum(breaks)
            temperature = high * (low / high) ** (position - cycle)
            if exchange is not None and plain:
                if best < published:
                    current = slot_of if dirty else _merged(movable, best_slots, slot_of)
                    exchange.offer_from_anneal(
                        best // unit,
                        tuple((r, slot) for r, slot in enumerate(current) if slot >= 0),
                    )
                    published = best
                if exchange.lower * unit >= min(best, exchange.sat_breaks * unit):
                    break  # proven: nothing better than the best known exists
        if total <= lower * unit:  # breaks at the bound, no fairness excess, no half-day span
            break
        steps += 1
        # a meeting, mostly of someone with a break, and a slot, mostly next to their others
        request = movable[int(rand() * len(movable))]
        members = parts[request]
        member = members[int(rand() * len(members))]
        if breaks[member] == 0 and rand() < 0.7:
            for _ in range(4):
                candidate = movable[int(rand() * len(movable))]
                candidate_members = parts[candidate]
                other = candidate_members[int(rand() * len(candidate_members))]
                if breaks[other] > 0:
                    request, member = candidate, other
                    break
        source = slot_of[request]
        others = busy[member] & ~(1 << source)
        near = 0
        if others and rand() < 0.7:
            # the feasible slots nearest to the person's other meetings, other than the
            # meeting's own (a quarter of the proposals were the own slot, wasted)
            near = nearest_bits(others, feasible[request] & ~(1 << source), slot_count)
        if near:
            choices = bits_of.get(near) or bits_of.setdefault(near, list(iter_bits(near)))
            target = choices[int(rand() * len(choices))]
        else:
            choices = slots_of.get(request) or slots_of.setdefault(
                request, list(iter_bits(feasible[request]))
            )
            if len(choices) < 2:
                continue
            # uniform over the feasible slots other than the own one
            target = choices[int(rand() * (len(choices) - 1))]
            if target == source:
                target = choices[-1]
        chain = kempe_chain(request, source, target)
        if chain is None:
            continue
        # every meeting of a touched person in the two slots is in the chain, so the swap
        # exchanges the two slots' bits of each touched person: evaluate before swapping
        touched = {person for r in chain for person in parts[r]}
        both = (1 << source) | (1 << target)
        after: dict[int, int] = {}
        for person in touched:
            mine = busy[person]
            after[person] = (
                (mine & ~both) | ((mine >> source & 1) << target) | ((mine >> target & 1) << source)
            )
        if limited and not _runs_ok(problem, after, source, target):
            continue
        delta = 0
        fresh: dict[int, tuple[int, int]] = {}
        for person, mine in after.items():
            if plain:  # the cost is the breaks (fast path)
                if simple[person]:  # one day, available throughout: blocks after the first
                    found_breaks = (mine & ~((mine << 1) & not_first)).bit_count() - 1
                else:
                    found_breaks = person_breaks(problem, mine, person)
                fresh[person] = (found_breaks * unit, found_breaks)
            else:
                fresh[person] = cost.with_breaks(mine, person)
            delta += fresh[person][0] - person_cost[person]
        if delta <= 0 or rand() < exp(-delta / temperature):
            if delta > 0 and dirty:
                # leaving the best schedule: keep a copy of it first (a copy per new best
                # would cost a pass over every meeting each time on large events)
                best_slots = [slot_of[r] for r in movable]
                dirty = False
            swap(chain, source, target)
            moves += 1
            total += delta
            for person, (new_cost, new_breaks) in fresh.items():
                person_cost[person] = new_cost
                total_breaks += new_breaks - breaks[person]
                breaks[person] = new_breaks
            if total < best:
                best = total
                dirty = True
    if total > best:
        _reset(problem, movable, best_slots, slot_of, at, busy, used, in_slot)
    write_back(state, movable, slot_of)
    if handover and _kernel is not None and remaining() > 0:
        # from the best schedule so far, on the same temperature schedule (the same start)
        return moves + _compiled(
            _kernel, problem, state, cost, seed, remaining, lower, cycles, exchange, movable, start
        )
    return moves


def _compiled(
    kernel: ModuleType,
    problem: Problem,
    state: State,
    cost: BreakCost,
    seed: int,
    remaining: Callable[[], float],
    lower: int,
    cycles: int,
    exchange: Exchange | None,
    movable: list[int],
    start: float,
) -> int:
    """The annealing on ``break_kernel``'s compiled loop, its result written to ``state``."""
    moves, slots = kernel.anneal_compiled(
        problem, state, cost, seed, remaining, lower, cycles, exchange, movable, start, (HIGH, LOW)
    )
    write_back(state, movable, slots)
    return int(moves)


def write_back(state: State, movable: list[int], slot_of: list[int]) -> None:
    """Move the ``movable`` meetings of ``state`` to their slots in ``slot_of``."""
    changed = [r for r in movable if state.slot_of[r] != slot_of[r]]
    state.commit()
    for r in changed:
        state.remove(r)
    for r in changed:
        state.place(r, slot_of[r])
    state.commit()


def _grow(
    chain: list[int],
    seen: set[int],
    source: int,
    target: int,
    slot_of: list[int],
    at: list[dict[int, int]],
    parts: list[tuple[int, ...]],
    fixed: list[bool],
    feasible: list[int],
) -> bool:
    """Close ``chain`` under "shares a participant, in the other slot"; False when a meeting
    of it is fixed, cannot go to the other slot, or the chain grows too long."""
    index = 0
    while index < len(chain):
        r = chain[index]
        index += 1
        there = target if slot_of[r] == source else source
        if fixed[r] or not feasible[r] >> there & 1:
            return False
        for person in parts[r]:
            found = at[person].get(there)
            if found is not None and found not in seen:
                seen.add(found)
                chain.append(found)
        if len(chain) > CHAIN_LIMIT:
            return False
    return True


def _merged(movable: list[int], movable_slots: list[int], slot_of: list[int]) -> list[int]:
    """Every request's slot: ``movable_slots`` for the movable ones, the others as now."""
    merged = list(slot_of)
    for r, slot in zip(movable, movable_slots, strict=True):
        merged[r] = slot
    return merged


def _reset(
    problem: Problem,
    movable: list[int],
    slots: list[int],
    slot_of: list[int],
    at: list[dict[int, int]],
    busy: list[int],
    used: list[int],
    in_slot: list[set[int]],
) -> None:
    """Put the movable meetings back in ``slots`` (a schedule that was valid as a whole)."""
    for r in movable:
        slot = slot_of[r]
        used[slot] -= 1
        in_slot[slot].discard(r)
        for member in problem.parts[r]:
            del at[member][slot]
            busy[member] &= ~(1 << slot)
    for r, slot in zip(movable, slots, strict=True):
        slot_of[r] = slot
        used[slot] += 1
        in_slot[slot].add(r)
        for member in problem.parts[r]:
            at[member][slot] = r
            busy[member] |= 1 << slot


def _runs_ok(problem: Problem, after: dict[int, int], first: int, second: int) -> bool:
    """Whether the people of ``after`` (their slots after a swap) keep their run limits."""
    for person, mine in after.items():
        limit = problem.max_consecutive[person]
        if limit >= NO_LIMIT:
            continue
        for slot in (first, second):
            if mine >> slot & 1 and problem.longest_run(mine, slot) > limit:
                return False
    return True
