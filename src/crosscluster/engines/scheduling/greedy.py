"""Priority-then-most-constrained greedy construction.

Requests the per-person LP selects come first (its solution is usually integral and names an
optimal set of requests); then by weight (highest first); among equal weights, the most
constrained first: fewest feasible slots, then the busiest participants (requests per usable
slot). Each request goes to the free slot that the other pending requests of its participants
need least (a static demand per person and slot), ties broken towards slots next to the
participants' existing meetings (fewer idle slots) and then the earliest slot.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sparse

from crosscluster.engines.scheduling.problem import Problem, State, iter_bits


def feasible_matrix(problem: Problem) -> np.ndarray:
    """Requests by slots, 1.0 where the request is feasible (bit sets unpacked 62 bits at a time)."""
    chunks = []
    for start in range(0, problem.slot_count, 62):
        width = min(62, problem.slot_count - start)
        part = np.array(
            [(mask >> start) & ((1 << width) - 1) for mask in problem.feasible], dtype=np.int64
        )
        chunks.append((part[:, None] >> np.arange(width)) & 1)
    if not chunks:
        return np.zeros((problem.request_count, 0))
    return np.concatenate(chunks, axis=1).astype(float)


def person_demand(problem: Problem) -> list[list[float]]:
    """For each person and slot: Σ over their requests feasible there of weight / (feasible slots)."""
    if not problem.request_count or not problem.slot_count:
        return [[0.0] * problem.slot_count for _ in range(problem.person_count)]
    feasible = feasible_matrix(problem)
    counts = feasible.sum(axis=1)
    share = np.divide(np.array(problem.weight), counts, out=np.zeros_like(counts), where=counts > 0)
    rows = [member for members in problem.parts for member in members]
    columns = [r for r, members in enumerate(problem.parts) for _ in members]
    incidence = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)),
        shape=(problem.person_count, problem.request_count),
    )
    result: list[list[float]] = (incidence @ (feasible * share[:, None])).tolist()
    return result


def pressure(problem: Problem) -> list[float]:
    """Requests per usable slot of each person (above 1: they cannot meet everyone)."""
    usable = [0] * problem.person_count
    count = [0] * problem.person_count
    for request, mask in enumerate(problem.feasible):
        if not mask:
            continue
        for member in problem.parts[request]:
            usable[member] |= mask
            count[member] += 1
    result = []
    for person in range(problem.person_count):
        capacity = min(problem.cap[person], usable[person].bit_count())
        result.append(count[person] / capacity if capacity else 0.0)
    return result


def greedy_order(problem: Problem, selection: list[float]) -> list[int]:
    """Unlocked schedulable requests: LP-selected first, then heavier, then most constrained."""
    load = pressure(problem)
    return sorted(
        (r for r in range(problem.request_count) if problem.feasible[r] and problem.lock[r] < 0),
        key=lambda r: (
            -round(selection[r], 3),
            -problem.weight[r],
            problem.feasible[r].bit_count(),
            -max(load[m] for m in problem.parts[r]),
            r,
        ),
    )


def best_slot(
    problem: Problem, state: State, request: int, free: int, demand: list[list[float]]
) -> int:
    best = -1
    best_key: tuple[float, int, int] | None = None
    members = problem.parts[request]
    for slot in iter_bits(free):
        score = 0.0
        adjacent = 0
        near = problem.neighbours[slot]
        for member in members:
            score += demand[member][slot]
            if state.busy[member] & near:
                adjacent += 1
        key = (round(score, 6), -adjacent, slot)
        if best_key is None or key < best_key:
            best_key = key
            best = slot
    return best


def greedy_fill(
    problem: Problem,
    state: State,
    order: list[int],
    demand: list[list[float]],
    out_of_time: Callable[[], bool] = lambda: False,
) -> None:
    """Place each request of ``order`` that is not yet scheduled, if it fits somewhere.

    The clock is read every 512 requests, and not before the first 512 are placed: an event
    whose bound (or a first import of the LP solver on a busy machine) used the whole time limit
    still gets its greedy schedule, at a cost of milliseconds beyond the limit."""
    for position, request in enumerate(order):
        if position and position % 512 == 0 and out_of_time():
            return
        if state.slot_of[request] >= 0:
            continue
        free = state.free_slots(request)
        if free:
            state.place(request, best_slot(problem, state, request, free, demand))
