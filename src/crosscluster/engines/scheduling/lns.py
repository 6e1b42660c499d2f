"""Large neighbourhood search: re-solve part of the schedule exactly with CP-SAT.

A neighbourhood is a small set of people: the members of a promising unscheduled request (one
the LP selects, or one heavier than the meetings it would displace), grown along shared
meetings until the sub-problem reaches a size budget. Every request touching those people is
freed; everything else stays as it is and only leaves room (tables, the outside members' other
meetings, caps and runs). CP-SAT then solves the sub-problem to optimality or to its time
limit, starting from the current assignment as a hint, and the result replaces the
neighbourhood's meetings when the total weight does not go down. Locked and kept meetings stay
fixed; ``must`` meetings stay scheduled.

The solver runs single-threaded with a fixed seed per neighbourhood, so a run with a given seed
is reproducible up to the number of neighbourhoods that fit in the time limit.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable

from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, State, iter_bits

EPSILON = 1e-9
IMPORT_ALLOWANCE = 0.5  # seconds: loading OR-Tools (and pandas, which it imports) the first time


def solver_loaded() -> bool:
    return "ortools.sat.python.cp_model" in sys.modules


class NeighbourhoodSearch:
    def __init__(
        self,
        problem: Problem,
        state: State,
        capacity: list[int],
        selection: list[float],
        seed: int,
        remaining: Callable[[], float],
        target: float,
        variable_budget: int = 2500,
        on_round: Callable[[], None] | None = None,
    ) -> None:
        self.on_round = on_round
        self.problem = problem
        self.state = state
        self.capacity = capacity
        self.selection = selection
        self.rng = random.Random(seed)  # noqa: S311 (seeded, not security)
        self.seed = seed
        self.remaining = remaining
        self.target = target
        self.variable_budget = variable_budget
        self.scale = 1 if problem.integral else 1000
        self.rounds = 0
        self.improvements = 0
        self.proven_optimal = False  # a whole-instance solve finished with OPTIMAL
        self._last_status_optimal = False

    # ------------------------------------------------------------------ neighbourhoods
    def _promising(self) -> list[int]:
        problem = self.problem
        state = self.state
        result = []
        for request in range(problem.request_count):
            if state.slot_of[request] >= 0 or not problem.feasible[request]:
                continue
            if self.selection[request] >= 0.5:
                result.append(request)
                continue
            weight = problem.weight[request]
            for member in problem.parts[request]:
                if state.count[member] >= self.capacity[member]:
                    lightest = min(
                        (problem.weight[m] for m in state.person_slot[member].values()),
                        default=weight,
                    )
                    if lightest < weight:
                        result.append(request)
                    break
            else:
                result.append(request)
        return result

    def _grow(self, start: list[int]) -> set[int]:
        problem = self.problem
        state = self.state
        people: set[int] = set()
        size = 0
        frontier = list(start)
        while frontier:
            person = frontier.pop(0)
            if person in people:
                continue
            cost = sum(problem.feasible[r].bit_count() for r in problem.person_requests[person])
            if people and size + cost > self.variable_budget:
                continue
            people.add(person)
            size += cost
            partners = [
                member
                for request in state.person_slot[person].values()
                for member in problem.parts[request]
                if member not in people
            ]
            self.rng.shuffle(partners)
            frontier.extend(partners)
        return people

    def neighbourhood(self, promising: list[int]) -> set[int]:
        problem = self.problem
        if promising and self.rng.random() < 0.8:
            weights = [problem.weight[r] * (1.0 + self.selection[r]) for r in promising]
            request = self.rng.choices(promising, weights=weights)[0]
            return self._grow(list(problem.parts[request]))
        return self._grow([self.rng.randrange(problem.person_count)])

    # ------------------------------------------------------------------ sub-problem
    def solve(self, people: set[int], time_limit: float) -> bool:
        """Re-optimise every request touching ``people``; True if the objective went up."""
        from ortools.sat.python import cp_model

        problem = self.problem
        state = self.state
        free = sorted(
            {
                request
                for person in people
                for request in problem.person_requests[person]
                if problem.feasible[request] and not state.fixed[request]
            }
        )
        if not free:
            return False
        free_set = set(free)
        self._last_whole = (
            all(person in people for request in free for person in problem.parts[request])
            and len(people) == problem.person_count
        )
        involved = {member for request in free for member in problem.parts[request]}
        fixed_busy: dict[int, int] = {}
        fixed_blocked: dict[int, int] = {}
        fixed_count: dict[int, int] = {}
        for person in involved:
            busy = 0
            blocked = 0
            count = 0
            for slot, request in state.person_slot[person].items():
                if request not in free_set:
                    busy |= 1 << slot
                    blocked |= problem.overlap[slot]
                    count += 1
            fixed_busy[person] = busy
            fixed_blocked[person] = blocked
            fixed_count[person] = count
        residual = list(problem.tables)
        for slot in range(problem.slot_count):
            residual[slot] -= sum(1 for r in state.meetings_in[slot] if r not in free_set)
        open_slots = 0
        for slot in range(problem.slot_count):
            if residual[slot] > 0:
                open_slots |= 1 << slot

        model = cp_model.CpModel()
        variables: dict[tuple[int, int], cp_model.IntVar] = {}
        by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
        by_slot: dict[int, list[cp_model.IntVar]] = {}
        by_person: dict[int, list[cp_model.IntVar]] = {}
        objective: list[tuple[int, cp_model.IntVar]] = []
        current = 0
        for request in free:
            members = problem.parts[request]
            if any(fixed_count[m] >= min(problem.cap[m], self.capacity[m]) for m in members):
                if state.must[request]:
                    return False
                continue
            mask = problem.feasible[request] & open_slots
            for member in members:
                mask &= ~fixed_blocked[member]
            own = []
            for slot in iter_bits(mask):
                variable = model.new_bool_var(f"x{request}_{slot}")
                variables[request, slot] = variable
                own.append(variable)
                by_slot.setdefault(slot, []).append(variable)
                for member in members:
                    by_person_slot.setdefault((member, slot), []).append(variable)
                    by_person.setdefault(member, []).append(variable)
                model.add_hint(variable, state.slot_of[request] == slot)
            if not own:
                if state.must[request]:
                    return False
                continue
            if state.must[request]:
                model.add_exactly_one(own)
            elif len(own) > 1:
                model.add_at_most_one(own)
            weight = round(problem.weight[request] * self.scale)
            objective.extend((weight, variable) for variable in own)
            if state.slot_of[request] >= 0:
                current += weight
        if not variables:
            return False
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
        for person, group in by_person.items():
            room = min(problem.cap[person], self.capacity[person]) - fixed_count[person]
            if len(group) > room:
                model.add(sum(group) <= room)
            limit = problem.max_consecutive[person]
            if limit < NO_LIMIT:
                for window in problem.windows(limit):
                    inside = [v for s in window for v in by_person_slot.get((person, s), [])]
                    if not inside:
                        continue
                    taken = sum(1 for s in window if fixed_busy[person] >> s & 1)
                    slots_with_variables = sum(1 for s in window if (person, s) in by_person_slot)
                    if taken + slots_with_variables > limit:
                        model.add(sum(inside) <= limit - taken)
        model.maximize(sum(weight * variable for weight, variable in objective))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed + self.rounds
        # the deterministic limit makes a sub-solve reproducible; the wall-clock one only
        # guards the overall deadline
        solver.parameters.max_deterministic_time = max(0.01, time_limit)
        solver.parameters.max_time_in_seconds = max(0.01, self.remaining())
        status = solver.solve(model)
        self.rounds += 1
        self._last_status_optimal = status == cp_model.OPTIMAL
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        if solver.objective_value < current - 0.5:
            return False
        chosen: dict[int, int] = {}
        for (request, slot), variable in variables.items():
            if solver.boolean_value(variable):
                chosen[request] = slot
        return self._apply(free, chosen)

    def _apply(self, free: list[int], chosen: dict[int, int]) -> bool:
        state = self.state
        before = state.objective
        mark = state.mark()
        for request in free:
            if state.slot_of[request] >= 0 and chosen.get(request) != state.slot_of[request]:
                state.remove(request)
        for request, slot in sorted(chosen.items(), key=lambda item: item[1]):
            if state.slot_of[request] == slot:
                continue
            if not state.can_place(request, slot):
                state.undo(mark)
                state.commit()
                return False
            state.place(request, slot)
        if state.objective < before - EPSILON:
            state.undo(mark)
            state.commit()
            return False
        state.commit()
        return state.objective > before + EPSILON

    # ------------------------------------------------------------------ driver
    def run(self, patience: int = 60, slice_seconds: float = 0.3) -> None:
        """Solve neighbourhoods until the target, the time limit, or ``patience`` rounds in vain."""
        idle = 0
        problem = self.problem
        if not solver_loaded():
            if self.remaining() < IMPORT_ALLOWANCE + 0.1:
                return  # loading the solver alone could overrun the time limit
            from ortools.sat.python import cp_model  # noqa: F401
        size = sum(mask.bit_count() for mask in problem.feasible)
        if size <= self.variable_budget:
            # small enough to solve whole: CP-SAT then proves optimality (integer weights)
            remaining = self.remaining()
            if remaining > 0.02:
                if self.solve(set(range(problem.person_count)), remaining):
                    self.improvements += 1
                if self.on_round is not None:
                    self.on_round()
                if self._last_status_optimal and problem.integral:
                    self.proven_optimal = True
                    return
        promising = self._promising()
        last_round = 0.0
        while idle < patience:
            remaining = self.remaining()
            if remaining <= 0.02 or self.state.objective >= self.target - EPSILON:
                return
            if remaining < 0.5 * last_round:
                return  # another round would likely overrun the time limit
            people = self.neighbourhood(promising)
            improved = self.solve(people, min(slice_seconds, remaining))
            last_round = remaining - self.remaining()
            if self.on_round is not None:
                self.on_round()
            if improved:
                self.improvements += 1
                idle = 0
                promising = self._promising()
            else:
                idle += 1
