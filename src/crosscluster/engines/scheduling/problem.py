"""The instance compiled to integer indices and bit masks, and the mutable search state.

Slots are re-numbered in time order; a set of slots is a Python ``int`` used as a bit set
(bit ``s`` = slot ``s``), which keeps the inner loops of the heuristics short. Nothing here is
part of the public API: :mod:`crosscluster.engines.scheduling.solver` turns the result back into
frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from crosscluster.engines.scheduling.model import Id, Instance

NO_LIMIT = 1 << 30


def iter_bits(mask: int) -> Iterator[int]:
    """The indices of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def nearest_bits(others: int, allowed: int, width: int) -> int:
    """The bits of ``allowed`` nearest to those of ``others`` (at the smallest distance that
    has one, outside ``others``), among ``width`` bits; 0 when there is none."""
    near = 0
    distance = 1
    while not near and distance < width:
        near = ((others << distance) | (others >> distance)) & ~others & allowed
        distance += 1
    return near


def _time_key(moment: datetime) -> float:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC).timestamp()
    return moment.timestamp()


@dataclass
class Problem:
    instance: Instance
    slot_ids: list[Id]
    slot_index: dict[Id, int]
    tables: list[int]
    day: list[int]
    day_mask: list[int]
    overlap: list[int]
    has_overlaps: bool
    succ: list[tuple[int, ...]]
    pred: list[tuple[int, ...]]
    linear: bool
    person_ids: list[Id]
    person_index: dict[Id, int]
    avail: list[int]
    cap: list[int]
    max_consecutive: list[int]
    request_ids: list[Id]
    request_index: dict[Id, int]
    parts: list[tuple[int, ...]]
    weight: list[float]
    lock: list[int]
    common: list[int]
    feasible: list[int]
    person_requests: list[list[int]]
    integral: bool
    all_slots: int
    neighbours: list[int]
    clique: list[int]
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    afternoon: int = 0  # slots starting at 13:00 or later (local time of the slot)
    not_first: int = 0  # slots that are not the first of their day
    _windows: dict[int, list[tuple[int, ...]]] = field(default_factory=dict)
    _between: list[list[int]] = field(default_factory=list)

    @property
    def slot_count(self) -> int:
        return len(self.slot_ids)

    @property
    def person_count(self) -> int:
        return len(self.person_ids)

    @property
    def request_count(self) -> int:
        return len(self.request_ids)

    def windows(self, limit: int) -> list[tuple[int, ...]]:
        """Every chain of ``limit + 1`` slots, each following the previous one."""
        cached = self._windows.get(limit)
        if cached is not None:
            return cached
        length = limit + 1
        result: list[tuple[int, ...]] = []

        def extend(chain: tuple[int, ...]) -> None:
            if len(chain) == length:
                result.append(chain)
                return
            for nxt in self.succ[chain[-1]]:
                extend((*chain, nxt))

        if length >= 1:
            for slot in range(self.slot_count):
                extend((slot,))
        self._windows[limit] = result
        return result

    def between(self, earlier: int, later: int) -> int:
        """Slots lying strictly between ``earlier`` and ``later`` (after the end of the first,
        before the start of the second) on the same day, as a bit set."""
        if not self._between:
            count = self.slot_count
            table = [[0] * count for _ in range(count)]
            for a in range(count):
                for b in range(a + 1, count):
                    if self.day[a] != self.day[b]:
                        break
                    mask = 0
                    for c in range(a + 1, b):
                        if self.starts[c] >= self.ends[a] and self.ends[c] <= self.starts[b]:
                            mask |= 1 << c
                    table[a][b] = mask
            self._between = table
        return self._between[earlier][later]

    def longest_run(self, occupied: int, slot: int) -> int:
        """Length of the longest run through ``slot`` if ``slot`` is added to ``occupied``."""
        occupied |= 1 << slot
        if self.linear:
            length = 1
            current = slot
            while self.pred[current]:
                current = self.pred[current][0]
                if not occupied >> current & 1:
                    break
                length += 1
            current = slot
            while self.succ[current]:
                current = self.succ[current][0]
                if not occupied >> current & 1:
                    break
                length += 1
            return length
        return (
            self._longest(occupied, slot, self.pred) + self._longest(occupied, slot, self.succ) - 1
        )

    def _longest(self, occupied: int, slot: int, links: list[tuple[int, ...]]) -> int:
        best = 1
        for other in links[slot]:
            if occupied >> other & 1:
                best = max(best, 1 + self._longest(occupied, other, links))
        return best

    def max_meetings_in(self, usable: int, limit: int) -> int:
        """How many slots of ``usable`` one person can fill without a run longer than ``limit``.

        Exact on the usual instance (non-overlapping slots form simple chains): in a run of
        ``n`` usable slots at most ``n - n // (limit + 1)`` can be filled. With overlapping slots
        (a branching chain) the count of usable slots is returned, which is still an upper bound.
        """
        count = usable.bit_count()
        if limit >= NO_LIMIT or not self.linear:
            return count
        total = 0
        for slot in iter_bits(usable):
            if self.pred[slot] and usable >> self.pred[slot][0] & 1:
                continue  # not the start of a run
            length = 0
            current = slot
            while True:
                length += 1
                if not self.succ[current] or not usable >> self.succ[current][0] & 1:
                    break
                current = self.succ[current][0]
            total += length - length // (limit + 1)
        return total


def compile_instance(instance: Instance) -> Problem:
    """Index an already validated instance."""
    order = sorted(
        range(len(instance.slots)),
        key=lambda i: (_time_key(instance.slots[i].start), _time_key(instance.slots[i].end), i),
    )
    slots = [instance.slots[i] for i in order]
    slot_ids = [slot.id for slot in slots]
    slot_index = {slot_id: position for position, slot_id in enumerate(slot_ids)}
    count = len(slots)
    starts = [_time_key(slot.start) for slot in slots]
    ends = [_time_key(slot.end) for slot in slots]
    dates: list[date] = [slot.start.date() for slot in slots]
    distinct_days = sorted(set(dates))
    day_of = {value: position for position, value in enumerate(distinct_days)}
    day = [day_of[value] for value in dates]
    day_mask = [0] * len(distinct_days)
    for slot in range(count):
        day_mask[day[slot]] |= 1 << slot
    overlap = [1 << slot for slot in range(count)]
    has_overlaps = False
    for a in range(count):
        for b in range(a + 1, count):
            if starts[b] >= ends[a]:
                break
            overlap[a] |= 1 << b
            overlap[b] |= 1 << a
            has_overlaps = True
    succ_lists: list[list[int]] = [[] for _ in range(count)]
    pred_lists: list[list[int]] = [[] for _ in range(count)]
    by_start: dict[tuple[float, date], list[int]] = {}
    for slot in range(count):
        by_start.setdefault((starts[slot], dates[slot]), []).append(slot)
    for slot in range(count):
        for nxt in by_start.get((ends[slot], dates[slot]), []):
            succ_lists[slot].append(nxt)
            pred_lists[nxt].append(slot)
    succ = [tuple(links) for links in succ_lists]
    pred = [tuple(links) for links in pred_lists]
    linear = all(len(links) <= 1 for links in succ) and all(len(links) <= 1 for links in pred)
    all_slots = (1 << count) - 1
    afternoon = 0
    for slot_number, slot_value in enumerate(slots):
        if (slot_value.start.hour, slot_value.start.minute) >= (13, 0):
            afternoon |= 1 << slot_number
    # clique[s]: the slots running at the start time of s (one meeting at most among them)
    clique = [0] * count
    for slot in range(count):
        for other in iter_bits(overlap[slot]):
            if starts[other] <= starts[slot] < ends[other]:
                clique[slot] |= 1 << other
    neighbours = [0] * count
    for slot in range(count):
        for other in (*succ[slot], *pred[slot]):
            neighbours[slot] |= 1 << other

    person_ids = [participant.id for participant in instance.participants]
    person_index = {person_id: position for position, person_id in enumerate(person_ids)}
    avail: list[int] = []
    cap: list[int] = []
    max_consecutive: list[int] = []
    for participant in instance.participants:
        if participant.available is None:
            avail.append(all_slots)
        else:
            mask = 0
            for slot_id in participant.available:
                mask |= 1 << slot_index[slot_id]
            avail.append(mask)
        cap.append(NO_LIMIT if participant.max_meetings is None else participant.max_meetings)
        max_consecutive.append(
            NO_LIMIT if participant.max_consecutive is None else participant.max_consecutive
        )

    request_ids = [request.id for request in instance.requests]
    request_index = {request_id: position for position, request_id in enumerate(request_ids)}
    parts: list[tuple[int, ...]] = []
    weight: list[float] = []
    lock: list[int] = []
    common: list[int] = []
    feasible: list[int] = []
    person_requests: list[list[int]] = [[] for _ in person_ids]
    for position, request in enumerate(instance.requests):
        members = tuple(person_index[person_id] for person_id in request.participants)
        parts.append(members)
        weight.append(float(request.weight))
        mask = all_slots
        for member in members:
            mask &= avail[member]
            person_requests[member].append(position)
        common.append(mask)
        if request.locked_slot is None:
            lock.append(-1)
        else:
            locked = slot_index[request.locked_slot]
            lock.append(locked)
            mask &= 1 << locked
        if any(cap[member] == 0 or max_consecutive[member] == 0 for member in members):
            mask = 0
        feasible.append(mask)
    integral = all(float(value).is_integer() for value in weight)
    return Problem(
        instance=instance,
        slot_ids=slot_ids,
        slot_index=slot_index,
        tables=[slot.tables for slot in slots],
        day=day,
        day_mask=day_mask,
        overlap=overlap,
        has_overlaps=has_overlaps,
        succ=succ,
        pred=pred,
        linear=linear,
        person_ids=person_ids,
        person_index=person_index,
        avail=avail,
        cap=cap,
        max_consecutive=max_consecutive,
        request_ids=request_ids,
        request_index=request_index,
        parts=parts,
        weight=weight,
        lock=lock,
        common=common,
        feasible=feasible,
        person_requests=person_requests,
        integral=integral,
        all_slots=all_slots,
        neighbours=neighbours,
        clique=clique,
        starts=starts,
        ends=ends,
        afternoon=afternoon,
        not_first=all_slots & ~sum(mask & -mask for mask in day_mask),
    )


class State:
    """A partial schedule: which request sits in which slot, with O(1) feasibility checks."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.slot_of: list[int] = [-1] * problem.request_count
        self.busy: list[int] = [0] * problem.person_count  # slots with a meeting
        self.blocked: list[int] = [0] * problem.person_count  # slots overlapping a meeting
        self.count: list[int] = [0] * problem.person_count
        self.used: list[int] = [0] * problem.slot_count
        self.full: int = 0
        self.objective: float = 0.0
        self.fixed: list[bool] = [False] * problem.request_count
        self.meetings_in: list[set[int]] = [set() for _ in range(problem.slot_count)]
        self.person_slot: list[dict[int, int]] = [{} for _ in range(problem.person_count)]
        self.must: list[bool] = [False] * problem.request_count  # may move, never be dropped
        self.log: list[tuple[int, int]] = []  # (request, previous slot or -1) for undo

    def mark(self) -> int:
        return len(self.log)

    def undo(self, mark: int) -> None:
        """Revert every place/remove made since ``mark``."""
        log = self.log
        while len(log) > mark:
            request, previous = log.pop()
            if self.slot_of[request] >= 0:
                self._remove(request)
            if previous >= 0:
                self._place(request, previous)

    def commit(self) -> None:
        self.log.clear()

    def free_slots(self, request: int) -> int:
        """Slots where ``request`` can be placed now (all constraints checked)."""
        problem = self.problem
        candidates = problem.feasible[request] & ~self.full
        if not candidates:
            return 0
        for member in problem.parts[request]:
            if self.count[member] >= problem.cap[member]:
                return 0
            candidates &= ~self.blocked[member]
        if not candidates:
            return 0
        for member in problem.parts[request]:
            limit = problem.max_consecutive[member]
            if limit < NO_LIMIT:
                busy = self.busy[member]
                for slot in iter_bits(candidates):
                    if problem.longest_run(busy, slot) > limit:
                        candidates &= ~(1 << slot)
        return candidates

    def can_place(self, request: int, slot: int) -> bool:
        problem = self.problem
        bit = 1 << slot
        if not problem.feasible[request] & bit or self.full & bit:
            return False
        for member in problem.parts[request]:
            if self.blocked[member] & bit or self.count[member] >= problem.cap[member]:
                return False
            limit = problem.max_consecutive[member]
            if limit < NO_LIMIT and problem.longest_run(self.busy[member], slot) > limit:
                return False
        return True

    def place(self, request: int, slot: int) -> None:
        self.log.append((request, self.slot_of[request]))
        self._place(request, slot)

    def remove(self, request: int) -> int:
        self.log.append((request, self.slot_of[request]))
        return self._remove(request)

    def _place(self, request: int, slot: int) -> None:
        problem = self.problem
        self.slot_of[request] = slot
        bit = 1 << slot
        overlap = problem.overlap[slot]
        for member in problem.parts[request]:
            self.busy[member] |= bit
            self.blocked[member] |= overlap
            self.count[member] += 1
            self.person_slot[member][slot] = request
        self.used[slot] += 1
        if self.used[slot] >= problem.tables[slot]:
            self.full |= bit
        self.meetings_in[slot].add(request)
        self.objective += problem.weight[request]

    def _remove(self, request: int) -> int:
        problem = self.problem
        slot = self.slot_of[request]
        self.slot_of[request] = -1
        bit = 1 << slot
        for member in problem.parts[request]:
            self.busy[member] &= ~bit
            self.count[member] -= 1
            del self.person_slot[member][slot]
            if problem.has_overlaps:
                blocked = 0
                for other in self.person_slot[member]:
                    blocked |= problem.overlap[other]
                self.blocked[member] = blocked
            else:
                self.blocked[member] &= ~bit
        self.used[slot] -= 1
        self.full &= ~bit
        self.meetings_in[slot].discard(request)
        self.objective -= problem.weight[request]
        return slot

    def blockers(self, request: int, slot: int) -> set[int]:
        """Scheduled requests that keep a participant of ``request`` busy around ``slot``."""
        problem = self.problem
        found: set[int] = set()
        if not problem.has_overlaps:
            for member in problem.parts[request]:
                other = self.person_slot[member].get(slot)
                if other is not None:
                    found.add(other)
            return found
        overlap = problem.overlap[slot]
        for member in problem.parts[request]:
            if self.blocked[member] & overlap:
                for other_slot, other in self.person_slot[member].items():
                    if overlap >> other_slot & 1:
                        found.add(other)
        return found
