"""The seeded event generator: reproducible, and shaped like a real brokerage event."""

from __future__ import annotations

from collections import Counter

from crosscluster.engines.scheduling import validate_instance
from crosscluster.engines.scheduling.generator import generate_event, perturb_event


def test_same_seed_same_event_and_sizes() -> None:
    first = generate_event(participants=300, requests=2000, slots=24, tables=100, seed=1)
    again = generate_event(participants=300, requests=2000, slots=24, tables=100, seed=1)
    other = generate_event(participants=300, requests=2000, slots=24, tables=100, seed=2)
    assert first == again
    assert first != other
    validate_instance(first)
    assert len(first.participants) == 300
    assert len(first.requests) == 2000
    assert len(first.slots) == 24
    assert {slot.start.date() for slot in first.slots} == {
        first.slots[0].start.date(),
        first.slots[-1].start.date(),
    }
    assert len({slot.start.date() for slot in first.slots}) == 2


def test_shape_of_the_event() -> None:
    event = generate_event(participants=3000, requests=30000, slots=36, tables=1000, seed=4)
    weights = Counter(request.weight for request in event.requests)
    assert 0.12 < weights[3.0] / 30000 < 0.18
    assert 0.27 < weights[2.0] / 30000 < 0.33
    three = sum(1 for request in event.requests if len(request.participants) == 3)
    assert 0.05 < three / 30000 < 0.30  # 8% of companies send two delegates
    degree = Counter(p for request in event.requests for p in request.participants)
    ranked = sorted(degree.values(), reverse=True)
    assert ranked[0] > 5 * ranked[len(ranked) // 2]  # heavy-tailed popularity
    limited = [p for p in event.participants if p.available is not None]
    assert 0.25 < len(limited) / 3000 < 0.75  # late arrivals, one-day visitors, sessions
    assert any(p.available is not None and len(p.available) <= 18 for p in event.participants)


def test_perturbation() -> None:
    event = generate_event(participants=300, requests=2000, slots=24, tables=100, seed=1)
    changed = perturb_event(event, seed=9)
    validate_instance(changed)
    kept = {r.id for r in event.requests} & {r.id for r in changed.requests}
    assert 1900 < len(kept) < 1980  # about 3% cancelled
    newcomers = [p for p in changed.participants if str(p.id).startswith("L")]
    assert len(newcomers) == 15  # 5% late arrivals
    added = [r for r in changed.requests if str(r.id).startswith("N")]
    assert len(added) >= 40  # 2% new requests, plus the late arrivals' own
    late_day = perturb_event(event, seed=9, late_arrivals=0, late_comers=0.05)
    shrunk = sum(
        1
        for before, after in zip(event.participants, late_day.participants, strict=True)
        if before.available != after.available
    )
    assert shrunk == 15
