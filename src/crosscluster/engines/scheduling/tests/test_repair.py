"""Incremental repair: confirmed meetings that are still feasible stay where they are."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscluster.engines.scheduling import (
    Instance,
    Request,
    check_schedule,
    not_kept,
    schedule_meetings,
)
from crosscluster.engines.scheduling.generator import generate_event, perturb_event
from crosscluster.engines.scheduling.tests.strategies import events


@st.composite
def changes(draw: st.DrawFn) -> tuple[Instance, Instance]:
    event = draw(events(max_slots=5, max_requests=8))
    requests = [r for r in event.requests if draw(st.integers(0, 9)) > 0]  # cancellations
    people = list(event.participants)
    slot_ids = [slot.id for slot in event.slots]
    if people and draw(st.booleans()):  # someone arrives late: loses a slot
        index = draw(st.integers(0, len(people) - 1))
        lost = draw(st.sampled_from(slot_ids))
        before = people[index].available
        available = frozenset(slot_ids if before is None else before) - {lost}
        people[index] = replace(people[index], available=available)
    for number in range(draw(st.integers(0, 2))):  # new requests
        members = draw(
            st.lists(st.sampled_from([p.id for p in people]), min_size=2, max_size=2, unique=True)
        )
        requests.append(Request(id=f"new{number}", participants=tuple(members), weight=2.0))
    return event, replace(event, participants=tuple(people), requests=tuple(requests))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(changes())
def test_repair_never_moves_or_drops_a_still_feasible_meeting(
    pair: tuple[Instance, Instance],
) -> None:
    before, after = pair
    previous = schedule_meetings(before, time_limit=5).meetings
    result = schedule_meetings(after, previous=previous, time_limit=5)
    assert check_schedule(after, result.meetings) == []
    assert result.objective <= result.upper_bound + 1e-9
    # the default move budget (1%) is 0 on events this small: nothing that is still feasible may move, except to make
    # room for a lock that could not be honoured before (a participant became available)
    locked = {r.id for r in after.requests if r.locked_slot is not None}
    earlier = {m.request for m in previous}
    new_locks = {
        m.slot for m in result.meetings if m.request in locked and m.request not in earlier
    }
    assert all(m.slot in new_locks for m in not_kept(after, previous, result.meetings))
    existing = {r.id for r in after.requests}
    now = {m.request for m in result.meetings}
    lost = [m for m in previous if m.request in existing and m.request not in now]
    # dropped counts still-feasible confirmed meetings left out: never any
    assert result.dropped == 0
    assert result.cancelled == sum(1 for m in previous if m.request not in existing)
    assert len(lost) <= result.displaced
    for meeting in lost:  # only meetings that could not stay in their slot are ever lost
        reason = next(u.reason for u in result.unscheduled if u.request == meeting.request)
        assert reason.startswith("confirmed meeting dropped:")


def test_repair_of_a_generated_event() -> None:
    event = generate_event(participants=120, requests=800, slots=24, tables=40, seed=11)
    first = schedule_meetings(event, time_limit=3)
    changed = perturb_event(event, seed=12)
    result = schedule_meetings(changed, previous=first.meetings, time_limit=3)
    assert check_schedule(changed, result.meetings) == []
    assert result.dropped == 0
    budget = (
        len([m for m in first.meetings if m.request in {r.id for r in changed.requests}]) // 100
    )
    assert len(not_kept(changed, first.meetings, result.meetings)) <= budget
    assert result.moved <= budget
    assert result.ratio >= 0.98
