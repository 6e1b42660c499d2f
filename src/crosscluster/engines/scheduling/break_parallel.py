"""Incremental SAT on a second thread, racing the annealing on the same meetings.

The SAT solver (python-sat, C code) releases the interpreter's lock while it searches, so it
runs on the second core while the annealing (Python) runs on the first; on a loaded machine
two runnable threads also get twice the share of the processors. The two exchange schedules
through a :class:`Exchange`:

* the SAT thread publishes every model it finds (an assignment of every meeting to a slot,
  fewer breaks than anything published before) and every lower bound it proves (an UNSAT
  answer to "at most ``K`` breaks"); the annealing stops when the proven bound reaches the
  best schedule known, and the caller keeps SAT's schedule when it has fewer breaks;
* the annealing publishes its best schedule; the SAT thread uses it as the solver's phases
  (the values it tries first) for its next call.

The bound ("at most ``lower`` breaks": an UNSAT answer raises the bound by one, a SAT answer
is a proven optimum) is asked again at once after each UNSAT answer (the proofs come cheapest
first); when a bound call runs out of its budget, bound calls alternate with an improvement
halfway between the bound and the best known, each with a conflict budget that doubles when
a call runs out of it. A
tight question is answered sooner than "one break fewer": on forum-13crafc after 4 s of
annealing (7 breaks), SAT alone proved "not 0" in 0.8 s and found a schedule with 1 break
(the optimum) in 5.8 s, where asking for 6, then 5, ... took 9.5 s for the first answer. So
SAT runs for the whole phase rather than in the time the annealing leaves.

SAT keeps normal priority while it earns it: an allowance of ``NORMAL_SHARE`` of the time left
in processor time, renewed at each answer that raises the proven bound or beats the best
schedule known. Once the allowance is spent without such an answer, its watcher moves it to
Linux's idle scheduling class (:func:`spare_time_only`: it gets a processor only when nothing
else wants it, and on this machine's scheduler still a small share), and a productive answer
brings it back (:func:`normal_priority`). Threads of one process share the process's
processor share on a loaded machine (measured on the B2BSP forums at load 8-10: the annealing
got 1.4-2.2 s of processor in 8 s beside SAT at normal priority, 2.4-3.3 s alone, 2.1-2.6 s
beside SAT in the idle class from the start), so a long SAT search that answers nothing took
time from the annealing, which does most of the work on the large forums; where SAT keeps
proving (the variants with locked meetings, the first "not 0" on the 21-22-slot forums in
0.2-1 s of processor) it keeps its share. On an idle machine SAT has the second core either
way.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from crosscluster.engines.scheduling.break_sat import BreakSat
from crosscluster.engines.scheduling.breaks import person_breaks
from crosscluster.engines.scheduling.problem import Problem

FIRST_BUDGET = 20_000  # conflicts of a first improvement call
# conflicts of a first bound call: "not 0" took 21,000 on tic-13crafc from the weight phase's
# schedule as phases (1,200-16,600 on the 21-22-slot forums); one improvement call between
# two bound calls cost the bound there at load 9
FIRST_BOUND_BUDGET = 50_000
MAX_BUDGET = 2_000_000
NORMAL_SHARE = 0.15  # processor time at normal priority, a share of the race's time


class Exchange:
    """Schedules and bounds shared by the annealing and the SAT thread (plain attribute
    assignments of immutable values: atomic under the interpreter's lock)."""

    def __init__(self, breaks: int, lower: int) -> None:
        self.sat_breaks = breaks + 1  # breaks of ``sat_slots`` (none yet)
        self.sat_slots: tuple[tuple[int, int], ...] = ()  # (request, slot) of every meeting
        self.lower = lower
        self.anneal_breaks = breaks
        self.anneal_slots: tuple[tuple[int, int], ...] = ()
        self.stop = False
        self.calls = 0

    def offer_from_sat(self, breaks: int, slots: tuple[tuple[int, int], ...]) -> None:
        if breaks < self.sat_breaks:
            self.sat_slots = slots
            self.sat_breaks = breaks

    def offer_from_anneal(self, breaks: int, slots: tuple[tuple[int, int], ...]) -> None:
        if breaks < self.anneal_breaks or not self.anneal_slots:
            self.anneal_slots = slots
            self.anneal_breaks = breaks

    @property
    def best(self) -> int:
        return min(self.sat_breaks, self.anneal_breaks)


class SatRace(threading.Thread):
    """The SAT side of the race (see the module docstring); ``join`` it before reading."""

    def __init__(
        self,
        problem: Problem,
        sat: BreakSat,
        exchange: Exchange,
        seconds_left: Callable[[], float],
    ) -> None:
        super().__init__(daemon=True)
        self.problem = problem
        self.sat = sat
        self.exchange = exchange
        self.seconds_left = seconds_left
        self.error: BaseException | None = None
        self.idle = False  # in the idle scheduling class (its allowance is spent)

    def run(self) -> None:
        try:
            self._race()
        except BaseException as error:  # reported to the main thread by wait_for
            self.error = error

    def _done(self) -> bool:
        exchange = self.exchange
        return exchange.stop or self.seconds_left() <= 0 or exchange.lower >= exchange.best

    def _race(self) -> None:
        from pysat.card import ITotalizer
        from pysat.solvers import Solver

        sat = self.sat
        exchange = self.exchange
        if not sat.breaks or self._done():
            return
        totalizer = ITotalizer(lits=sat.breaks, ubound=max(0, exchange.best), top_id=sat.count)
        sat.count = max(sat.count, totalizer.top_id)
        budgets = {"bound": FIRST_BOUND_BUDGET, "improve": FIRST_BUDGET}
        thread = threading.get_native_id()
        used = _processor_time()
        allowance = [0.0]  # processor time up to which SAT keeps normal priority

        def earned() -> None:
            """A productive answer: a new allowance, and normal priority again."""
            allowance[0] = used() + NORMAL_SHARE * max(0.0, self.seconds_left())
            if self.idle and normal_priority(thread):
                self.idle = False

        earned()
        with Solver(name="glucose4", bootstrap_with=sat.clauses) as solver:
            solver.append_formula(totalizer.cnf.clauses)
            phases_from: tuple[tuple[int, int], ...] = ()
            done = threading.Event()

            def watch() -> None:
                while not done.wait(0.01):
                    if self._done():
                        solver.interrupt()
                    if not self.idle and used() > allowance[0]:
                        self.idle = spare_time_only(thread)

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            try:
                kind = "bound"
                while not self._done():
                    slots = exchange.anneal_slots
                    if exchange.sat_breaks <= exchange.anneal_breaks:
                        slots = exchange.sat_slots or slots
                    if slots and slots is not phases_from:
                        solver.set_phases(self._phases(dict(slots)))
                        phases_from = slots
                    if kind == "bound":
                        target = exchange.lower
                    else:  # halfway: a tight question is answered sooner than best - 1
                        target = (exchange.lower + exchange.best - 1) // 2
                    if target < 0 or target >= len(totalizer.rhs):
                        kind = "bound"
                        target = exchange.lower
                    solver.conf_budget(budgets[kind])
                    answer = solver.solve_limited(
                        assumptions=[-totalizer.rhs[target]], expect_interrupt=True
                    )
                    solver.clear_interrupt()
                    exchange.calls += 1
                    if answer is True:
                        model = solver.get_model()
                        if model is None:
                            return
                        added = sat.overfull(model)
                        if added:  # lazy tables: a slot over its tables, ask again
                            solver.append_formula(added)
                            continue
                        assignment = self._assignment(model)
                        breaks = self._breaks(assignment)
                        if breaks < exchange.best:
                            earned()
                        exchange.offer_from_sat(breaks, assignment)
                    elif answer is False:  # no schedule with at most ``target`` breaks
                        if target + 1 > exchange.lower:
                            earned()
                        exchange.lower = max(exchange.lower, target + 1)
                    else:
                        budgets[kind] = min(MAX_BUDGET, budgets[kind] * 2)
                    if kind == "bound" and answer is False:
                        continue  # proofs come cheapest first: ask the next bound at once
                    kind = "improve" if kind == "bound" else "bound"
            finally:
                done.set()
                watcher.join()

    def _phases(self, slots: dict[int, int]) -> list[int]:
        return [
            variable if slots.get(request) == slot else -variable
            for (request, slot), variable in self.sat.y.items()
        ]

    def _assignment(self, model: list[int]) -> tuple[tuple[int, int], ...]:
        return tuple(
            (request, slot)
            for (request, slot), variable in self.sat.y.items()
            if model[variable - 1] > 0
        )

    def _breaks(self, assignment: tuple[tuple[int, int], ...]) -> int:
        problem = self.problem
        busy = [0] * problem.person_count
        for request, slot in assignment:
            for member in problem.parts[request]:
                busy[member] |= 1 << slot
        return sum(person_breaks(problem, busy[p], p) for p in range(problem.person_count))


def _processor_time() -> Callable[[], float]:
    """The calling thread's processor time, readable from any thread (wall time where the
    platform has no per-thread clock)."""
    try:
        clock = time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):
        return time.perf_counter
    return lambda: time.clock_gettime(clock)


def spare_time_only(thread: int | None = None) -> bool:
    """Put a thread (its native id; default the calling thread) in the idle scheduling class
    (Linux ``SCHED_IDLE``: it runs only when a processor would otherwise be idle; threads it
    starts later inherit the class). False where the platform has no such class or refuses it:
    the thread then keeps its priority."""
    try:
        os.sched_setscheduler(
            threading.get_native_id() if thread is None else thread,
            os.SCHED_IDLE,
            os.sched_param(0),
        )
    except (AttributeError, OSError):
        return False
    return True


def normal_priority(thread: int) -> bool:
    """Put a thread back in the normal scheduling class (its nice value is kept); False where
    the platform has no such class or refuses it."""
    try:
        os.sched_setscheduler(thread, os.SCHED_OTHER, os.sched_param(0))
    except (AttributeError, OSError):
        return False
    return True


def wait_for(race: SatRace, exchange: Exchange) -> bool:
    """Stop the SAT thread and wait for it (it polls every 10 ms); False when it did not stop
    within half a second or failed (its results are then ignored: the annealing's schedule
    stands, and the thread, a daemon, ends on its own). A thread in the idle class is given
    normal priority first, so that a busy machine does not keep it from stopping."""
    if race.idle and race.native_id is not None and normal_priority(race.native_id):
        race.idle = False
    exchange.stop = True
    race.join(timeout=0.5)
    return not race.is_alive() and race.error is None
