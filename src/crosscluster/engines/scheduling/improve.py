"""Repair moves on a partial schedule: augmenting insertions and weight-improving exchanges.

* **Insertion with moves** (an ejection chain): to place an unscheduled request in slot ``s``,
  take out the meetings that keep its participants busy at ``s`` (at most two), move one meeting
  away if the slot has no free table, place the request, and put every meeting taken out back
  into another slot, recursively (depth 2 by default). If anything fails, every change is
  undone: the objective never goes down and no meeting is lost.
* **Exchange**: when no insertion works, evict meetings of strictly smaller total weight
  (lower-weight meetings in the way, the cheapest meeting of a participant who reached their
  cap, or of a full slot), place the request, and try to put the evicted ones back elsewhere.
  The total weight strictly increases.

Locked and kept meetings (``state.fixed``) never move; ``state.must`` meetings (confirmed
meetings displaced by a change) may move but are never evicted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from crosscluster.engines.scheduling.greedy import best_slot
from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, State, iter_bits

EPSILON = 1e-9


class Improver:
    def __init__(
        self,
        problem: Problem,
        state: State,
        demand: list[list[float]],
        out_of_time: Callable[[], bool],
        capacity: list[int],
        target: float,
    ) -> None:
        self.problem = problem
        self.state = state
        self.demand = demand
        self.out_of_time = out_of_time
        self.capacity = capacity  # most meetings each person can have (bounds.person_capacity)
        self.target = target  # stop when the objective reaches this (the upper bound)
        self.accept: Callable[[], bool] | None = None  # veto on a successful move (budgets)
        self.lightest = min(problem.weight, default=0.0)  # no eviction costs less
        self.limited = any(limit < NO_LIMIT for limit in problem.max_consecutive)

    # ------------------------------------------------------------------ insertion
    def insert(self, request: int, depth: int, frozen: frozenset[int]) -> bool:
        """Place ``request`` (unscheduled), moving other meetings if needed; False = no change."""
        problem = self.problem
        state = self.state
        free = state.free_slots(request)
        if free:
            state.place(request, best_slot(problem, state, request, free, self.demand))
            return True
        if depth <= 0:
            return False
        for member in problem.parts[request]:
            if state.count[member] >= self.capacity[member]:
                return False
        frozen = frozen | {request}
        options: list[tuple[int, int, set[int]]] = []
        for slot in iter_bits(problem.feasible[request]):
            blockers = state.blockers(request, slot)
            if len(blockers) > 2:
                continue
            if any(state.fixed[b] or b in frozen for b in blockers):
                continue
            table = bool(state.full >> slot & 1) and not any(
                state.slot_of[b] == slot for b in blockers
            )
            options.append((len(blockers) + int(table), slot, blockers))
            if not blockers and self.limited:
                # the slot is free for everyone but would make a run too long: also take out
                # the meeting just before or just after it in that member's run
                for neighbour in self._run_neighbours(request, slot):
                    if not (state.fixed[neighbour] or neighbour in frozen):
                        options.append((1 + int(table), slot, {neighbour}))
        options.sort(key=lambda option: (option[0], option[1]))
        for _, slot, blockers in options:
            mark = state.mark()
            if self._make_room(request, slot, blockers, depth, frozen):
                return True
            state.undo(mark)
        return False

    def _run_neighbours(self, request: int, slot: int) -> list[int]:
        """Meetings next to ``slot`` in the runs of members whose run limit ``slot`` breaks."""
        problem = self.problem
        state = self.state
        found: list[int] = []
        for member in problem.parts[request]:
            limit = problem.max_consecutive[member]
            if limit >= NO_LIMIT or problem.longest_run(state.busy[member], slot) <= limit:
                continue
            for other_slot in (*problem.pred[slot], *problem.succ[slot]):
                other = state.person_slot[member].get(other_slot)
                if other is not None and other not in found:
                    found.append(other)
        return found

    def _make_room(
        self, request: int, slot: int, blockers: set[int], depth: int, frozen: frozenset[int]
    ) -> bool:
        state = self.state
        for blocker in blockers:
            state.remove(blocker)
        if state.full >> slot & 1 and not self._free_a_table(slot, frozen):
            return False
        if not state.can_place(request, slot):
            return False
        state.place(request, slot)
        frozen = frozen | blockers
        return all(self.insert(blocker, depth - 1, frozen) for blocker in sorted(blockers))

    def _free_a_table(self, slot: int, frozen: frozenset[int]) -> bool:
        """Move one meeting of a full ``slot`` to another slot where it fits as it is."""
        state = self.state
        problem = self.problem
        open_slots = ~state.full & ~(1 << slot)
        for other in sorted(state.meetings_in[slot]):
            if state.fixed[other] or other in frozen or not problem.feasible[other] & open_slots:
                continue
            mark = state.mark()
            state.remove(other)
            free = state.free_slots(other) & ~(1 << slot)
            if free:
                state.place(other, best_slot(self.problem, state, other, free, self.demand))
                return True
            state.undo(mark)
        return False

    # ------------------------------------------------------------------ exchange
    def exchange(self, request: int) -> bool:
        """Evict lighter meetings to place ``request``; True if the total weight went up."""
        problem = self.problem
        state = self.state
        weight = problem.weight[request]
        if weight <= self.lightest + EPSILON:
            return False  # evicting anything costs at least as much
        best: tuple[float, int, list[int]] | None = None
        capped = [m for m in problem.parts[request] if state.count[m] >= self.capacity[m]]
        for member in capped:
            cheapest = self._cheapest(state.person_slot[member].values(), set())
            if cheapest < 0 or problem.weight[cheapest] >= weight - EPSILON:
                return False  # a capped member has no lighter meeting to give up
        for slot in iter_bits(problem.feasible[request]):
            evict = state.blockers(request, slot)
            if any(state.fixed[b] or state.must[b] for b in evict):
                continue
            cost = sum(problem.weight[b] for b in evict)
            if cost >= weight - EPSILON:
                continue
            extra: list[int] = []
            for member in capped:
                if any(member in problem.parts[b] for b in evict):
                    continue
                cheapest = self._cheapest(state.person_slot[member].values(), evict)
                if cheapest < 0:
                    cost = weight
                    break
                extra.append(cheapest)
                cost += problem.weight[cheapest]
            if cost >= weight - EPSILON:
                continue
            if state.full >> slot & 1 and not any(state.slot_of[b] == slot for b in evict):
                cheapest = self._cheapest(state.meetings_in[slot], evict | set(extra))
                # moving a meeting away is free; count its weight only as a worst case
                if cheapest < 0:
                    continue
                extra.append(cheapest)
                cost += problem.weight[cheapest]
                if cost >= weight - EPSILON:
                    continue
            if best is None or cost < best[0]:
                best = (cost, slot, sorted(evict | set(extra)))
        if best is None:
            return False
        _, slot, evicted = best
        before = state.objective
        mark = state.mark()
        for other in evicted:
            state.remove(other)
        if not state.can_place(request, slot):
            state.undo(mark)
            return False
        state.place(request, slot)
        for other in evicted:
            self.insert(other, 1, frozenset({request}))
        if state.objective <= before + EPSILON:
            state.undo(mark)
            return False
        return True

    def _cheapest(self, candidates: Iterable[int], exclude: set[int]) -> int:
        state = self.state
        weight = self.problem.weight
        best = -1
        for other in candidates:
            if state.fixed[other] or state.must[other] or other in exclude:
                continue
            if best < 0 or weight[other] < weight[best]:
                best = other
        return best

    # ------------------------------------------------------------------ driver
    def done(self) -> bool:
        return self.state.objective >= self.target - EPSILON or self.out_of_time()

    def run(self, order: list[int], selection: list[float], rounds: int = 4) -> int:
        """Insert or exchange unscheduled requests until a round changes nothing.

        Requests the LP selects (value >= 0.5) get the deep search (depth 2), the others a
        direct insertion or a move of one meeting (depth 1) and an exchange.
        """
        state = self.state
        improved = 0
        for _ in range(rounds):
            changed = False
            for request in order:
                if self.done():
                    state.commit()
                    return improved
                if state.slot_of[request] >= 0 or not self.problem.feasible[request]:
                    continue
                depth = 2 if selection[request] >= 0.5 else 1
                mark = state.mark()
                if self.insert(request, depth, frozenset()) or self.exchange(request):
                    if self.accept is not None and not self.accept():
                        state.undo(mark)
                    else:
                        improved += 1
                        changed = True
                state.commit()
            if not changed:
                break
        return improved
