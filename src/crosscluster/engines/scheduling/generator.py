"""Seeded B2B events that look like real ones, for tests and benchmarks.

:func:`generate_event` mirrors a brokerage event of a study visit:

* companies are 40% industrial and 60% ICT; 8% of them send two delegates, whose meetings are
  then 3-person meetings (both delegates and the other company's delegate);
* popularity is heavy-tailed (a Pareto draw per company), so a few industrial hosts receive far
  more requests than they have slots, most companies receive a handful;
* 85% of requests go across (ICT to industrial or back), 15% within a kind;
* weights 3 / 2 / 1 with probabilities 15% / 30% / 55%;
* two days of slots in blocks of six adjacent 30-minute slots, separated by coffee or lunch
  breaks;
* availability gaps: late arrivals (miss the first 1-4 slots of day 1), early departures (miss
  the last 1-4 slots of day 2), one-day visitors, and parallel sessions (a workshop taking 2-3
  adjacent slots);
* optionally a per-person cap (``cap_share``) and the same ``max_consecutive`` for everyone.

:func:`perturb_event` applies what happens after publication: cancelled requests, late arrivals
(people who arrive later than announced and lose their first available slots) and new requests.
Everything depends on ``seed`` only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from crosscluster.engines.scheduling.model import Id, Instance, Participant, Request, Slot

SLOT_MINUTES = 30
BLOCK = 6  # adjacent slots between two breaks


@dataclass(frozen=True)
class _Company:
    number: int
    industrial: bool
    delegates: tuple[str, ...]
    popularity: float
    activity: float


def make_slots(count: int, tables: int, days: int = 2) -> tuple[Slot, ...]:
    """``count`` slots over ``days`` days: blocks of six 30-minute slots, then a break."""
    per_day = [count // days + (1 if day < count % days else 0) for day in range(days)]
    slots: list[Slot] = []
    for day, number in enumerate(per_day):
        moment = datetime(2025, 6, 10 + day, 9, 0)
        for index in range(number):
            if index and index % BLOCK == 0:
                moment += timedelta(minutes=90 if index == BLOCK else 30)
            end = moment + timedelta(minutes=SLOT_MINUTES)
            slots.append(Slot(id=f"D{day + 1}-{moment:%H%M}", start=moment, end=end, tables=tables))
            moment = end
    return tuple(slots)


def _weight(rng: random.Random) -> float:
    draw = rng.random()
    if draw < 0.15:
        return 3.0
    if draw < 0.45:
        return 2.0
    return 1.0


def _availability(
    rng: random.Random, slots: tuple[Slot, ...], days: list[list[Id]]
) -> frozenset[Id] | None:
    available = {slot.id for slot in slots}
    draw = rng.random()
    if draw < 0.15:  # one-day visitor
        available = set(days[rng.randrange(len(days))])
    else:
        if rng.random() < 0.12:  # late arrival on day 1
            available -= set(days[0][: rng.randint(1, 4)])
        if rng.random() < 0.10:  # early departure on day 2
            available -= set(days[-1][-rng.randint(1, 4) :])
    if rng.random() < 0.20:  # parallel session
        day = days[rng.randrange(len(days))]
        length = rng.randint(2, 3)
        if len(day) > length:
            first = rng.randrange(len(day) - length + 1)
            available -= set(day[first : first + length])
    if len(available) == len(slots):
        return None
    return frozenset(available)


def _pick(rng: random.Random, companies: list[_Company], totals: list[float]) -> _Company:
    target = rng.random() * totals[-1]
    low, high = 0, len(totals) - 1
    while low < high:
        middle = (low + high) // 2
        if totals[middle] < target:
            low = middle + 1
        else:
            high = middle
    return companies[low]


def _cumulative(companies: list[_Company], attribute: str) -> list[float]:
    totals: list[float] = []
    running = 0.0
    for company in companies:
        running += float(getattr(company, attribute))
        totals.append(running)
    return totals


def _participants_of(rng: random.Random, requester: _Company, target: _Company) -> tuple[str, ...]:
    if len(requester.delegates) == 2:
        return (*requester.delegates, rng.choice(target.delegates))
    if len(target.delegates) == 2:
        return (requester.delegates[0], *target.delegates)
    return (requester.delegates[0], target.delegates[0])


class _RequestMaker:
    def __init__(self, rng: random.Random, companies: list[_Company]) -> None:
        self.rng = rng
        self.by_kind = {
            kind: [company for company in companies if company.industrial is kind]
            for kind in (True, False)
        }
        self.popularity = {
            kind: _cumulative(group, "popularity") for kind, group in self.by_kind.items()
        }
        self.companies = companies
        self.activity = _cumulative(companies, "activity")
        self.pairs: set[tuple[int, int]] = set()

    def make(self) -> tuple[str, ...] | None:
        rng = self.rng
        requester = _pick(rng, self.companies, self.activity)
        kind = (not requester.industrial) if rng.random() < 0.85 else requester.industrial
        group = self.by_kind[kind]
        if not group:
            return None
        target = _pick(rng, group, self.popularity[kind])
        if target.number == requester.number:
            return None
        pair = (min(target.number, requester.number), max(target.number, requester.number))
        if pair in self.pairs:
            return None
        self.pairs.add(pair)
        return _participants_of(rng, requester, target)


def _companies(rng: random.Random, participants: int) -> list[_Company]:
    companies: list[_Company] = []
    persons = 0
    while persons < participants:
        number = len(companies)
        two = rng.random() < 0.08 and persons + 2 <= participants
        delegates = (
            (f"P{persons + 1:05d}", f"P{persons + 2:05d}") if two else (f"P{persons + 1:05d}",)
        )
        persons += len(delegates)
        companies.append(
            _Company(
                number=number,
                industrial=rng.random() < 0.40,
                delegates=delegates,
                popularity=rng.paretovariate(1.3),
                activity=rng.lognormvariate(0.0, 0.6),
            )
        )
    return companies


def generate_event(
    *,
    participants: int,
    requests: int,
    slots: int,
    tables: int,
    seed: int,
    days: int = 2,
    max_consecutive: int | None = None,
    cap_share: float = 0.05,
    lock_share: float = 0.0,
) -> Instance:
    """A seeded event of the given size (see the module docstring for its shape)."""
    rng = random.Random(seed)  # noqa: S311 (seeded, not security)
    slot_list = make_slots(slots, tables, days)
    by_day: dict[str, list[Id]] = {}
    for slot in slot_list:
        by_day.setdefault(str(slot.id).split("-")[0], []).append(slot.id)
    day_lists = list(by_day.values())
    companies = _companies(rng, participants)
    people: list[Participant] = []
    for company in companies:
        available = _availability(rng, slot_list, day_lists)
        cap = rng.randint(4, 10) if rng.random() < cap_share else None
        for delegate in company.delegates:
            people.append(
                Participant(
                    id=delegate,
                    available=available,
                    max_meetings=cap,
                    max_consecutive=max_consecutive,
                )
            )
    maker = _RequestMaker(rng, companies)
    request_list: list[Request] = []
    attempts = 0
    while len(request_list) < requests and attempts < requests * 50:
        attempts += 1
        members = maker.make()
        if members is None:
            continue
        request_list.append(
            Request(id=f"R{len(request_list) + 1:06d}", participants=members, weight=_weight(rng))
        )
    instance = Instance(slots=slot_list, participants=tuple(people), requests=tuple(request_list))
    if lock_share > 0:
        instance = _lock_some(rng, instance, lock_share)
    return instance


def _lock_some(rng: random.Random, instance: Instance, share: float) -> Instance:
    """Lock a share of requests into a slot where their participants are free (as organisers do)."""
    availability = {participant.id: participant.available for participant in instance.participants}
    taken: set[tuple[Id, Id]] = set()
    used: dict[Id, int] = {}
    tables = {slot.id: slot.tables for slot in instance.slots}
    result: list[Request] = []
    for request in instance.requests:
        if rng.random() >= share:
            result.append(request)
            continue
        choices = [
            slot.id
            for slot in instance.slots
            if used.get(slot.id, 0) < tables[slot.id]
            and all(
                (availability[person] is None or slot.id in (availability[person] or ()))
                and (person, slot.id) not in taken
                for person in request.participants
            )
        ]
        if not choices:
            result.append(request)
            continue
        slot_id = rng.choice(choices)
        used[slot_id] = used.get(slot_id, 0) + 1
        for person in request.participants:
            taken.add((person, slot_id))
        result.append(replace(request, locked_slot=slot_id))
    return replace(instance, requests=tuple(result))


def perturb_event(
    instance: Instance,
    *,
    seed: int,
    cancellations: float = 0.03,
    late_arrivals: float = 0.05,
    new_requests: float = 0.02,
    late_comers: float = 0.0,
) -> Instance:
    """What happens after publication, for the repair benchmark.

    * ``cancellations``: this share of requests is withdrawn;
    * ``late_arrivals``: this share of participants (relative to the event's) registers after
      publication, with the usual availability patterns; each sends 1 to 5 requests (3 on
      average) to existing participants, chosen by popularity;
    * ``new_requests``: this share of requests (relative to the event's) is added between
      existing participants;
    * ``late_comers``: this share of existing participants arrives late on the day and loses
      their first one or two available slots (their meetings there must move, or are lost
      when they have no free slot left).
    """
    rng = random.Random(seed)  # noqa: S311 (seeded, not security)
    slot_order = [slot.id for slot in sorted(instance.slots, key=lambda slot: slot.start)]
    by_day: dict[object, list[Id]] = {}
    for slot in sorted(instance.slots, key=lambda slot: slot.start):
        by_day.setdefault(slot.start.date(), []).append(slot.id)
    day_lists = list(by_day.values())
    requests = [request for request in instance.requests if rng.random() >= cancellations]
    people = list(instance.participants)
    for position in rng.sample(range(len(people)), round(len(people) * late_comers)):
        person = people[position]
        available = [
            slot_id
            for slot_id in slot_order
            if person.available is None or slot_id in person.available
        ]
        lost = set(available[: rng.randint(1, 2)])
        people[position] = replace(
            person, available=frozenset(slot_id for slot_id in available if slot_id not in lost)
        )
    existing = {frozenset(request.participants) for request in instance.requests}
    degree: dict[Id, int] = {}
    for request in instance.requests:
        for person_id in request.participants:
            degree[person_id] = degree.get(person_id, 0) + 1
    ids = [person.id for person in people]
    popular = _weighted_ids(ids, [degree.get(person_id, 0) + 1 for person_id in ids])
    added = 0

    def add(first: Id, second: Id) -> bool:
        nonlocal added
        members = frozenset((first, second))
        if first == second or members in existing:
            return False
        existing.add(members)
        added += 1
        requests.append(
            Request(id=f"N{added:06d}", participants=(first, second), weight=_weight(rng))
        )
        return True

    for number in range(round(len(instance.participants) * late_arrivals)):
        newcomer = Participant(
            id=f"L{number + 1:05d}", available=_availability(rng, instance.slots, day_lists)
        )
        people.append(newcomer)
        wanted = rng.randint(1, 5)
        for _ in range(wanted * 20):
            if wanted == 0:
                break
            if add(newcomer.id, popular[rng.randrange(len(popular))]):
                wanted -= 1
    wanted = round(len(instance.requests) * new_requests)
    for _ in range(wanted * 100):
        if wanted == 0:
            break
        if add(rng.choice(ids), popular[rng.randrange(len(popular))]):
            wanted -= 1
    return replace(instance, participants=tuple(people), requests=tuple(requests))


def _weighted_ids(ids: list[Id], weights: list[int]) -> list[Id]:
    result: list[Id] = []
    for person_id, weight in zip(ids, weights, strict=True):
        result.extend([person_id] * weight)
    return result
