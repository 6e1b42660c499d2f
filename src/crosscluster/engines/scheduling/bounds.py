"""Upper bounds on the total weight of any valid schedule, each with a certificate.

Three bounds, each at least the optimum, and the engine reports the smallest:

1. **Counting bound** (no solver): the weights of the requests that have a feasible slot at all,
   capped by the best ``Σ tables`` of them.
2. **Per-person LP** (HiGHS, always): one variable ``0 <= x_r <= 1`` per schedulable request and

       Σ_{r ∋ p} x_r <= c_p      for every person p
       Σ_r x_r       <= Σ_s tables_s

   with ``c_p = min(max_meetings_p, most slots p can fill)``, where the slots p can fill are the
   slots in which at least one of p's requests is feasible (all its members available, the
   locked slot if any), counted without exceeding p's ``max_consecutive`` in any run of
   adjacent slots (``n - n // (k + 1)`` in a run of ``n``). Every valid schedule satisfies these
   rows: a 3-person meeting uses one unit of each of its three members, a locked request can only
   sit in its locked slot, and a person's meetings sit in distinct slots they can fill.
3. **Time-indexed LP** (HiGHS, when affordable): ``0 <= x_rs <= 1`` for each request and
   feasible slot, with one meeting per request, one meeting per person at any moment, at most
   ``tables_s`` meetings per slot, ``c_p`` per person and at most ``k_p`` meetings of person p in
   any ``k_p + 1`` adjacent slots. It is the linear relaxation of the exact model, hence at
   least the optimum, and at most bound 2 (its rows imply those of 2).

**Certificate.** A bound is never taken from the solver's reported objective. From any row
prices ``y >= 0`` (the LP's duals, clipped at zero) weak duality gives

    weight(S) <= Σ_i b_i y_i + Σ_j max(0, w_j - (Aᵀy)_j)

for every schedule ``S``, because each schedule is a 0/1 point satisfying ``Ax <= b``. That sum
is recomputed here in float64, so a bound stays valid even if the solver stops early, is
imprecise, or solved a reduced model. When every weight is an integer the optimum is an integer
and the bound is rounded down (after adding 1e-6 against round-off).
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sparse

from crosscluster.engines.scheduling.model import bound_method_text
from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, iter_bits

_BANNER_DONE = False


@dataclass(frozen=True)
class BoundResult:
    value: float
    code: str  # model.BOUND_METHODS
    selection: tuple[float, ...] = ()  # LP value of each request (guidance for the heuristics)
    seconds: float = 0.0
    solver: str = ""  # the time-indexed LP's HiGHS method

    @property
    def method(self) -> str:
        return bound_method_text(self.code, self.solver)


def round_bound(problem: Problem, value: float) -> float:
    if problem.integral:
        return float(math.floor(value + 1e-6))
    return value


def usable_slots(problem: Problem) -> list[int]:
    """Per person: the slots in which at least one of their requests is feasible."""
    usable = [0] * problem.person_count
    for request, mask in enumerate(problem.feasible):
        if mask:
            for member in problem.parts[request]:
                usable[member] |= mask
    return usable


def person_capacity(problem: Problem) -> list[int]:
    """``c_p``: most meetings person p can have in any valid schedule (see module docstring)."""
    usable = usable_slots(problem)
    return [
        min(
            problem.cap[person],
            problem.max_meetings_in(usable[person], problem.max_consecutive[person]),
        )
        for person in range(problem.person_count)
    ]


def table_capacity(problem: Problem) -> int:
    used = 0
    for mask in problem.feasible:
        used |= mask
    return sum(problem.tables[slot] for slot in iter_bits(used))


def counting_bound(problem: Problem) -> BoundResult:
    weights = sorted((problem.weight[r] for r, m in enumerate(problem.feasible) if m), reverse=True)
    value = sum(weights[: table_capacity(problem)])
    return BoundResult(value=round_bound(problem, value), code="counting")


def certify(
    matrix: sparse.csc_matrix,
    upper: np.ndarray,
    weights: np.ndarray,
    prices: np.ndarray,
    forced: np.ndarray | None = None,
) -> float:
    """Weak-duality bound ``b·y + Σ max(0, w - Aᵀy)`` for prices ``y`` clipped at zero.

    Columns marked in ``forced`` are fixed at 1 (kept meetings of a repair): they contribute
    their reduced weight ``w - Aᵀy`` itself, positive or not.
    """
    prices = np.maximum(prices, 0.0)
    prices[~np.isfinite(prices)] = 0.0
    reduced = weights - matrix.T @ prices
    contribution = np.maximum(reduced, 0.0)
    if forced is not None:
        contribution = np.where(forced, reduced, contribution)
    return float(upper @ prices + contribution.sum())


def _solve_lp(
    matrix: sparse.csc_matrix,
    upper: np.ndarray,
    weights: np.ndarray,
    time_limit: float,
    solver: str,
    lower: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Maximise ``w·x`` s.t. ``Ax <= b``, ``lower <= x <= 1``; returns (x, row prices)."""
    import highspy

    columns = matrix.shape[1]
    rows = matrix.shape[0]
    if columns == 0:
        return np.zeros(0), np.zeros(rows)
    highs = _new_highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("time_limit", max(0.05, float(time_limit)))
    highs.setOptionValue("solver", solver)
    lp = highspy.HighsLp()
    lp.num_col_ = columns
    lp.num_row_ = rows
    lp.col_cost_ = -weights
    lp.col_lower_ = np.zeros(columns) if lower is None else lower
    lp.col_upper_ = np.ones(columns)
    lp.row_lower_ = np.full(rows, -highspy.kHighsInf)
    lp.row_upper_ = upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    highs.passModel(lp)
    highs.run()
    solution = highs.getSolution()
    # Prices from an unfinished solve are still used: the certificate holds for any prices.
    values = np.asarray(solution.col_value, dtype=float)
    prices = -np.asarray(solution.row_dual, dtype=float)
    if values.shape[0] != columns or prices.shape[0] != rows:
        return None
    return values, prices


def _new_highs() -> Any:
    """A HiGHS instance; the first one prints a banner on stdout, which is sent to /dev/null.

    The command line's stdout carries JSON only, so the banner (printed by the C++ library when
    the first instance is created, before any option can be set) must not reach it.
    """
    global _BANNER_DONE
    import highspy

    if _BANNER_DONE:
        return highspy.Highs()
    _BANNER_DONE = True
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:
        return highspy.Highs()
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        highs = highspy.Highs()
        with contextlib.suppress(OSError, AttributeError, TypeError):
            ctypes.CDLL(None).fflush(None)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(sink)
    return highs


def aggregate_bound(
    problem: Problem, time_limit: float = 5.0, forced: frozenset[int] = frozenset()
) -> BoundResult | None:
    """Bound 2 of the module docstring, with the LP value of each request.

    ``forced`` requests are fixed at 1: the bound then holds for the schedules that keep them
    (a repair that never drops a confirmed meeting).
    """
    started = time.perf_counter()
    requests = [r for r, mask in enumerate(problem.feasible) if mask]
    capacity = person_capacity(problem)
    row_index: list[int] = []
    column_index: list[int] = []
    total_row = problem.person_count
    for column, request in enumerate(requests):
        for member in problem.parts[request]:
            row_index.append(member)
            column_index.append(column)
        row_index.append(total_row)
        column_index.append(column)
    upper = np.array([*capacity, table_capacity(problem)], dtype=float)
    upper = np.minimum(upper, 1e9)
    matrix = sparse.csc_matrix(
        (np.ones(len(row_index)), (row_index, column_index)),
        shape=(problem.person_count + 1, len(requests)),
    )
    weights = np.array([problem.weight[r] for r in requests], dtype=float)
    fixed = np.array([r in forced for r in requests], dtype=bool) if forced else None
    lower = None if fixed is None else fixed.astype(float)
    solved = _solve_lp(matrix, upper, weights, time_limit, "simplex", lower)
    if solved is None:
        return None
    values, prices = solved
    value = certify(matrix, upper, weights, prices, fixed)
    selection = [0.0] * problem.request_count
    for column, request in enumerate(requests):
        selection[request] = float(values[column])
    return BoundResult(
        value=round_bound(problem, value),
        code="person-kept" if forced else "person",
        selection=tuple(selection),
        seconds=time.perf_counter() - started,
    )


def time_indexed_size(problem: Problem) -> int:
    """Number of (request, slot) variables of the time-indexed LP."""
    return sum(mask.bit_count() for mask in problem.feasible)


def time_indexed_seconds(problem: Problem) -> float:
    """A rough estimate of the time to build and solve the time-indexed LP on one core."""
    return 0.05 + 4e-5 * time_indexed_size(problem)


def time_indexed_bound(
    problem: Problem, time_limit: float = 5.0, solver: str = "pdlp"
) -> BoundResult | None:
    """Bound 3 of the module docstring (PDLP by default: fast, and certified anyway)."""
    started = time.perf_counter()
    capacity = person_capacity(problem)
    slot_count = problem.slot_count
    var_request: list[int] = []
    var_slot: list[int] = []
    for request, mask in enumerate(problem.feasible):
        for slot in iter_bits(mask):
            var_request.append(request)
            var_slot.append(slot)
    columns = len(var_request)
    requests = np.array(var_request, dtype=np.int64)
    slots = np.array(var_slot, dtype=np.int64)
    row_parts: list[np.ndarray] = []
    column_parts: list[np.ndarray] = []
    upper_parts: list[np.ndarray] = []
    offset = 0
    # one meeting per request
    row_parts.append(requests)
    column_parts.append(np.arange(columns))
    upper_parts.append(np.ones(problem.request_count))
    offset += problem.request_count
    # (person, column) incidence
    person_list: list[int] = []
    person_column: list[int] = []
    for column, request in enumerate(var_request):
        for member in problem.parts[request]:
            person_list.append(member)
            person_column.append(column)
    persons = np.array(person_list, dtype=np.int64)
    person_columns = np.array(person_column, dtype=np.int64)
    # one meeting per person at any moment: row (person, s) covers columns at slots of clique[s]
    cover_slot: list[int] = []
    cover_of: list[int] = []
    for slot in range(slot_count):
        for other in iter_bits(problem.clique[slot]):
            cover_slot.append(slot)
            cover_of.append(other)
    if problem.has_overlaps:
        by_slot: dict[int, list[int]] = {}
        for slot, other in zip(cover_slot, cover_of, strict=True):
            by_slot.setdefault(other, []).append(slot)
        extra_rows: list[int] = []
        extra_columns: list[int] = []
        for person, column in zip(person_list, person_column, strict=True):
            for slot in by_slot.get(var_slot[column], []):
                extra_rows.append(offset + person * slot_count + slot)
                extra_columns.append(column)
        row_parts.append(np.array(extra_rows, dtype=np.int64))
        column_parts.append(np.array(extra_columns, dtype=np.int64))
    else:
        row_parts.append(offset + persons * slot_count + slots[person_columns])
        column_parts.append(person_columns)
    upper_parts.append(np.ones(problem.person_count * slot_count))
    offset += problem.person_count * slot_count
    # tables per slot
    row_parts.append(offset + slots)
    column_parts.append(np.arange(columns))
    upper_parts.append(np.array(problem.tables, dtype=float))
    offset += slot_count
    # per-person capacity
    row_parts.append(offset + persons)
    column_parts.append(person_columns)
    upper_parts.append(np.minimum(np.array(capacity, dtype=float), 1e9))
    offset += problem.person_count
    # consecutive windows
    window_rows: list[int] = []
    window_columns: list[int] = []
    window_upper: list[float] = []
    limited = [p for p in range(problem.person_count) if problem.max_consecutive[p] < NO_LIMIT]
    if limited:
        columns_of: dict[tuple[int, int], list[int]] = {}
        for person, column in zip(person_list, person_column, strict=True):
            if problem.max_consecutive[person] < NO_LIMIT:
                columns_of.setdefault((person, var_slot[column]), []).append(column)
        for person in limited:
            limit = problem.max_consecutive[person]
            for window in problem.windows(limit):
                members = [c for slot in window for c in columns_of.get((person, slot), [])]
                if len({var_slot[c] for c in members}) <= limit:
                    continue
                row = offset + len(window_upper)
                window_upper.append(float(limit))
                window_rows.extend([row] * len(members))
                window_columns.extend(members)
        row_parts.append(np.array(window_rows, dtype=np.int64))
        column_parts.append(np.array(window_columns, dtype=np.int64))
        upper_parts.append(np.array(window_upper, dtype=float))
        offset += len(window_upper)
    row_index = np.concatenate(row_parts)
    matrix = sparse.csc_matrix(
        (np.ones(row_index.shape[0]), (row_index, np.concatenate(column_parts))),
        shape=(offset, columns),
    )
    matrix.sum_duplicates()
    upper = np.concatenate(upper_parts)
    weights = np.array([problem.weight[r] for r in var_request], dtype=float)
    remaining = time_limit - (time.perf_counter() - started)
    if remaining <= 0.05:
        return None
    solved = _solve_lp(matrix, upper, weights, remaining, solver)
    if solved is None:
        return None
    values, prices = solved
    value = certify(matrix, upper, weights, prices)
    selection = np.zeros(problem.request_count)
    np.add.at(selection, requests, values)
    return BoundResult(
        value=round_bound(problem, value),
        code="time",
        solver=solver,
        selection=tuple(float(v) for v in selection),
        seconds=time.perf_counter() - started,
    )


def best_bound(bounds: list[BoundResult | None]) -> BoundResult:
    valid = [bound for bound in bounds if bound is not None]
    return min(valid, key=lambda bound: bound.value)
