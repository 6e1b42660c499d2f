"""Breaks: idle periods in people's days, the second objective, and a lower bound on them.

A person's *breaks* on a day are the idle **periods** between their first and last meeting of
that day: for consecutive meetings ``a`` then ``b`` of the person, there is a break when some
slot lying strictly between them is one where the person is available and has no meeting.
Three idle slots in a row are one break. A scheduled pause (a coffee or lunch break without
slots), a slot the person is not available in (a parallel session) or a change of day is not
idle. On contiguous slots without unavailability this is the B2BSP count of Bofill et al.
(JAIR 2022): the number of consecutive meetings whose slots are not adjacent.

Organiser options, in this order of priority after the total weight (which breaks never
lower): at most ``max_break_difference`` between anyone's breaks and the fewest breaks of a
participant with a meeting (the paper's fairness ``d``), each participant's meetings within one
half-day (before / from 13:00) when they can, then the total breaks; idle slots only break ties
in the local search.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosscluster.engines.scheduling.problem import NO_LIMIT, Problem, State, iter_bits


@dataclass(frozen=True)
class BreakOptions:
    """What the second objective minimises (see the module docstring)."""

    compact: bool = True
    max_break_difference: int | None = None
    half_day: bool = False


def person_breaks(problem: Problem, busy: int, person: int) -> int:
    """Breaks of ``person`` whose meetings occupy the slots ``busy``."""
    if busy.bit_count() < 2:
        return 0
    available = problem.avail[person]
    total = 0
    if problem.linear and not problem.has_overlaps:
        if available == problem.all_slots:
            # available in every slot: one break per block of meetings after the day's first
            # (a block starts at a meeting whose slot is a day's first or follows an idle one)
            starts = busy & ~((busy << 1) & problem.not_first)
            days = problem.day_mask
            if len(days) == 1:
                return starts.bit_count() - 1
            return starts.bit_count() - sum(1 for day_mask in days if busy & day_mask)
        # bit arithmetic: a meeting is followed by a break when the first slot after it that
        # the person is available in is idle (and a later meeting comes that day); a carry
        # through a run of unavailable slots finds that slot
        for day_mask in problem.day_mask:
            today = busy & day_mask
            if today & (today - 1):  # two meetings or more
                span = (1 << today.bit_length()) - (today & -today)
                away = span & ~available
                after = (today << 1) & span
                landing = ((away + (after & away)) | after) & ~away & span
                total += (landing & available & ~busy).bit_count()
        return total
    previous = -1
    for slot in iter_bits(busy):
        if previous >= 0 and problem.day[previous] == problem.day[slot]:
            if problem.linear and not problem.has_overlaps:
                gap = ((1 << slot) - (1 << (previous + 1))) & problem.day_mask[problem.day[slot]]
            else:
                gap = problem.between(previous, slot)
            if gap & available & ~busy:
                total += 1
        previous = slot
    return total


def spans_both_halves(problem: Problem, busy: int) -> int:
    """Days on which the meetings ``busy`` fall both before and from 13:00."""
    count = 0
    for day_mask in problem.day_mask:
        today = busy & day_mask
        if today & problem.afternoon and today & ~problem.afternoon:
            count += 1
    return count


def idle_slot_count(problem: Problem, busy: int, person: int) -> int:
    """Idle slots of ``person`` (the tie-break): available, no meeting, inside their day."""
    if busy.bit_count() < 2:
        return 0
    total = 0
    free = problem.avail[person] & ~busy
    for day_mask in problem.day_mask:
        today = busy & day_mask
        if today.bit_count() < 2:
            continue
        first = (today & -today).bit_length() - 1
        last = today.bit_length() - 1
        span = ((1 << (last + 1)) - (1 << first)) & day_mask
        total += (span & free).bit_count()
    return total


class BreakCost:
    """One integer per person ordering the options lexicographically (lower is better).

    ``cost = fairness excess · F + half-day spans · H + breaks · B + idle slots`` with each
    factor above the largest possible value of everything after it.
    """

    def __init__(self, problem: Problem, options: BreakOptions, cap: int | None = None) -> None:
        self.problem = problem
        self.options = options
        slots = problem.slot_count + 1
        self.break_factor = slots
        self.half_factor = slots * slots if options.half_day else 0
        days = max(1, len(problem.day_mask))
        self.fair_factor = (
            self.half_factor * (days + 1) or slots * slots
            if options.max_break_difference is not None
            else 0
        )
        self.cap = cap if cap is not None else options.max_break_difference
        self.idle = True

    def person(self, state: State, person: int) -> int:
        return self.of_busy(state.busy[person], person)

    def of_busy(self, busy: int, person: int) -> int:
        """The cost of ``person`` with meetings in the slots ``busy``."""
        return self.with_breaks(busy, person)[0]

    def with_breaks(self, busy: int, person: int) -> tuple[int, int]:
        """``(cost, breaks)`` of ``person`` with meetings in the slots ``busy``."""
        if busy.bit_count() < 2:
            return 0, 0
        problem = self.problem
        breaks = person_breaks(problem, busy, person)
        cost = breaks * self.break_factor + (
            idle_slot_count(problem, busy, person) if self.idle else 0
        )
        if self.half_factor:
            cost += spans_both_halves(problem, busy) * self.half_factor
        if self.fair_factor and self.cap is not None and breaks > self.cap:
            cost += (breaks - self.cap) * self.fair_factor
        return cost, breaks

    def members(self, state: State, people: set[int] | tuple[int, ...]) -> int:
        return sum(self.person(state, person) for person in people)


def break_counts(problem: Problem, state: State) -> list[int]:
    return [person_breaks(problem, state.busy[p], p) for p in range(problem.person_count)]


def fairness_cap(problem: Problem, state: State, options: BreakOptions) -> int | None:
    """The most breaks anyone may have: the fewest of a participant with a meeting, plus d."""
    if options.max_break_difference is None:
        return None
    counts = [
        person_breaks(problem, state.busy[p], p)
        for p in range(problem.person_count)
        if state.busy[p]
    ]
    return min(counts, default=0) + options.max_break_difference


def block_capacity(problem: Problem, person: int, usable: int) -> list[int]:
    """Per day, the most meetings one block (meetings with no idle slot between them) can hold.

    ``usable`` are the slots the person can be in (one of their meetings is feasible there). A
    block takes a stretch of the person's available slots one after another in time order (the
    slots between them are ones the person is not available in, or none); every slot of the
    stretch must be usable, and no chain of adjacent slots in it may exceed the person's
    ``max_consecutive``.
    """
    available = problem.avail[person]
    limit = problem.max_consecutive[person]
    result = []
    for day_mask in problem.day_mask:
        today = list(iter_bits(usable & available & day_mask))
        best = 0
        start = 0
        while start < len(today):
            end = start
            while end + 1 < len(today) and not (
                _gap(problem, today[end], today[end + 1]) & available
            ):
                end += 1
            best = max(best, _longest_within_limit(problem, today[start : end + 1], limit))
            start = end + 1
        result.append(best)
    return result


def _gap(problem: Problem, earlier: int, later: int) -> int:
    if problem.linear and not problem.has_overlaps:
        return ((1 << later) - (1 << (earlier + 1))) & problem.day_mask[problem.day[later]]
    return problem.between(earlier, later)


def _longest_within_limit(problem: Problem, run: list[int], limit: int) -> int:
    """The longest stretch of ``run`` with no chain of adjacent slots longer than ``limit``."""
    if limit >= NO_LIMIT or not run:
        return len(run)
    best = 0
    start = 0
    chain = 1
    for index in range(1, len(run)):
        if run[index] in problem.succ[run[index - 1]]:
            chain += 1
        else:
            chain = 1
        if chain > limit:
            # the stretch must start after the first slot of the too-long chain
            start = max(start, index - limit + 1)
        best = max(best, index - start + 1)
    return max(best, min(1, len(run)))


def person_lower_bound(problem: Problem, person: int, meetings: int, usable: int) -> int:
    """Fewest breaks of ``person`` with ``meetings`` meetings in the slots ``usable``.

    Each day's first block is free; any further block costs a break and holds at most as many
    meetings as the largest block of any day. Valid for every schedule in which the person has
    that many meetings, whatever the other people do (a relaxation).
    """
    if meetings < 2:
        return 0
    capacities = block_capacity(problem, person, usable)
    free = sum(capacities)
    if meetings <= free:
        return 0
    largest = max(capacities, default=0)
    if largest <= 0:
        return 0  # cannot happen for a valid schedule; no claim
    missing = meetings - free
    return -(-missing // largest)


def lower_bound(problem: Problem, state: State) -> list[int]:
    """Per person, a lower bound on their breaks in any schedule with the same meetings."""
    result = []
    for person in range(problem.person_count):
        requests = list(state.person_slot[person].values())
        usable = 0
        for request in requests:
            usable |= problem.feasible[request]
        result.append(person_lower_bound(problem, person, len(requests), usable))
    return result
