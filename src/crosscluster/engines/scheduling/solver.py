"""``schedule_meetings``: the whole pipeline, within a time limit.

1. Validate and index the instance; compute the counting bound and the per-person LP bound
   (HiGHS). The LP solution also says which requests an optimal selection would keep.
2. Place locked meetings (fixed). With a previous schedule, keep every previous meeting that is
   still feasible in its slot (fixed, table kept), then re-place the displaced ones first
   (they may move again later but are never dropped to make room for others).
3. Greedy: LP-selected requests first, then by weight, most constrained first.
4. Repair moves (insertions with ejection chains, weight-improving exchanges).
5. Large neighbourhood search with CP-SAT until the bound is reached, the search stalls or the
   time is up; the time-indexed LP tightens the bound when it is affordable and a gap remains.
6. Compaction of idle slots; tables (a person keeps their table between adjacent meetings when
   possible, previous tables are kept); a reason for every unscheduled request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from crosscluster.engines.scheduling import bounds as bounds_module
from crosscluster.engines.scheduling.break_phase import lower_breaks
from crosscluster.engines.scheduling.break_sat import BreakSat, use_sat
from crosscluster.engines.scheduling.breaks import (
    BreakOptions,
    break_counts,
)
from crosscluster.engines.scheduling.breaks import lower_bound as breaks_lower_bound
from crosscluster.engines.scheduling.compaction import compact, total_idle_slots
from crosscluster.engines.scheduling.greedy import greedy_fill, greedy_order, person_demand
from crosscluster.engines.scheduling.improve import Improver
from crosscluster.engines.scheduling.lns import NeighbourhoodSearch
from crosscluster.engines.scheduling.model import (
    Id,
    Instance,
    InstanceError,
    Meeting,
    Reason,
    ScheduleResult,
    Unscheduled,
    validate_instance,
)
from crosscluster.engines.scheduling.problem import Problem, State, compile_instance
from crosscluster.engines.scheduling.reasons import explain, lock_conflict_reason, static_reason

Timer = Callable[[], float]


@dataclass(frozen=True)
class Progress:
    phase: str
    objective: float
    upper_bound: float
    elapsed: float


ProgressCallback = Callable[[Progress], None]


def default_time_limit(instance: Instance, *, repair: bool = False) -> float:
    """2 s up to 5,000 requests, growing linearly to 10 s at 30,000; 40% of that for a repair."""
    count = len(instance.requests)
    limit = 2.0 if count <= 5_000 else min(10.0, 2.0 + 8.0 * (count - 5_000) / 25_000)
    return limit * 0.4 if repair else limit


def validate_previous(instance: Instance, previous: Sequence[Meeting]) -> None:
    """Previous meetings may name cancelled requests or removed slots; not the same request twice."""
    seen: set[Id] = set()
    for index, meeting in enumerate(previous):
        where = f"previous.meetings[{index}]"
        if isinstance(meeting.request, bool) or not isinstance(meeting.request, str | int):
            raise InstanceError(
                f"{where}.request", f"expected a request id, got {meeting.request!r}"
            )
        if meeting.request in seen:
            raise InstanceError(f"{where}.request", f"request {meeting.request!r} appears twice")
        seen.add(meeting.request)
        if isinstance(meeting.table, bool) or not isinstance(meeting.table, int):
            raise InstanceError(f"{where}.table", f"expected an integer, got {meeting.table!r}")


class _Clock:
    def __init__(self, timer: Timer, limit: float, progress: ProgressCallback | None) -> None:
        self.timer = timer
        self.started = timer()
        self.deadline = self.started + limit
        self.progress = progress

    def remaining(self) -> float:
        return self.deadline - self.timer()

    def elapsed(self) -> float:
        return self.timer() - self.started

    def report(self, phase: str, state: State, bound: float) -> None:
        if self.progress is not None:
            self.progress(Progress(phase, state.objective, bound, self.elapsed()))


def schedule_meetings(
    instance: Instance,
    *,
    previous: Sequence[Meeting] | None = None,
    time_limit: float | None = None,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    timer: Timer = time.perf_counter,
    use_lns: bool = True,
    move_budget: int | None = None,
    options: BreakOptions | None = None,
) -> ScheduleResult:
    """Schedule the requests of ``instance`` (see the package docstring for the model).

    With ``previous``, every previous meeting that is still feasible stays in its slot (and at
    its table), and is never dropped; displaced ones (a participant is no longer available,
    the slot is gone) are re-placed first. ``move_budget`` (default 0) lets that many kept
    meetings move to another slot when that lets a request in.
    """
    repair = previous is not None
    if options is None:
        options = BreakOptions()
    if time_limit is None:
        limit = default_time_limit(instance, repair=repair)
    else:
        limit = max(0.0, float(time_limit))
    clock = _Clock(timer, limit, progress)
    validate_instance(instance)
    if previous is not None:
        validate_previous(instance, previous)
    problem = compile_instance(instance)
    state = State(problem)
    reasons: dict[int, Reason] = {}
    stats: dict[str, float] = {}

    # 1. bounds -------------------------------------------------------------------------
    found: list[bounds_module.BoundResult | None] = [bounds_module.counting_bound(problem)]
    aggregate = None
    if clock.remaining() > 0.1:
        aggregate = bounds_module.aggregate_bound(problem, time_limit=clock.remaining() * 0.4)
    found.append(aggregate)
    bound = bounds_module.best_bound(found)
    selection = (
        list(aggregate.selection) if aggregate is not None else [0.0] * problem.request_count
    )
    capacity = bounds_module.person_capacity(problem)
    stats["bound_seconds"] = clock.elapsed()
    clock.report("bound", state, bound.value)

    # 2. locks and the previous schedule --------------------------------------------------
    lock_conflicts = _place_locks(problem, state, reasons)
    previous_slot: dict[int, int] = {}
    previous_table: dict[int, int] = {}
    displaced: list[int] = []
    if previous is not None:
        displaced = _keep_previous(problem, state, previous, previous_slot, previous_table)
    anchors = {
        r: slot
        for r, slot in previous_slot.items()
        if state.slot_of[r] == slot and problem.lock[r] < 0
    }
    # still feasible: in place after the step above (the contract's moved / dropped count these)
    still_feasible = {r for r, slot in previous_slot.items() if state.slot_of[r] == slot}
    cancelled = 0
    if previous is not None:
        cancelled = sum(1 for m in previous if m.request not in problem.request_index)
    if move_budget is None:
        move_budget = len(anchors) // 100  # at most 1% of the confirmed meetings move
    if anchors:
        # the bound of the repair itself: every kept meeting stays scheduled (stats and docs;
        # the reported upper bound stays the instance's, valid for any schedule)
        repair_bound = bounds_module.aggregate_bound(
            problem, time_limit=max(0.1, clock.remaining() * 0.2), forced=frozenset(anchors)
        )
        if repair_bound is not None:
            stats["repair_bound"] = min(repair_bound.value, bound.value)
    demand = person_demand(problem)
    improver = Improver(
        problem, state, demand, lambda: clock.remaining() <= 0, capacity, float("inf")
    )
    for request in sorted(displaced, key=lambda r: (-problem.weight[r], r)):
        if improver.insert(request, 2, frozenset()):
            state.must[request] = True
        state.commit()

    # 3. greedy ----------------------------------------------------------------------------
    order = greedy_order(problem, selection)
    greedy_fill(problem, state, order, demand, lambda: clock.remaining() <= 0.02)
    state.commit()
    stats["greedy_objective"] = state.objective
    clock.report("greedy", state, bound.value)

    # 4. repair moves ----------------------------------------------------------------------
    # the end of the run: tables, reasons and the result (about 15 µs per request on an idle
    # core, twice as much kept for a busy machine), then the compaction pass before it
    final_reserve = 0.02 + 0.03 * limit + 3e-5 * problem.request_count
    reserve = final_reserve + 0.05 * limit
    improver.target = bound.value
    improver.out_of_time = lambda: clock.remaining() <= reserve
    improver.run(order, selection)
    if anchors and move_budget > 0 and state.objective < bound.value - 1e-9:
        _move_some(problem, state, improver, anchors, move_budget, order, selection)
    stats["repair_objective"] = state.objective
    clock.report("repair", state, bound.value)

    # when every request that can take place fits the bound, the search above left some out
    # and the event is small: one SAT call for the whole set (the meetings, not breaks, first)
    left_out = tuple(
        r
        for r in range(problem.request_count)
        if state.slot_of[r] < 0 and problem.feasible[r] and problem.lock[r] < 0
    )
    if (
        left_out
        and state.objective < bound.value - 1e-9
        and state.objective + sum(problem.weight[r] for r in left_out) <= bound.value + 1e-9
        and use_sat(problem, state, options, clock.remaining() - final_reserve)
    ):
        completion_until = clock.remaining() - 0.5 * max(0.0, clock.remaining() - reserve)
        completion = BreakSat(problem, state, extra=left_out).complete(
            lambda: clock.remaining() <= completion_until
        )
        stats["completion_sat"] = {True: 1.0, False: 0.0, None: -1.0}[completion]
        clock.report("search", state, bound.value)

    # 5. neighbourhood search and a tighter bound --------------------------------------------
    tried_time_indexed = False
    estimate = bounds_module.time_indexed_seconds(problem)

    def gap() -> bool:
        return state.objective < bound.value - 1e-9

    def tighten(share: float) -> None:
        nonlocal bound, tried_time_indexed
        budget = (clock.remaining() - reserve) * share
        if budget < estimate:
            return
        tried_time_indexed = True
        tighter = bounds_module.time_indexed_bound(problem, time_limit=budget)
        bound = bounds_module.best_bound([bound, tighter])
        clock.report("bound", state, bound.value)

    if gap():
        tighten(0.25)
    # with compact agendas, a share of the time is kept for the breaks (the weight search
    # usually stalls long before; it stops at the bound)
    weight_reserve = reserve + (0.3 * clock.remaining() if options.compact else 0.0)
    if use_lns and gap() and clock.remaining() > weight_reserve + 0.05:
        search = NeighbourhoodSearch(
            problem,
            state,
            capacity,
            selection,
            seed,
            lambda: clock.remaining() - weight_reserve,
            bound.value,
            on_round=lambda: clock.report("search", state, bound.value),
        )
        search.run()
        stats["search_rounds"] = search.rounds
        exact = previous is None and not lock_conflicts
        if exact and search.proven_optimal and state.objective < bound.value:
            bound = bounds_module.BoundResult(value=state.objective, code="cp-sat")
    if not tried_time_indexed and gap():
        tighten(0.9)

    # 6. breaks (the set of meetings stays), tables, reasons ----------------------------------
    before = break_counts(problem, state)
    stats["breaks_before"] = sum(before)
    lower = breaks_lower_bound(problem, state)
    breaks_bound = sum(lower)
    breaks_proven = False
    if options.compact:
        breaks_bound, breaks_proven = lower_breaks(
            problem,
            state,
            options,
            seed,
            lambda: clock.remaining() - final_reserve,
            breaks_bound,
            lambda request: improver.insert(request, 2, frozenset()),
            stats,
        )
    else:
        compact(problem, state, lambda: clock.remaining() <= final_reserve)
    clock.report("compaction", state, bound.value)
    counts = break_counts(problem, state)
    breaks_total = sum(counts)
    if breaks_proven and not (options.half_day or options.max_break_difference is not None):
        breaks_bound = breaks_total
    breaks_bound = min(breaks_bound, breaks_total)
    tables = _assign_tables(problem, state, previous_table)
    meetings = tuple(
        Meeting(
            request=problem.request_ids[request],
            slot=problem.slot_ids[state.slot_of[request]],
            table=tables[request],
        )
        for request in sorted(
            (r for r in range(problem.request_count) if state.slot_of[r] >= 0),
            key=lambda r: (state.slot_of[r], tables[r]),
        )
    )
    unscheduled: list[Unscheduled] = []
    dropped = 0
    for request in range(problem.request_count):
        if state.slot_of[request] >= 0:
            continue
        reason = reasons.get(request) or explain(problem, state, request)
        if request in still_feasible:
            dropped += 1
        if request in previous_slot:
            reason = replace(reason, dropped=True)
        unscheduled.append(Unscheduled(request=problem.request_ids[request], why=reason))

    def same_place(request: int, slot: int) -> bool:
        table = previous_table.get(request, 0)
        return state.slot_of[request] == slot and (table == 0 or tables[request] == table)

    moved = sum(
        1
        for request in still_feasible
        if state.slot_of[request] >= 0 and not same_place(request, previous_slot[request])
    )
    displaced_count = len(previous_slot) - len(still_feasible)
    kept = sum(1 for request, slot in previous_slot.items() if same_place(request, slot))
    objective = sum(
        problem.weight[r] for r in range(problem.request_count) if state.slot_of[r] >= 0
    )
    upper = max(bound.value, objective)  # equal unless the bound arithmetic is off
    stats["seconds"] = clock.elapsed()
    return ScheduleResult(
        meetings=meetings,
        unscheduled=tuple(unscheduled),
        objective=objective,
        upper_bound=upper,
        moved=moved,
        dropped=dropped,
        idle_slots=total_idle_slots(problem, state),
        bound_code=bound.code,
        bound_solver=bound.solver,
        kept=kept,
        dropped_feasible=0,
        stats=tuple(sorted(stats.items())),
        breaks=breaks_total,
        breaks_lower_bound=breaks_bound,
        breaks_by_participant=tuple(
            (problem.person_ids[p], counts[p]) for p in range(problem.person_count) if state.busy[p]
        ),
        breaks_before=int(stats["breaks_before"]),
        cancelled=cancelled,
        displaced=displaced_count,
    )


def _move_some(
    problem: Problem,
    state: State,
    improver: Improver,
    anchors: dict[int, int],
    budget: int,
    order: list[int],
    selection: list[float],
) -> None:
    """Let up to ``budget`` kept meetings move (never drop) when that lets a request in."""
    for request in anchors:
        state.fixed[request] = False
        state.must[request] = True
    off: set[int] = set()

    def within_budget() -> bool:
        nonlocal off
        touched = {request for request, _ in state.log if request in anchors}
        now_off = (off - touched) | {r for r in touched if state.slot_of[r] != anchors[r]}
        if len(now_off) > budget:
            return False
        off = now_off
        return True

    improver.accept = within_budget
    heavy_first = sorted(order, key=lambda r: (-problem.weight[r], -selection[r], r))
    improver.run(heavy_first, selection, rounds=1)
    improver.accept = None
    for request, slot in anchors.items():
        if state.slot_of[request] == slot:
            state.fixed[request] = True


def _place_locks(problem: Problem, state: State, reasons: dict[int, Reason]) -> int:
    """Place locked requests (heaviest first); returns how many clash with other locks."""
    conflicts = 0
    locked = [r for r in range(problem.request_count) if problem.lock[r] >= 0]
    for request in sorted(locked, key=lambda r: (-problem.weight[r], r)):
        static = static_reason(problem, request)
        if static is not None:
            reasons[request] = static
            continue
        slot = problem.lock[request]
        if state.can_place(request, slot):
            state.place(request, slot)
            state.fixed[request] = True
        else:
            reasons[request] = lock_conflict_reason(problem, state, request)
            conflicts += 1
    state.commit()
    return conflicts


def _keep_previous(
    problem: Problem,
    state: State,
    previous: Sequence[Meeting],
    previous_slot: dict[int, int],
    previous_table: dict[int, int],
) -> list[int]:
    """Keep still-feasible previous meetings in place; return the displaced ones."""
    displaced: list[int] = []
    entries: list[tuple[int, int]] = []
    for meeting in previous:
        request = problem.request_index.get(meeting.request)
        if request is None:
            continue  # cancelled
        slot = problem.slot_index.get(meeting.slot, -1)
        previous_slot[request] = slot
        previous_table[request] = meeting.table
        entries.append((request, slot))
    entries.sort(key=lambda entry: (-problem.weight[entry[0]], entry[0]))
    for request, slot in entries:
        if state.slot_of[request] >= 0:
            continue  # locked (possibly elsewhere now)
        if problem.lock[request] >= 0:
            continue  # its lock could not be honoured; the lock reason applies
        if slot >= 0 and state.can_place(request, slot):
            state.place(request, slot)
            state.fixed[request] = True
        elif problem.feasible[request]:
            displaced.append(request)
    state.commit()
    return displaced


def _assign_tables(problem: Problem, state: State, previous_table: dict[int, int]) -> list[int]:
    """Table numbers 1..tables per slot: previous tables first, then a person's last table."""
    tables = [0] * problem.request_count
    last_table: dict[int, tuple[int, int]] = {}  # person -> (slot, table)
    for slot in range(problem.slot_count):
        requests = sorted(state.meetings_in[slot])
        taken: set[int] = set()
        pending: list[int] = []
        for request in requests:
            wanted = previous_table.get(request)
            if (
                state.fixed[request]
                and wanted is not None
                and 1 <= wanted <= problem.tables[slot]
                and wanted not in taken
            ):
                tables[request] = wanted
                taken.add(wanted)
            else:
                pending.append(request)
        later: list[int] = []
        for request in pending:
            choice = 0
            for member in problem.parts[request]:
                previous = last_table.get(member)
                if (
                    previous is not None
                    and slot in problem.succ[previous[0]]
                    and previous[1] <= problem.tables[slot]
                    and previous[1] not in taken
                ):
                    choice = previous[1]
                    break
            if choice:
                tables[request] = choice
                taken.add(choice)
            else:
                later.append(request)
        free = (table for table in range(1, problem.tables[slot] + 1) if table not in taken)
        for request in later:
            tables[request] = next(free)
        for request in requests:
            for member in problem.parts[request]:
                last_table[member] = (slot, tables[request])
    return tables
