"""The break annealing's inner loop compiled with numba: the same moves on flat arrays.

``break_anneal.anneal`` hands its work here once this module is compiled, for events of at
most ``break_anneal.KERNEL_SLOTS`` slots (a person's slots are one 64-bit integer). The moves,
the cost and the checks are those of ``break_anneal`` (Kempe chains between two slots, balanced by a meeting of
a slot the chain would overfill; feasible slots, tables, run limits; ``BreakCost`` without the
idle-slot tie-break), on arrays instead of Python sets and dicts:

* ``at[person, slot]``: the person's meeting in the slot (-1: none), ``busy[person]`` their
  slots as a bit set, ``members[slot, k]`` the meetings of a slot (``position[request]`` its
  index there, removed by moving the last one into its place);
* a chain and the people it touches are marked with a stamp per proposal (no set is built);
* random numbers from a xorshift64* generator seeded from ``seed`` (reproducible for a seed,
  not the same draws as the Python loop).

The kernel runs ``steps`` proposals at one temperature and returns; the Python side checks the
clock, sets the temperature, publishes to the SAT race and writes the result back between two
calls (``anneal_compiled``). Compiled once per machine: ``cache=True`` writes
the machine code beside this file, or in the user's cache directory when the package's folder
is read-only (numba's own rule); when neither can be written it compiles in each process. The
first call of a process without a cache compiles for seconds, so ``break_anneal`` runs
``warm_up`` on a side thread and uses this module once it has returned.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numba
import numpy as np

from crosscluster.engines.scheduling.breaks import BreakCost, BreakOptions
from crosscluster.engines.scheduling.model import Instance, Participant, Request, Slot
from crosscluster.engines.scheduling.problem import (
    NO_LIMIT,
    Problem,
    State,
    compile_instance,
    nearest_bits,
)

if TYPE_CHECKING:
    from crosscluster.engines.scheduling.break_parallel import Exchange


CHAIN_LIMIT = 60  # as break_anneal.CHAIN_LIMIT


def _jit(function: Callable[..., Any]) -> Any:
    try:
        return numba.njit(cache=True, nogil=True)(function)
    except RuntimeError:  # no writable cache directory: compile in each process
        return numba.njit(nogil=True)(function)


_nearest = _jit(nearest_bits)


@_jit
def popcount(value: int) -> int:
    value = value - ((value >> 1) & 0x5555555555555555)
    value = (value & 0x3333333333333333) + ((value >> 2) & 0x3333333333333333)
    value = (value + (value >> 4)) & 0x0F0F0F0F0F0F0F0F
    return ((value * 0x0101010101010101) & 0x7FFFFFFFFFFFFFFF) >> 56


@_jit
def bit_length(value: int) -> int:
    length = 0
    while value:
        value >>= 1
        length += 1
    return length


@_jit
def nth_bit(mask: int, index: int) -> int:
    """The slot of the ``index``-th set bit of ``mask`` (lowest first)."""
    for _ in range(index):
        mask &= mask - 1
    low = mask & -mask
    return bit_length(low) - 1


@_jit
def person_cost(
    busy: int,
    available: int,
    params: np.ndarray,
    day_masks: np.ndarray,
) -> tuple[int, int]:
    """``(cost, breaks)`` of a person, as ``BreakCost.with_breaks`` without idle slots."""
    if popcount(busy) < 2:
        return 0, 0
    all_slots, not_first, afternoon = params[0], params[1], params[2]
    breaks = 0
    if available == all_slots:
        starts = busy & ~((busy << 1) & not_first)
        breaks = popcount(starts)
        for day in range(day_masks.shape[0]):
            if busy & day_masks[day]:
                breaks -= 1
    else:
        for day in range(day_masks.shape[0]):
            today = busy & day_masks[day]
            if today & (today - 1):
                span = (1 << bit_length(today)) - (today & -today)
                away = span & ~available
                after = (today << 1) & span
                landing = ((away + (after & away)) | after) & ~away & span
                breaks += popcount(landing & available & ~busy)
    cost = breaks * params[3]
    if params[4]:  # half-day spans
        for day in range(day_masks.shape[0]):
            today = busy & day_masks[day]
            if today & afternoon and today & ~afternoon:
                cost += params[4]
    if params[5] and params[6] >= 0 and breaks > params[6]:  # fairness excess
        cost += (breaks - params[6]) * params[5]
    return cost, breaks


@_jit
def longest_run(occupied: int, slot: int, pred: np.ndarray, succ: np.ndarray) -> int:
    """As ``Problem.longest_run`` on slots in a line."""
    occupied |= 1 << slot
    length = 1
    current = pred[slot]
    while current >= 0 and occupied >> current & 1:
        length += 1
        current = pred[current]
    current = succ[slot]
    while current >= 0 and occupied >> current & 1:
        length += 1
        current = succ[current]
    return length


@_jit
def _random(rng: np.ndarray) -> float:
    """xorshift64* in [0, 1)."""
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    return float((x * np.uint64(0x2545F4914F6CDD1D)) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@_jit
def _grow(
    chain: np.ndarray,
    length: int,
    start: int,
    stamp: int,
    seen: np.ndarray,
    source: int,
    target: int,
    slot_of: np.ndarray,
    at: np.ndarray,
    part_start: np.ndarray,
    parts: np.ndarray,
    fixed: np.ndarray,
    feasible: np.ndarray,
) -> int:
    """Close the chain from index ``start``; its new length, or -1 when it is not valid."""
    index = start
    while index < length:
        r = chain[index]
        index += 1
        there = target if slot_of[r] == source else source
        if fixed[r] or not feasible[r] >> there & 1:
            return -1
        for k in range(part_start[r], part_start[r + 1]):
            found = at[parts[k], there]
            if found >= 0 and seen[found] != stamp:
                seen[found] = stamp
                chain[length] = found
                length += 1
        if length > CHAIN_LIMIT:
            return -1
    return length


@_jit
def _overfilled(
    chain: np.ndarray,
    length: int,
    source: int,
    target: int,
    slot_of: np.ndarray,
    used: np.ndarray,
    tables: np.ndarray,
) -> int:
    """The slot the swap of the chain would overfill (-1: none)."""
    leaving = 0
    for i in range(length):
        if slot_of[chain[i]] == source:
            leaving += 1
    coming = length - leaving
    if used[target] + leaving - coming > tables[target]:
        return target
    if used[source] + coming - leaving > tables[source]:
        return source
    return -1


@_jit
def _chain(
    request: int,
    source: int,
    target: int,
    stamp: int,
    chain: np.ndarray,
    seen: np.ndarray,
    slot_of: np.ndarray,
    at: np.ndarray,
    part_start: np.ndarray,
    parts: np.ndarray,
    fixed: np.ndarray,
    feasible: np.ndarray,
    used: np.ndarray,
    tables: np.ndarray,
    members: np.ndarray,
    rng: np.ndarray,
) -> int:
    """The Kempe chain of ``request`` between the two slots in ``chain``; when it would
    overfill a slot, the chain of a random other meeting of that slot is added to balance it.
    Its length, or -1 when there is no valid one (``break_anneal``'s ``kempe_chain``)."""
    chain[0] = request
    seen[request] = stamp
    length = 1
    start = 0
    for attempt in range(2):
        length = _grow(
            chain,
            length,
            start,
            stamp,
            seen,
            source,
            target,
            slot_of,
            at,
            part_start,
            parts,
            fixed,
            feasible,
        )
        if length < 0:
            return -1
        over = _overfilled(chain, length, source, target, slot_of, used, tables)
        if over < 0:
            return length
        if attempt == 1:
            return -1
        pool = 0
        for k in range(used[over]):
            if seen[members[over, k]] != stamp:
                pool += 1
        if pool == 0:
            return -1
        pick = int(_random(rng) * pool)
        for k in range(used[over]):
            if seen[members[over, k]] != stamp:
                if pick == 0:
                    chain[length] = members[over, k]
                    seen[members[over, k]] = stamp
                    break
                pick -= 1
        start = length
        length += 1
    return -1


@_jit
def run_steps(  # one compiled loop: its state is these arrays
    steps: int,
    temperature: float,
    movable: np.ndarray,
    part_start: np.ndarray,
    parts: np.ndarray,
    feasible: np.ndarray,
    fixed: np.ndarray,
    slot_of: np.ndarray,
    at: np.ndarray,
    busy: np.ndarray,
    used: np.ndarray,
    tables: np.ndarray,
    members: np.ndarray,
    position: np.ndarray,
    available: np.ndarray,
    limits: np.ndarray,
    pred: np.ndarray,
    succ: np.ndarray,
    day_masks: np.ndarray,
    params: np.ndarray,
    costs: np.ndarray,
    breaks: np.ndarray,
    best_slots: np.ndarray,
    seen: np.ndarray,
    marked: np.ndarray,
    chain: np.ndarray,
    touched: np.ndarray,
    fresh: np.ndarray,
    totals: np.ndarray,
    rng: np.ndarray,
) -> int:
    """Make ``steps`` proposals at ``temperature``; returns the steps made (fewer when the
    breaks reach ``totals[4]`` and the cost has no other term: no fairness excess, no half-day
    span).

    ``totals``: cost, breaks, best cost, 1 when the state is the best and ``best_slots`` is
    not a copy of it, the lower bound (-1: none), accepted moves, the stamp counter."""
    slot_count = params[7]
    limited = params[8]
    count = movable.shape[0]
    done = 0
    while done < steps:
        if totals[0] <= totals[4] * params[3]:  # breaks at the bound, no other cost term
            break
        done += 1
        request = movable[int(_random(rng) * count)]
        size = part_start[request + 1] - part_start[request]
        member = parts[part_start[request] + int(_random(rng) * size)]
        if breaks[member] == 0 and _random(rng) < 0.7:
            for _ in range(4):
                candidate = movable[int(_random(rng) * count)]
                size = part_start[candidate + 1] - part_start[candidate]
                other = parts[part_start[candidate] + int(_random(rng) * size)]
                if breaks[other] > 0:
                    request = candidate
                    member = other
                    break
        source = slot_of[request]
        others = busy[member] & ~(1 << source)
        near = 0
        if others and _random(rng) < 0.7:
            near = _nearest(others, feasible[request] & ~(1 << source), slot_count)
        if near:
            target = nth_bit(near, int(_random(rng) * popcount(near)))
        else:
            choices = popcount(feasible[request])
            if choices < 2:
                continue
            index = int(_random(rng) * (choices - 1))
            target = nth_bit(feasible[request], index)
            if target == source:
                target = nth_bit(feasible[request], choices - 1)
        # the Kempe chain, balanced when it would overfill a slot
        totals[6] += 1
        stamp = totals[6]
        length = _chain(
            request,
            source,
            target,
            stamp,
            chain,
            seen,
            slot_of,
            at,
            part_start,
            parts,
            fixed,
            feasible,
            used,
            tables,
            members,
            rng,
        )
        if length < 0:
            continue
        # the people touched: their two slots' bits are exchanged by the swap
        people = 0
        for i in range(length):
            r = chain[i]
            for k in range(part_start[r], part_start[r + 1]):
                person = parts[k]
                if marked[person] != stamp:
                    marked[person] = stamp
                    touched[people] = person
                    people += 1
        both = (1 << source) | (1 << target)
        valid = True
        delta = 0
        for i in range(people):
            person = touched[i]
            mine = busy[person]
            after = (
                (mine & ~both) | ((mine >> source & 1) << target) | ((mine >> target & 1) << source)
            )
            if limited and limits[person] >= 0:
                if after >> source & 1 and longest_run(after, source, pred, succ) > limits[person]:
                    valid = False
                    break
                if after >> target & 1 and longest_run(after, target, pred, succ) > limits[person]:
                    valid = False
                    break
            new_cost, new_breaks = person_cost(after, available[person], params, day_masks)
            fresh[i, 0] = new_cost
            fresh[i, 1] = new_breaks
            fresh[i, 2] = after
            delta += new_cost - costs[person]
        if not valid:
            continue
        if delta > 0 and _random(rng) >= np.exp(-delta / temperature):
            continue
        if delta > 0 and totals[3]:
            best_slots[:] = slot_of  # leaving the best schedule: keep a copy of it
            totals[3] = 0
        # swap: take every chain meeting out of its slot, then into the other one
        for i in range(length):
            r = chain[i]
            slot = slot_of[r]
            last = members[slot, used[slot] - 1]
            members[slot, position[r]] = last
            position[last] = position[r]
            used[slot] -= 1
            for k in range(part_start[r], part_start[r + 1]):
                if at[parts[k], slot] == r:
                    at[parts[k], slot] = -1
        for i in range(length):
            r = chain[i]
            slot = target if slot_of[r] == source else source
            slot_of[r] = slot
            members[slot, used[slot]] = r
            position[r] = used[slot]
            used[slot] += 1
            for k in range(part_start[r], part_start[r + 1]):
                at[parts[k], slot] = r
        for i in range(people):
            person = touched[i]
            busy[person] = fresh[i, 2]
            totals[1] += fresh[i, 1] - breaks[person]
            costs[person] = fresh[i, 0]
            breaks[person] = fresh[i, 1]
        totals[0] += delta
        totals[5] += 1
        if totals[0] < totals[2]:
            totals[2] = totals[0]
            totals[3] = 1
    return done


BATCH = 512  # proposals between two clock checks (the Python loop: 64)


def _arguments(
    problem: Problem, slot_of: list[int], fixed: list[bool], movable: list[int], cost: BreakCost
) -> tuple[Any, ...]:
    """``run_steps``'s arrays for the schedule ``slot_of`` (every request; -1 unscheduled)."""
    people, slots, requests = problem.person_count, problem.slot_count, problem.request_count
    part_start = np.zeros(requests + 1, dtype=np.int64)
    for r in range(requests):
        part_start[r + 1] = part_start[r] + len(problem.parts[r])
    parts = np.array([m for members in problem.parts for m in members], dtype=np.int64)
    at = np.full((people, slots), -1, dtype=np.int64)
    busy = np.zeros(people, dtype=np.int64)
    used = np.zeros(slots, dtype=np.int64)
    width = max([*problem.tables, 1])
    members = np.full((slots, min(width, max(requests, 1))), -1, dtype=np.int64)
    position = np.zeros(requests, dtype=np.int64)
    for r, slot in enumerate(slot_of):
        if slot < 0:
            continue
        members[slot, used[slot]] = r
        position[r] = used[slot]
        used[slot] += 1
        for person in problem.parts[r]:
            at[person, slot] = r
            busy[person] |= 1 << slot
    options = cost.options
    params = np.array(
        [
            problem.all_slots,
            problem.not_first,
            problem.afternoon if options.half_day else 0,
            cost.break_factor,
            cost.half_factor,
            cost.fair_factor,
            -1 if cost.cap is None else cost.cap,
            slots,
            int(any(limit < NO_LIMIT for limit in problem.max_consecutive)),
        ],
        dtype=np.int64,
    )
    available = np.array(problem.avail, dtype=np.int64)
    day_masks = np.array(problem.day_mask, dtype=np.int64)
    costs = np.zeros(people, dtype=np.int64)
    breaks = np.zeros(people, dtype=np.int64)
    for p in range(people):
        costs[p], breaks[p] = person_cost(int(busy[p]), problem.avail[p], params, day_masks)
    widest = max((len(members) for members in problem.parts), default=1)
    longest = CHAIN_LIMIT + 2 + 2 * widest
    total = int(costs.sum())
    return (
        np.array(movable, dtype=np.int64),
        part_start,
        parts,
        np.array(problem.feasible, dtype=np.int64),
        np.array(fixed, dtype=np.bool_),
        np.array(slot_of, dtype=np.int64),
        at,
        busy,
        used,
        np.array(problem.tables, dtype=np.int64),
        members,
        position,
        available,
        np.array([-1 if x >= NO_LIMIT else x for x in problem.max_consecutive], dtype=np.int64),
        np.array([links[0] if links else -1 for links in problem.pred], dtype=np.int64),
        np.array([links[0] if links else -1 for links in problem.succ], dtype=np.int64),
        day_masks,
        params,
        costs,
        breaks,
        np.array(slot_of, dtype=np.int64),
        np.zeros(requests, dtype=np.int64),
        np.zeros(people, dtype=np.int64),
        np.zeros(longest, dtype=np.int64),
        np.zeros(longest * widest, dtype=np.int64),
        np.zeros((longest * widest, 3), dtype=np.int64),
        np.array([total, int(breaks.sum()), total, 0, -1, 0, 0], dtype=np.int64),
        np.zeros(1, dtype=np.uint64),
    )


SLOT_OF, BEST_SLOTS, TOTALS, RNG = 5, 20, 26, 27  # positions in ``_arguments``


def anneal_compiled(
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
    temperatures: tuple[float, float],
) -> tuple[int, list[int]]:
    """``break_anneal.anneal`` on the compiled loop (the caller checked the slot count):
    ``(accepted moves, every request's slot)`` of the best schedule found; ``state`` is not
    changed. ``start`` is the time left when the annealing began and ``temperatures`` the
    first and last temperature of a cycle, in breaks (the temperature's schedule)."""
    plain = cost.options.max_break_difference is None and not cost.options.half_day
    arguments = _arguments(problem, list(state.slot_of), state.fixed, movable, cost)
    totals, rng = arguments[TOTALS], arguments[RNG]
    totals[4] = lower
    rng[0] = (seed * 0x9E3779B97F4A7C15 + 0x632BE59BD9B3E5D3) % (1 << 64) or 1
    unit = cost.break_factor
    high, low = temperatures[0] * unit, temperatures[1] * unit
    cycle = 0
    published = int(totals[2]) + 1
    while True:
        left = remaining()
        if left <= 0:
            break
        position = cycles * (1.0 - left / start)
        if int(position) > cycle:
            cycle = int(position)
            if totals[0] > totals[2]:  # a new cycle starts from the best schedule
                saved = totals[4:].copy(), rng.copy()
                arguments = _arguments(
                    problem, arguments[BEST_SLOTS].tolist(), state.fixed, movable, cost
                )
                totals, rng = arguments[TOTALS], arguments[RNG]
                totals[4:], rng[:] = saved
        temperature = high * (low / high) ** (position - cycle)
        if exchange is not None and plain:
            best = int(totals[2])
            if best < published:
                current = arguments[SLOT_OF if totals[3] else BEST_SLOTS].tolist()
                exchange.offer_from_anneal(
                    best // unit, tuple((r, slot) for r, slot in enumerate(current) if slot >= 0)
                )
                published = best
            if exchange.lower * unit >= min(best, exchange.sat_breaks * unit):
                break  # proven: nothing better than the best known exists
        if run_steps(BATCH, temperature, *arguments) < BATCH:
            break  # the lower bound is reached
    return int(totals[5]), arguments[SLOT_OF if totals[0] <= totals[2] else BEST_SLOTS].tolist()


_TINY = Instance(
    slots=(
        Slot("s", datetime(2026, 1, 1, 9, tzinfo=UTC), datetime(2026, 1, 1, 10, tzinfo=UTC), 1),
    ),
    participants=(Participant("a"), Participant("b")),
    requests=(Request("r", ("a", "b")),),
)
_ready = threading.Event()
_lock = threading.Lock()


def compiled_ready() -> bool:
    """Whether ``run_steps`` is compiled in this process (a call will not compile)."""
    return _ready.is_set()


def warm_up() -> None:
    """Compile (or load from the cache) ``run_steps`` with a tiny event; thread-safe."""
    if _ready.is_set():
        return
    with _lock:
        if _ready.is_set():
            return
        problem = compile_instance(_TINY)
        cost = BreakCost(problem, BreakOptions())
        run_steps(0, 1.0, *_arguments(problem, [0], [False], [0], cost))
        _ready.set()
