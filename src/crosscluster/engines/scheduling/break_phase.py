"""The break phase: fewer breaks for the meetings the weight phase chose (they all stay).

In order, each step on the schedule the one before left, until the breaks reach their lower
bound (with fairness or half-day options: and the cost has no other term left) or the time is up (``seconds_left()``, the caller's clock):

1. the continuity-first sweep (``break_sweep``, 10% of the phase; 25% on events beyond the
   SAT size), then local moves where the annealing does not apply;
1b. plain breaks (no fairness or half-day option), non-overlapping slots and a SAT formula
   that fits (``break_sat.use_sat``): the annealing for the rest of the phase with
   incremental SAT racing it on a second thread (``break_parallel``), then step 4;
2. otherwise (plain breaks too large for SAT) the annealing for the rest of the phase, then
   step 4; with fairness or half-day options simulated annealing over Kempe chains
   (``break_anneal``; 80% of what is left, 50% when the whole SAT formula, every table
   counter included, fits 20% of the time left);
3. when the SAT formula fits (``break_sat.use_sat``), incremental SAT: its first call asks for
   the lower bound (an UNSAT answer raises it), then neighbourhoods and whole calls; for
   events too large for it or with overlapping slots, the CP-SAT neighbourhoods
   (``break_search``);
4. local moves (idle slots, the last tie-break).

Measured on the B2BSP forums (docs/engines/scheduling.md): the annealing does most of the work
on every forum; SAT before it (tried with 20-60% of the phase) did better on some 21-22-slot
forums on an idle machine and worse on a loaded one.

Returns the proven lower bound on the breaks of these meetings (with the fixed ones in
place) and whether the schedule's breaks are proven optimal.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from crosscluster.engines.scheduling.break_anneal import anneal
from crosscluster.engines.scheduling.break_parallel import Exchange, SatRace, wait_for
from crosscluster.engines.scheduling.break_sat import (
    SAT_SIZE_LIMIT,
    BreakSat,
    eager_tables_fit,
    use_sat,
)
from crosscluster.engines.scheduling.break_search import BreakSearch, local_moves
from crosscluster.engines.scheduling.break_sweep import sweep_schedules
from crosscluster.engines.scheduling.breaks import (
    BreakCost,
    BreakOptions,
    break_counts,
    fairness_cap,
)
from crosscluster.engines.scheduling.problem import Problem, State

SWEEP_SHARE = 0.1
SWEEP_SHARE_LARGE = 0.25  # events beyond the SAT size: the local moves after it are slow there
ANNEAL_SHARE = 0.8
ANNEAL_SHARE_SMALL = 0.5  # when the whole SAT formula is small, SAT gets the other half
RACE_SHARE = 0.97  # the annealing's share while SAT runs beside it (the rest: local moves)


def lower_breaks(
    problem: Problem,
    state: State,
    options: BreakOptions,
    seed: int,
    seconds_left: Callable[[], float],
    bound: int,
    insert: Callable[[int], bool],
    stats: dict[str, float],
) -> tuple[int, bool]:
    """Lower the breaks of ``state`` in place; returns ``(lower bound, proven optimal)``."""
    cost = BreakCost(problem, options, fairness_cap(problem, state, options))
    plain = not (options.half_day or options.max_break_difference is not None)
    proven = False

    def total() -> int:
        return sum(break_counts(problem, state))

    def out_of_time() -> bool:
        return seconds_left() <= 0

    floor = copy.copy(cost)
    floor.idle = False  # idle slots are the last tie-break, left to the local moves

    def at_bound() -> bool:
        """Nothing left to lower: the breaks at their lower bound, and with fairness or
        half-day options no excess and no half-day span either (each term is at least 0)."""
        cost_now = sum(floor.person(state, p) for p in range(problem.person_count))
        return cost_now <= bound * floor.break_factor

    def until(share: float) -> Callable[[], float]:
        """Seconds left of a step that takes ``share`` of the time left now."""
        end = seconds_left() * (1.0 - share)
        return lambda: seconds_left() - end

    pairs = sum(
        problem.feasible[r].bit_count()
        for r in range(problem.request_count)
        if state.slot_of[r] >= 0 and not state.fixed[r]
    )
    sweep_left = until(SWEEP_SHARE_LARGE if pairs > SAT_SIZE_LIMIT else SWEEP_SHARE)
    stats["breaks_sweeps"] = sweep_schedules(
        problem,
        state,
        cost,
        seed,
        lambda: sweep_left() <= 0,
        target=bound,
        insert=insert,
    )
    stats["breaks_after_sweeps"] = total()
    annealing = problem.linear and not problem.has_overlaps
    if not annealing:  # the annealing's chains include these moves
        local_moves(problem, state, cost, out_of_time)
    stats["breaks_after_moves"] = total()
    if (
        plain
        and annealing
        and not at_bound()
        and seconds_left() > 0.05
        and use_sat(problem, state, options, max(0.0, seconds_left()))
    ):
        bound, proven = _race(problem, state, cost, seed, seconds_left, until, bound, stats)
        local_moves(problem, state, cost, out_of_time)
        return bound, proven
    if plain and annealing and not at_bound() and seconds_left() > 0.05:
        # too large for SAT: the annealing alone (the CP-SAT neighbourhoods after it improved
        # nothing on forum-14, ticf-14crafa and the "max 4 in a row" events, and building
        # their models overran 2 s budgets by up to 0.3 s at load 12-15)
        stats["breaks_anneal_moves"] = anneal(problem, state, cost, seed, until(RACE_SHARE), bound)
        stats["breaks_after_anneal"] = total()
        local_moves(problem, state, cost, out_of_time)
        return bound, proven
    small = use_sat(problem, state, options, max(0.0, seconds_left())) and eager_tables_fit(
        problem, state, max(0.0, seconds_left())
    )
    if not at_bound() and seconds_left() > 0.05:
        share = ANNEAL_SHARE_SMALL if small else ANNEAL_SHARE
        stats["breaks_anneal_moves"] = anneal(problem, state, cost, seed, until(share), bound)
        stats["breaks_after_anneal"] = total()
    if not at_bound() and seconds_left() > 0.05:
        if use_sat(problem, state, options, max(0.0, seconds_left())):
            lazy = not eager_tables_fit(problem, state, max(0.0, seconds_left()))
            sat = BreakSat(problem, state, fairness_cap(problem, state, options), lazy_tables=lazy)
            bound = _sat_run(sat, state, problem, options, seed, seconds_left, bound, stats)
        else:
            search = BreakSearch(problem, state, options, cost, seed, seconds_left)
            search.run(at_bound)
            stats["breaks_rounds"] = search.rounds
            if search.whole_bound is not None:
                bound = max(bound, search.whole_bound)
            proven = search.proven
    local_moves(problem, state, cost, out_of_time)
    return bound, proven


def _race(
    problem: Problem,
    state: State,
    cost: BreakCost,
    seed: int,
    seconds_left: Callable[[], float],
    until: Callable[[float], Callable[[], float]],
    bound: int,
    stats: dict[str, float],
) -> tuple[int, bool]:
    """The annealing on this thread and incremental SAT on a second one, exchanging schedules
    (``break_parallel``); returns ``(lower bound, proven optimal)``."""
    lazy = not eager_tables_fit(problem, state, max(0.0, seconds_left()))
    sat = BreakSat(problem, state, None, lazy_tables=lazy)
    exchange = Exchange(sum(break_counts(problem, state)), bound)
    race = SatRace(problem, sat, exchange, seconds_left)
    race.start()
    try:
        stats["breaks_anneal_moves"] = anneal(
            problem, state, cost, seed, until(RACE_SHARE), bound, exchange=exchange
        )
    finally:
        finished = wait_for(race, exchange)
    stats["breaks_after_anneal"] = sum(break_counts(problem, state))
    stats["breaks_sat_calls"] = exchange.calls
    if not finished:  # late or failed: its answers are not trusted
        stats["breaks_sat_failed"] = 1
        return bound, False
    if exchange.sat_breaks < sum(break_counts(problem, state)):
        sat.apply_assignment(dict(exchange.sat_slots))
    total = sum(break_counts(problem, state))
    stats["breaks_sat_best"] = min(exchange.sat_breaks, total)
    bound = max(bound, min(exchange.lower, total))
    return bound, bound >= total


def _sat_run(
    sat: BreakSat,
    state: State,
    problem: Problem,
    options: BreakOptions,
    seed: int,
    left: Callable[[], float],
    bound: int,
    stats: dict[str, float],
) -> int:
    def total() -> int:
        return sum(break_counts(problem, state))

    outcome = sat.run(total(), bound, lambda: left() <= 0, total, seed=seed, seconds_left=left)
    stats["breaks_sat_calls"] = stats.get("breaks_sat_calls", 0) + outcome.calls
    if options.max_break_difference is None:
        bound = max(bound, outcome.lower)
    return bound
