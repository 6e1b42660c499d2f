"""Hypothesis strategy: random small events with every feature of the model."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from crosscluster.engines.scheduling import Instance, Participant, Request, Slot
from crosscluster.engines.scheduling.tests.factories import DAY

WEIGHTS = [1.0, 1.0, 2.0, 3.0, 0.5, 1.5]


@st.composite
def events(draw: st.DrawFn, max_slots: int = 4, max_requests: int = 5) -> Instance:
    slot_count = draw(st.integers(1, max_slots))
    slots: list[Slot] = []
    start = DAY
    for index in range(slot_count):
        layout = draw(st.sampled_from(["next", "next", "next", "break", "overlap", "next day"]))
        if index and layout == "break":
            start += timedelta(minutes=30)
        elif index and layout == "overlap":
            start = slots[-1].start + timedelta(minutes=15)
        elif index and layout == "next day":
            start = start.replace(hour=9, minute=0) + timedelta(days=1)
        end = start + timedelta(minutes=30)
        slots.append(Slot(id=f"s{index + 1}", start=start, end=end, tables=draw(st.integers(1, 2))))
        start = end
    slot_ids = [slot.id for slot in slots]
    people: list[Participant] = []
    for index in range(draw(st.integers(2, 5))):
        available = draw(st.one_of(st.none(), st.frozensets(st.sampled_from(slot_ids))))
        people.append(
            Participant(
                id=f"p{index + 1}",
                available=available,
                max_meetings=draw(st.one_of(st.none(), st.none(), st.integers(0, 3))),
                max_consecutive=draw(st.one_of(st.none(), st.none(), st.integers(1, 2))),
            )
        )
    person_ids = [person.id for person in people]
    requests: list[Request] = []
    for index in range(draw(st.integers(0, max_requests))):
        size = 3 if len(person_ids) >= 3 and draw(st.integers(0, 4)) == 0 else 2
        members = draw(
            st.lists(st.sampled_from(person_ids), min_size=size, max_size=size, unique=True)
        )
        locked = draw(st.sampled_from(slot_ids)) if draw(st.integers(0, 6)) == 0 else None
        requests.append(
            Request(
                id=f"r{index + 1}",
                participants=tuple(members),
                weight=draw(st.sampled_from(WEIGHTS)),
                locked_slot=locked,
            )
        )
    return Instance(slots=tuple(slots), participants=tuple(people), requests=tuple(requests))
