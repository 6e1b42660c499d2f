"""Fewer breaks without touching the set of meetings: local moves, then CP-SAT.

The meetings that take place are fixed once the weight phase is over (so the total weight, the
number of meetings and everyone's count never change); only their slots move.

* :func:`local_moves`: moves of one meeting to another free slot and swaps of two meetings of one
  person, accepted when the members' cost (:class:`~.breaks.BreakCost`) goes down.
* :class:`BreakSearch`: CP-SAT on a set of free meetings with everything else fixed. Small
  events are solved whole (the solver's bound is then a lower bound on breaks); larger ones by
  neighbourhoods (the people with the most breaks and the people they meet, or a few adjacent
  slots). Runs until the cost reaches its lower bound or the time is up.

Locked and kept meetings never move.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crosscluster.engines.scheduling.breaks import (
    BreakCost,
    BreakOptions,
    person_breaks,
)
from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, State, iter_bits


def local_moves(
    problem: Problem, state: State, cost: BreakCost, out_of_time: Callable[[], bool]
) -> int:
    """Single moves and same-person swaps while they lower the cost; returns the moves made."""
    made = 0
    for _ in range(20):
        gained = 0
        people = sorted(
            (p for p in range(problem.person_count) if cost.person(state, p)),
            key=lambda p: (-cost.person(state, p), p),
        )
        for position, person in enumerate(people):
            if position % 16 == 0 and out_of_time():
                state.commit()
                return made
            if not cost.person(state, person):
                continue
            for request in sorted(state.person_slot[person].values()):
                if not state.fixed[request] and _move_better(problem, state, cost, request):
                    gained += 1
            if _swap_better(problem, state, cost, person):
                gained += 1
            state.commit()
        made += gained
        if not gained:
            break
    state.commit()
    return made


def _move_better(problem: Problem, state: State, cost: BreakCost, request: int) -> bool:
    members = problem.parts[request]
    before = cost.members(state, members)
    if not before:
        return False
    home = state.slot_of[request]
    mark = state.mark()
    state.remove(request)
    best_slot = home
    best = before
    for slot in iter_bits(state.free_slots(request) & ~(1 << home)):
        state.place(request, slot)
        value = cost.members(state, members)
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


def _swap_better(problem: Problem, state: State, cost: BreakCost, person: int) -> bool:
    meetings = [r for r in state.person_slot[person].values() if not state.fixed[r]]
    for index, first in enumerate(meetings):
        for second in meetings[index + 1 :]:
            members = set(problem.parts[first]) | set(problem.parts[second])
            before = cost.members(state, members)
            slot_a = state.slot_of[first]
            slot_b = state.slot_of[second]
            mark = state.mark()
            state.remove(first)
            state.remove(second)
            if state.can_place(first, slot_b):
                state.place(first, slot_b)
                if state.can_place(second, slot_a):
                    state.place(second, slot_a)
                    if cost.members(state, members) < before:
                        return True
            state.undo(mark)
    return False


@dataclass
class SubResult:
    improved: bool
    optimal: bool
    bound: float  # the solver's lower bound on the breaks of the sub-problem's people


class BreakSearch:
    """CP-SAT over a set of free meetings, minimising the involved people's cost."""

    def __init__(
        self,
        problem: Problem,
        state: State,
        options: BreakOptions,
        cost: BreakCost,
        seed: int,
        remaining: Callable[[], float],
        variable_budget: int = 6000,
    ) -> None:
        self.problem = problem
        self.state = state
        self.options = options
        self.cost = cost
        self.rng = random.Random(seed)  # noqa: S311 (seeded, not security)
        self.seed = seed
        self.remaining = remaining
        self.variable_budget = variable_budget
        self.rounds = 0
        self.improvements = 0
        self.whole_bound: int | None = None  # lower bound on total breaks from a whole solve
        self.proven = False
        self._preds: dict[tuple[int, int], list[int]] = {}
        self.span = False  # the redundant span constraints (slower on the B2BSP forums)

    # ------------------------------------------------------------------ the sub-problem
    def solve(self, free: list[int], time_limit: float, workers: int = 1) -> SubResult:
        from ortools.sat.python import cp_model

        problem = self.problem
        state = self.state
        cost = self.cost
        free = [r for r in free if state.slot_of[r] >= 0 and not state.fixed[r]]
        if not free:
            return SubResult(False, False, 0.0)
        free_set = set(free)
        involved = sorted({m for r in free for m in problem.parts[r]})
        fixed_busy: dict[int, int] = {}
        fixed_blocked: dict[int, int] = {}
        for person in involved:
            busy = 0
            blocked = 0
            for slot, request in state.person_slot[person].items():
                if request not in free_set:
                    busy |= 1 << slot
                    blocked |= problem.overlap[slot]
            fixed_busy[person] = busy
            fixed_blocked[person] = blocked
        residual = list(problem.tables)
        for slot in range(problem.slot_count):
            residual[slot] -= sum(1 for r in state.meetings_in[slot] if r not in free_set)

        model = cp_model.CpModel()
        y: dict[tuple[int, int], cp_model.IntVar] = {}
        by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
        by_slot: dict[int, list[cp_model.IntVar]] = {}
        for request in free:
            mask = problem.feasible[request]
            for member in problem.parts[request]:
                mask &= ~fixed_blocked[member]
            own = []
            own_slots = set()
            for slot in iter_bits(mask):
                if residual[slot] <= 0:
                    continue
                variable = model.new_bool_var(f"y{request}_{slot}")
                y[request, slot] = variable
                own.append(variable)
                own_slots.add(slot)
                by_slot.setdefault(slot, []).append(variable)
                for member in problem.parts[request]:
                    by_person_slot.setdefault((member, slot), []).append(variable)
                model.add_hint(variable, state.slot_of[request] == slot)
            if state.slot_of[request] not in own_slots:
                return SubResult(False, False, 0.0)  # cannot happen: the current slot is open
            model.add_exactly_one(own)
        for (person, slot), group in by_person_slot.items():
            clique = problem.clique[slot]
            if problem.has_overlaps and clique != 1 << slot:
                group = [
                    v
                    for other in iter_bits(clique)
                    for v in by_person_slot.get((person, other), [])
                ]
            if len(group) > 1:
                model.add_at_most_one(group)
        for slot, group in by_slot.items():
            if len(group) > residual[slot]:
                model.add(sum(group) <= residual[slot])

        slots_of: dict[int, set[int]] = {}
        for person, slot in by_person_slot:
            slots_of.setdefault(person, set()).add(slot)
        terms: list[tuple[int, cp_model.LinearExprT]] = []
        break_exprs: list[cp_model.LinearExprT] = []
        for person in involved:
            limit = problem.max_consecutive[person]
            if limit < NO_LIMIT:
                for window in problem.windows(limit):
                    inside = [v for s in window for v in by_person_slot.get((person, s), [])]
                    if not inside:
                        continue
                    taken = sum(1 for s in window if fixed_busy[person] >> s & 1)
                    model.add(sum(inside) <= limit - taken)
            expression = self._person_breaks(
                model, person, fixed_busy[person], by_person_slot, slots_of.get(person, set())
            )
            if expression is None:
                continue
            breaks, halves = expression
            break_exprs.append(breaks)
            terms.append((cost.break_factor, breaks))
            if cost.half_factor and halves is not None:
                terms.append((cost.half_factor, halves))
            if cost.fair_factor and cost.cap is not None:
                excess = model.new_int_var(0, problem.slot_count, f"e{person}")
                model.add(excess >= breaks - cost.cap)
                terms.append((cost.fair_factor, excess))
        if not terms:
            return SubResult(False, True, 0.0)
        model.minimize(sum(factor * expression for factor, expression in terms))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = self.seed + self.rounds
        solver.parameters.max_time_in_seconds = max(0.01, min(time_limit, self.remaining()))
        before = self._coarse(involved)
        status = solver.solve(model)
        self.rounds += 1
        optimal = status == cp_model.OPTIMAL
        bound = (
            float(solver.best_objective_bound)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            else 0.0
        )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return SubResult(False, False, 0.0)
        if solver.objective_value > before + 0.5:
            return SubResult(False, optimal, bound)
        chosen = {r: s for (r, s), v in y.items() if solver.boolean_value(v)}
        improved = self._apply(free, chosen, involved)
        return SubResult(improved, optimal, bound)

    def _coarse(self, people: list[int]) -> int:
        """The sub-model's objective for the current schedule (cost without idle slots)."""
        cost = self.cost
        total = 0
        for person in people:
            busy = self.state.busy[person]
            breaks = person_breaks(self.problem, busy, person)
            total += breaks * cost.break_factor
            if cost.half_factor:
                from crosscluster.engines.scheduling.breaks import spans_both_halves

                total += spans_both_halves(self.problem, busy) * cost.half_factor
            if cost.fair_factor and cost.cap is not None and breaks > cost.cap:
                total += (breaks - cost.cap) * cost.fair_factor
        return total

    def _person_breaks(
        self,
        model: Any,
        person: int,
        fixed: int,
        by_person_slot: dict[tuple[int, int], list[Any]],
        variable_slots: set[int],
    ) -> tuple[Any, Any | None] | None:
        """Linear expressions for the person's breaks (and half-day spans), or None if the
        person's slots are all fixed (a constant: left out of the Anyive)."""
        problem = self.problem
        m = model  # cp_model.CpModel
        available = problem.avail[person]
        starts = []
        days_used = []
        halves = []
        if not variable_slots:
            return None

        def presence(slot: int) -> Any:
            if fixed >> slot & 1:
                return 1
            group = by_person_slot.get((person, slot))
            if not group:
                return 0
            return sum(group)

        for day, day_mask in enumerate(problem.day_mask):
            today = list(iter_bits(available & day_mask))
            occupied = [s for s in today if fixed >> s & 1 or s in variable_slots]
            if not occupied:
                continue
            day_starts = []
            for slot in occupied:
                preds = self._predecessors(person, slot)
                pred_presence = [presence(u) for u in preds]
                if any(isinstance(value, int) and value == 1 for value in pred_presence):
                    continue  # connected to a fixed meeting: never a block start
                here = presence(slot)
                start = m.new_bool_var(f"b{person}_{slot}")
                m.add(start >= here - sum(pred_presence))
                day_starts.append(start)
            starts.extend(day_starts)
            if fixed & day_mask:
                used: Any = 1
            else:
                used = m.new_bool_var(f"d{person}_{day}")
                m.add(used <= sum(presence(s) for s in occupied))
            days_used.append(used)
            if self.span and problem.linear and not problem.has_overlaps and len(occupied) > 1:
                # redundant: the span from the first to the last meeting holds the meetings and
                # the idle slots; any idle slot means at least one break
                positions = {slot: index for index, slot in enumerate(today)}
                size = len(today)
                first = m.new_int_var(0, size - 1, f"f{person}_{day}")
                last = m.new_int_var(0, size - 1, f"l{person}_{day}")
                for slot in occupied:
                    if fixed >> slot & 1:
                        m.add(first <= positions[slot])
                        m.add(last >= positions[slot])
                    else:
                        for variable in by_person_slot.get((person, slot), []):
                            m.add(first <= positions[slot]).only_enforce_if(variable)
                            m.add(last >= positions[slot]).only_enforce_if(variable)
                idle = m.new_int_var(0, size, f"i{person}_{day}")
                count = sum(presence(s) for s in occupied)
                constraint = m.add(last - first + 1 == count + idle)
                if not isinstance(used, int):
                    constraint.only_enforce_if(used)
                m.add(idle <= size * (sum(day_starts) - used))
            if self.cost.half_factor:
                morning = [s for s in occupied if not problem.afternoon >> s & 1]
                evening = [s for s in occupied if problem.afternoon >> s & 1]
                if morning and evening:
                    am = self._any(m, [presence(s) for s in morning], f"am{person}_{day}")
                    pm = self._any(m, [presence(s) for s in evening], f"pm{person}_{day}")
                    both = m.new_bool_var(f"h{person}_{day}")
                    m.add(both >= am + pm - 1)
                    halves.append(both)
        breaks = m.new_int_var(0, problem.slot_count, f"k{person}")
        m.add(breaks == sum(starts) - sum(days_used))
        return breaks, (sum(halves) if halves else None)

    def _predecessors(self, person: int, slot: int) -> list[int]:
        """The person's available slots right before ``slot`` (no available slot between)."""
        key = (person, slot)
        cached = self._preds.get(key)
        if cached is not None:
            return cached
        problem = self.problem
        available = problem.avail[person]
        result = [
            u
            for u in iter_bits(available & problem.day_mask[problem.day[slot]] & ((1 << slot) - 1))
            if problem.ends[u] <= problem.starts[slot]
            and not (problem.between(u, slot) & available)
        ]
        self._preds[key] = result
        return result

    @staticmethod
    def _any(model: Any, values: list[Any], name: str) -> Any:
        if any(isinstance(v, int) and v == 1 for v in values):
            return 1
        flag = model.new_bool_var(name)
        for value in values:
            if not isinstance(value, int):
                model.add(flag >= value)
        return flag

    def _apply(self, free: list[int], chosen: dict[int, int], involved: list[int]) -> bool:
        state = self.state
        cost = self.cost
        before = cost.members(state, set(involved))
        mark = state.mark()
        for request in free:
            if chosen.get(request) != state.slot_of[request]:
                state.remove(request)
        for request, slot in sorted(chosen.items(), key=lambda item: item[1]):
            if state.slot_of[request] == slot:
                continue
            if not state.can_place(request, slot):
                state.undo(mark)
                state.commit()
                return False
            state.place(request, slot)
        after = cost.members(state, set(involved))
        if after > before or any(state.slot_of[r] < 0 for r in free):
            state.undo(mark)
            state.commit()
            return False
        state.commit()
        return after < before

    # ------------------------------------------------------------------ neighbourhoods
    def movable(self) -> list[int]:
        state = self.state
        return [
            r
            for r in range(self.problem.request_count)
            if state.slot_of[r] >= 0 and not state.fixed[r]
        ]

    def size(self, requests: list[int]) -> int:
        problem = self.problem
        return sum(problem.feasible[r].bit_count() for r in requests)

    def people_neighbourhood(self) -> list[int]:
        """The meetings of a person with breaks and of the people they meet, within budget."""
        problem = self.problem
        state = self.state
        scored = [
            p for p in range(problem.person_count) if person_breaks(problem, state.busy[p], p)
        ]
        if scored and self.rng.random() < 0.85:
            start = self.rng.choice(scored)
        else:
            start = self.rng.randrange(problem.person_count)
        people: set[int] = set()
        chosen: set[int] = set()
        size = 0
        frontier = [start]
        while frontier:
            person = frontier.pop(0)
            if person in people:
                continue
            own = [
                r
                for r in state.person_slot[person].values()
                if r not in chosen and not state.fixed[r]
            ]
            cost = self.size(own)
            if people and size + cost > self.variable_budget:
                continue
            people.add(person)
            chosen.update(own)
            size += cost
            partners = [m for r in own for m in problem.parts[r] if m not in people]
            self.rng.shuffle(partners)
            frontier.extend(partners)
        return sorted(chosen)

    def window_neighbourhood(self) -> list[int]:
        """Every movable meeting in a few adjacent slots of one day (within budget)."""
        problem = self.problem
        state = self.state
        day = self.rng.randrange(len(problem.day_mask))
        slots = list(iter_bits(problem.day_mask[day]))
        movable = [r for s in slots for r in state.meetings_in[s] if not state.fixed[r]]
        if not movable:
            return []
        average = max(1, self.size(movable) // max(1, len(slots)))
        width = max(2, min(len(slots), self.variable_budget // average))
        first = self.rng.randrange(max(1, len(slots) - width + 1))
        window = 0
        for slot in slots[first : first + width]:
            window |= 1 << slot
        return [r for r in movable if state.slot_of[r] >= 0 and window >> state.slot_of[r] & 1]

    # ------------------------------------------------------------------ driver
    def run(self, target: Callable[[], bool], whole_size: int = 3_000) -> None:
        """Whole solves when small enough, else neighbourhoods, until ``target()`` or time."""
        movable = self.movable()
        if not movable:
            self.proven = True
            return
        if self.size(movable) <= whole_size:
            # whole: the solver's bound is a lower bound on the objective of any schedule of
            # these meetings (with the fixed ones in place)
            result = self.solve(movable, self.remaining(), workers=2)
            if result.improved:
                self.improvements += 1
            if not self.cost.half_factor and not self.cost.fair_factor:
                moving = {m for r in movable for m in self.problem.parts[r]}
                constant = sum(
                    person_breaks(self.problem, self.state.busy[p], p)
                    for p in range(self.problem.person_count)
                    if p not in moving
                )
                # the objective is break_factor x breaks: round the bound up
                scaled = result.bound / self.cost.break_factor
                self.whole_bound = constant + math.ceil(scaled - 1e-6)
            self.proven = result.optimal
            return
        while self.remaining() > 0.05 and not target():
            if self.rng.random() < 0.7:
                free = self.people_neighbourhood()
            else:
                free = self.window_neighbourhood()
            if not free:
                continue
            result = self.solve(free, min(0.5, self.remaining()))
            if result.improved:
                self.improvements += 1
