"""Fewest breaks by incremental SAT (the encoding of Bofill et al., JAIR 2022, in spirit).

The meetings are fixed (the weight phase chose them); the question "is there a schedule of
these meetings with at most ``K`` breaks?" is a SAT formula over ``y[m, s]`` (meeting ``m`` in
slot ``s``):

* every meeting in exactly one of its feasible slots; locked and kept meetings in theirs;
* ``x[p, s] <-> OR y[m, s]`` over the meetings of ``p``, at most one of them (one meeting at a
  time); at most ``tables`` meetings per slot (a sequential counter); no
  ``max_consecutive + 1`` meetings in a row (one clause per chain);
* redundant: a person with ``n`` meetings is busy in exactly ``n`` slots, and a slot has at
  most as many busy people as its ``tables`` largest meetings have members (the paper's "at
  most twice the tables"; it makes the bound proofs answer);
* for each person and day, in the order of the slots the person is available in:
  ``before[i] <- x[i] or before[i-1]`` and ``break[i] <- x[i] and not x[i-1] and before[i-1]``
  (a meeting that starts a new block after an earlier meeting that day);
* ``sum break <= K`` through an incremental totalizer (assumptions), so one solver answers
  every ``K``; with fairness ``d``, ``sum break[p] <= cap`` per person.

SAT at ``K`` gives a schedule with at most ``K`` breaks; UNSAT proves that none has fewer than
``K + 1`` (for these meetings, with the fixed ones in place): a lower bound. Calls are cut by a
conflict budget and the caller's clock is checked between them. Slots must not overlap (the
usual case); otherwise the CP-SAT search is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crosscluster.engines.scheduling.breaks import person_breaks
from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, State, iter_bits

TARGETED = 0.3  # share of people neighbourhoods that start from someone with a break
BUSY_CAP = True  # the redundant count of busy people per slot (``_busy_per_slot``)


@dataclass
class SatOutcome:
    best: int  # breaks of the best schedule known (the state holds it)
    lower: int  # proven lower bound (for these meetings)
    calls: int


class BreakSat:
    def __init__(
        self,
        problem: Problem,
        state: State,
        cap: int | None = None,
        extra: tuple[int, ...] = (),
        lazy_tables: bool = False,
    ) -> None:
        """``extra``: requests not scheduled yet that must be scheduled too (see
        :meth:`complete`). ``lazy_tables``: a slot's table counter is added only when a model
        overfills the slot (a smaller formula; more calls)."""
        from pysat.card import CardEnc, EncType, ITotalizer

        self.problem = problem
        self.state = state
        self.count = 0
        self.clauses: list[list[int]] = []
        self.y: dict[tuple[int, int], int] = {}
        meetings = [r for r in range(problem.request_count) if state.slot_of[r] >= 0]
        meetings += [r for r in extra if state.slot_of[r] < 0 and problem.feasible[r]]
        self.meetings = meetings
        self.extra = [r for r in meetings if state.slot_of[r] < 0]
        extra_of: dict[int, int] = {}
        for request in self.extra:
            for member in problem.parts[request]:
                extra_of[member] = extra_of.get(member, 0) + 1
        x_groups: dict[tuple[int, int], list[int]] = {}
        by_slot: dict[int, list[int]] = {}
        requests_in: dict[int, list[int]] = {}
        for request in meetings:
            if state.fixed[request]:
                slots = [state.slot_of[request]]
            else:
                slots = list(iter_bits(problem.feasible[request]))
            own = []
            for slot in slots:
                variable = self._new()
                self.y[request, slot] = variable
                own.append(variable)
                by_slot.setdefault(slot, []).append(variable)
                requests_in.setdefault(slot, []).append(request)
                for member in problem.parts[request]:
                    x_groups.setdefault((member, slot), []).append(variable)
            self.clauses.append(own)
            self._at_most_one(own)
        # tables: lazily (a slot's counter is added when a model overfills it; most slots of
        # the B2BSP forums never are, and the counters were most of the formula)
        self.by_slot = by_slot
        self.tables_added: set[int] = set()
        self._card = (CardEnc, EncType)
        if not lazy_tables:
            for slot, group in by_slot.items():
                if len(group) > problem.tables[slot]:
                    self.clauses.extend(self._table_counter(slot))
        self.x: dict[tuple[int, int], int] = {}
        for (person, slot), group in x_groups.items():
            self._at_most_one(group)
            if len(group) == 1:
                self.x[person, slot] = group[0]
                continue
            variable = self._new()
            self.x[person, slot] = variable
            self.clauses.append([-variable, *group])
            for literal in group:
                self.clauses.append([-literal, variable])
        busy_people = sorted({person for person, _ in x_groups})
        # redundant: a person is busy in exactly as many slots as they have meetings
        slots_of: dict[int, list[int]] = {}
        for (person, _slot), variable in self.x.items():
            slots_of.setdefault(person, []).append(variable)
        for person, literals in slots_of.items():
            meetings_of = len(state.person_slot[person]) + extra_of.get(person, 0)
            if 1 < meetings_of < len(literals):
                encoded = CardEnc.equals(
                    lits=literals,
                    bound=meetings_of,
                    top_id=self.count,
                    encoding=EncType.seqcounter,
                )
                self.count = max(self.count, encoded.nv)
                self.clauses.extend(encoded.clauses)
        if BUSY_CAP:
            self._busy_per_slot(requests_in, extra_of)
        for person in busy_people:
            limit = problem.max_consecutive[person]
            if limit < NO_LIMIT:
                for window in problem.windows(limit):
                    literals = [self.x.get((person, s), 0) for s in window]
                    if all(literals):
                        self.clauses.append([-literal for literal in literals])
        self.breaks: list[int] = []
        self.person_breaks: dict[int, list[int]] = {}
        for person in busy_people:
            if len(state.person_slot[person]) + extra_of.get(person, 0) < 2:
                continue  # one meeting: never a break
            own_breaks = self._break_literals(person)
            self.person_breaks[person] = own_breaks
            self.breaks.extend(own_breaks)
        if cap is not None:
            for own_breaks in self.person_breaks.values():
                if len(own_breaks) > cap:
                    encoded = CardEnc.atmost(
                        lits=own_breaks, bound=cap, top_id=self.count, encoding=EncType.seqcounter
                    )
                    self.count = max(self.count, encoded.nv)
                    self.clauses.extend(encoded.clauses)
        self._literal_meeting = {variable: request for (request, _), variable in self.y.items()}
        self.totalizer = None
        self.ubound = 0
        self._itotalizer = ITotalizer

    def _busy_per_slot(self, requests_in: dict[int, list[int]], extra_of: dict[int, int]) -> None:
        """Redundant (the paper's "at most twice the tables" people per slot, for meetings of
        two or three): the people with two meetings or more who are busy in a slot are members
        of its meetings, at most ``tables`` of them, so at most the sum of the ``tables``
        largest counts of such members over the meetings that can be there. Implied by the
        tables and the channelling, but a direct count over the busy literals the breaks are
        built on: "not 0 breaks" on tic-13crafc took 0.6 s of processor with it and was not
        proven in 12 s without it; "not 2" on ticf-13crafb 0.6 s instead of 3-4 s (a
        cardinality network instead of the sequential counter: no faster)."""
        CardEnc, EncType = self._card  # noqa: N806
        problem = self.problem
        several = {
            person
            for person, _slot in self.x
            if len(self.state.person_slot[person]) + extra_of.get(person, 0) > 1
        }
        for slot, requests in requests_in.items():
            literals = [self.x[p, slot] for p in sorted(several) if (p, slot) in self.x]
            sizes = sorted(
                (sum(1 for member in problem.parts[r] if member in several) for r in requests),
                reverse=True,
            )
            bound = sum(sizes[: problem.tables[slot]])
            if len(literals) > bound:
                encoded = CardEnc.atmost(
                    lits=literals, bound=bound, top_id=self.count, encoding=EncType.seqcounter
                )
                self.count = max(self.count, encoded.nv)
                self.clauses.extend(encoded.clauses)

    def overfull(self, model: list[int]) -> list[list[int]]:
        """Table counters for the slots ``model`` overfills (empty: the model is valid); they
        are remembered in the formula for later solvers too."""
        added: list[list[int]] = []
        for slot, group in self.by_slot.items():
            if slot in self.tables_added:
                continue
            if sum(1 for literal in group if model[literal - 1] > 0) > self.problem.tables[slot]:
                added.extend(self._table_counter(slot))
        self.clauses.extend(added)
        return added

    def _table_counter(self, slot: int) -> list[list[int]]:
        CardEnc, EncType = self._card  # noqa: N806
        self.tables_added.add(slot)
        encoded = CardEnc.atmost(
            lits=self.by_slot[slot],
            bound=self.problem.tables[slot],
            top_id=self.count,
            encoding=EncType.seqcounter,
        )
        self.count = max(self.count, encoded.nv)
        return list(encoded.clauses)

    def _new(self) -> int:
        self.count += 1
        return self.count

    def _at_most_one(self, literals: list[int]) -> None:
        if len(literals) <= 6:
            for index, first in enumerate(literals):
                for second in literals[index + 1 :]:
                    self.clauses.append([-first, -second])
            return
        # sequential (ladder) encoding
        previous = 0
        for index, literal in enumerate(literals):
            if index == len(literals) - 1:
                if previous:
                    self.clauses.append([-literal, -previous])
                break
            current = self._new()
            self.clauses.append([-literal, current])
            if previous:
                self.clauses.append([-previous, current])
                self.clauses.append([-literal, -previous])
            previous = current

    def _break_literals(self, person: int) -> list[int]:
        problem = self.problem
        result: list[int] = []
        available = problem.avail[person]
        for day_mask in problem.day_mask:
            order = list(iter_bits(available & day_mask))
            before = 0  # literal "a meeting earlier today" (0: known false)
            previous_x = 0
            for slot in order:
                here = self.x.get((person, slot), 0)
                if here and before:
                    flag = self._new()
                    clause = [-here, -before, flag]
                    if previous_x:
                        clause.append(previous_x)
                    self.clauses.append(clause)
                    result.append(flag)
                if here or before:
                    current = self._new()
                    if here:
                        self.clauses.append([-here, current])
                    if before:
                        self.clauses.append([-before, current])
                    before = current
                previous_x = here
        return result

    def run(
        self,
        initial: int,
        lower: int,
        out_of_time: Callable[[], bool],
        breaks_now: Callable[[], int],
        seed: int = 0,
        seconds_left: Callable[[], float] | None = None,
    ) -> SatOutcome:
        """Lower the breaks from ``initial`` (the current schedule's) towards ``lower``.

        One incremental solver answers every question through assumptions: "at most ``K``
        breaks" (the totalizer's output) and, in a neighbourhood round, "every meeting outside
        the neighbourhood stays in its slot". Rounds alternate between the whole schedule
        (which can prove a lower bound) and neighbourhoods (a few people and the meetings they
        have, or a window of slots), each with a conflict budget that grows when calls run
        out of it and shrinks when they succeed.
        """
        import random
        import threading
        import time

        from pysat.solvers import Solver

        rng = random.Random(seed)  # noqa: S311 (seeded, not security)
        best = initial
        calls = 0
        if not self.breaks or lower >= best:
            return SatOutcome(best, min(lower, best), calls)
        totalizer = self._itotalizer(lits=self.breaks, ubound=max(0, initial), top_id=self.count)
        self.count = max(self.count, totalizer.top_id)
        with Solver(name="glucose4", bootstrap_with=self.clauses) as solver:
            solver.append_formula(totalizer.cnf.clauses)
            solver.set_phases(self._phases())
            whole_budget = 2_000
            part_budget = 500
            share = 0.3  # of the movable meetings freed in a neighbourhood round
            round_number = 0
            spent = 0.0  # seconds inside the solver so far
            fixed: list[int] = []
            while lower < best and not out_of_time():
                whole = round_number % 10 == 0
                round_number += 1
                target = lower if round_number == 1 else best - 1
                assumptions = [-totalizer.rhs[target]] if target < len(totalizer.rhs) else []
                if not whole:
                    if not fixed:  # a new neighbourhood (kept while it keeps improving)
                        fixed = self._neighbourhood(rng, share)
                    assumptions += fixed
                done = threading.Event()
                # one call takes at most a share of the time left (the first call 60%, a
                # whole call 20%, a neighbourhood 5%): one hard question cannot eat the budget
                call_end = time.perf_counter() + (
                    (0.8 if round_number == 1 else 0.2 if whole else 0.05) * seconds_left()
                    if seconds_left is not None
                    else float("inf")
                )

                def watch(
                    solver: Solver = solver, done: threading.Event = done, end: float = call_end
                ) -> None:
                    while not done.wait(0.01):
                        if out_of_time() or time.perf_counter() > end:
                            solver.interrupt()
                            return

                watcher = threading.Thread(target=watch, daemon=True)
                watcher.start()
                solver.conf_budget(
                    10_000 if round_number == 1 else whole_budget if whole else part_budget
                )
                if seconds_left is not None and spent > 0.05:
                    # the interrupt is polled by the solver, late on a busy machine: a
                    # propagation budget from this solver's own rate ends the call in time too
                    rate = solver.accum_stats().get("propagations", 0) / spent
                    solver.prop_budget(max(10_000, int(rate * 0.5 * max(0.0, seconds_left()))))
                started = time.perf_counter()
                answer = solver.solve_limited(assumptions=assumptions, expect_interrupt=True)
                spent += time.perf_counter() - started
                done.set()
                watcher.join()
                solver.clear_interrupt()
                calls += 1
                if answer is True:
                    model = solver.get_model()
                    if model is None:
                        break
                    added = self.overfull(model)
                    if added:  # a slot over its tables: add its counter, ask again
                        solver.append_formula(added)
                        round_number -= 1
                        continue
                    if not self._apply(model):
                        break
                    best = min(best, breaks_now())
                    solver.set_phases(self._phases())
                    if not whole:
                        fixed = [self.y[r, self.state.slot_of[r]] for r in self._outside(fixed)]
                        round_number -= 1  # the same neighbourhood again, one break fewer
                elif answer is False:
                    fixed = []
                    if whole:
                        lower = max(lower, target + 1)
                    else:
                        share = min(0.9, share * 1.1)  # too small to improve: grow it
                else:
                    fixed = []
                    if whole:
                        whole_budget = min(100_000, int(whole_budget * 1.5))
                    else:
                        share = max(0.05, share * 0.85)
        return SatOutcome(best, min(lower, best), calls)

    def complete(self, out_of_time: Callable[[], bool]) -> bool | None:
        """Schedule every meeting, the ``extra`` ones included, breaks aside: True (applied to
        the state), False (proven impossible with the fixed meetings in place) or None (time)."""
        import threading

        from pysat.solvers import Solver

        with Solver(name="glucose4", bootstrap_with=self.clauses) as solver:
            solver.set_phases(self._phases())
            done = threading.Event()

            def watch() -> None:
                while not done.wait(0.01):
                    if out_of_time():
                        solver.interrupt()
                        return

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            while True:
                answer = solver.solve_limited(expect_interrupt=True)
                if answer is not True:
                    break
                model = solver.get_model()
                added = self.overfull(model) if model is not None else []
                if not added:
                    break
                solver.append_formula(added)  # a slot over its tables: ask again
            done.set()
            watcher.join()
            if answer is True and (model is None or not self._apply(model)):
                return None
            return answer

    def _outside(self, assumptions: list[int]) -> list[int]:
        """The meetings fixed by ``assumptions`` (to fix them again in their new slots)."""
        literal_of = self._literal_meeting
        return [literal_of[literal] for literal in assumptions]

    def _phases(self) -> list[int]:
        return [
            variable if self.state.slot_of[request] == slot else -variable
            for (request, slot), variable in self.y.items()
        ]

    def _neighbourhood(self, rng: object, share: float) -> list[int]:
        """Assumptions fixing every meeting outside a random neighbourhood in its slot."""
        import random

        assert isinstance(rng, random.Random)
        problem = self.problem
        state = self.state
        movable = [r for r in self.meetings if not state.fixed[r]]
        wanted = max(2, int(share * len(movable)))
        free: set[int] = set()
        if rng.random() < 0.5:
            # people: start from someone and follow their meetings
            # mostly from someone who has a break (where a gain is), else anyone
            broken = [
                person
                for person in self.person_breaks
                if person_breaks(problem, state.busy[person], person) > 0
            ]
            if broken and rng.random() < TARGETED:
                frontier = [rng.choice(broken)]
            else:
                frontier = [rng.randrange(problem.person_count)]
            seen: set[int] = set()
            while frontier and len(free) < wanted:
                person = frontier.pop(rng.randrange(len(frontier)))
                if person in seen:
                    continue
                seen.add(person)
                for request in state.person_slot[person].values():
                    free.add(request)
                    frontier.extend(problem.parts[request])
        else:
            # a window of adjacent slots
            order = sorted(range(problem.slot_count), key=lambda s: (problem.starts[s], s))
            first = rng.randrange(len(order))
            index = first
            while len(free) < wanted and index < first + len(order):
                slot = order[index % len(order)]
                free.update(state.meetings_in[slot])
                index += 1
        return [
            self.y[request, state.slot_of[request]] for request in movable if request not in free
        ]

    def _apply(self, model: list[int]) -> bool:
        chosen: dict[int, int] = {}
        for (request, slot), variable in self.y.items():
            if model[variable - 1] > 0:
                chosen[request] = slot
        return self.apply_assignment(chosen)

    def apply_assignment(self, chosen: dict[int, int]) -> bool:
        """Move the meetings to the slots ``chosen`` (every meeting's); False (and the state
        unchanged) when that is not a valid schedule."""
        state = self.state
        mark = state.mark()
        for request in self.meetings:
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
        state.commit()
        return True


SAT_SIZE_LIMIT = 12_000  # meeting x slot pairs; above it the CP-SAT neighbourhoods are used
# Building the formula and loading it into the solver cannot be interrupted (C code): about
# 200,000 clauses a second on a loaded core of the reference machine; 60% of that is assumed.
CLAUSES_PER_SECOND = 120_000


def totalizer_clauses(leaves: int, bound: int) -> int:
    """Clauses of a totalizer over ``leaves`` inputs counting up to ``bound`` (an estimate
    from above: each node joins its children's counters, each truncated at ``bound + 1``)."""
    sizes: dict[int, int] = {}

    def node(count: int) -> int:
        if count <= 1:
            return 0
        cached = sizes.get(count)
        if cached is not None:
            return cached
        left = count // 2
        right = count - left
        joined = (min(left, bound + 1) + 1) * (min(right, bound + 1) + 1)
        sizes[count] = node(left) + node(right) + joined
        return sizes[count]

    return node(leaves)


def estimated_clauses(
    problem: Problem, state: State, initial_breaks: int, lazy_tables: bool = True
) -> int:
    """A cheap estimate of the formula :class:`BreakSat` builds for ``initial_breaks``."""
    pairs = 0
    per_slot = [0] * problem.slot_count
    person_slots: set[tuple[int, int]] = set()
    several = {p for p in range(problem.person_count) if len(state.person_slot[p]) > 1}
    sizes: list[list[int]] = [[] for _ in range(problem.slot_count)]
    for request in range(problem.request_count):
        if state.slot_of[request] < 0:
            continue
        mask = 1 << state.slot_of[request] if state.fixed[request] else problem.feasible[request]
        pairs += mask.bit_count()
        size = sum(1 for member in problem.parts[request] if member in several)
        for slot in iter_bits(mask):
            per_slot[slot] += 1
            sizes[slot].append(size)
            for member in problem.parts[request]:
                person_slots.add((member, slot))
    # sequential counters for the tables of each slot (added lazily, when a model overfills
    # the slot: a quarter of them is assumed), at-most-one and channelling clauses
    tables = sum(
        2 * count * problem.tables[slot]
        for slot, count in enumerate(per_slot)
        if count > problem.tables[slot]
    )
    base = (tables // 4 if lazy_tables else tables) + 4 * pairs + 6 * len(person_slots)
    # break literals and the busy people of a slot: people with two meetings or more
    leaves = sum(1 for person, _ in person_slots if person in several)
    if BUSY_CAP:
        busy = [0] * problem.slot_count
        for person, slot in person_slots:
            busy[slot] += person in several
        for slot, count in enumerate(busy):
            bound = sum(sorted(sizes[slot], reverse=True)[: problem.tables[slot]])
            if count > bound:
                base += 2 * count * bound
    return base + totalizer_clauses(leaves, initial_breaks)


def sat_seconds(
    problem: Problem, state: State, initial_breaks: int, lazy_tables: bool = True
) -> float:
    """Estimated seconds to build and load the formula (the part no deadline can cut)."""
    return estimated_clauses(problem, state, initial_breaks, lazy_tables) / CLAUSES_PER_SECOND


def eager_tables_fit(problem: Problem, state: State, seconds: float) -> bool:
    """Whether the formula with every table counter fits 20% of ``seconds``."""
    initial = sum(
        person_breaks(problem, state.busy[person], person) for person in range(problem.person_count)
    )
    return sat_seconds(problem, state, initial, lazy_tables=False) <= 0.2 * seconds


def use_sat(problem: Problem, state: State, options: object, seconds: float = float("inf")) -> bool:
    """SAT for non-overlapping slots, no half-day option, up to ``SAT_SIZE_LIMIT`` pairs, and
    only when building the formula takes at most 40% of the ``seconds`` left."""
    if problem.has_overlaps or not problem.linear or getattr(options, "half_day", False):
        return False
    size = sum(
        problem.feasible[r].bit_count()
        for r in range(problem.request_count)
        if state.slot_of[r] >= 0 and not state.fixed[r]
    )
    if not 0 < size <= SAT_SIZE_LIMIT:
        return False
    initial = sum(
        person_breaks(problem, state.busy[person], person) for person in range(problem.person_count)
    )
    return sat_seconds(problem, state, initial) <= 0.4 * seconds
