"""Validation of instances built in code: each broken rule names its place and field."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from crosscluster.engines.scheduling import InstanceError, Slot, validate_instance
from crosscluster.engines.scheduling.tests.factories import instance, make_slots, person, request


def valid():  # type: ignore[no-untyped-def]
    return instance(
        make_slots(2),
        [person("A"), person("B", available=["s1"])],
        [request("r1", "A", "B", weight=2)],
    )


def test_a_valid_instance_passes() -> None:
    validate_instance(valid())


@pytest.mark.parametrize(
    ("change", "location", "words"),
    [
        (
            lambda i: replace(i, slots=(i.slots[0], replace(i.slots[1], id="s1"))),
            "slots[1].id",
            "duplicate",
        ),
        (
            lambda i: replace(i, slots=(replace(i.slots[0], tables=0), i.slots[1])),
            "slots[0].tables",
            "positive",
        ),
        (
            lambda i: replace(
                i,
                slots=(
                    replace(i.slots[0], end=i.slots[0].start - timedelta(minutes=1)),
                    i.slots[1],
                ),
            ),
            "slots[0].end",
            "after start",
        ),
        (
            lambda i: replace(i, participants=(i.participants[0], person("A"))),
            "participants[1].id",
            "duplicate",
        ),
        (
            lambda i: replace(i, participants=(person("A", available=["s9"]), i.participants[1])),
            "participants[0].available",
            "unknown slot id 's9'",
        ),
        (
            lambda i: replace(i, participants=(person("A", max_meetings=-1), i.participants[1])),
            "participants[0].max_meetings",
            "0 or more",
        ),
        (
            lambda i: replace(i, requests=(request("r1", "A"),)),
            "requests[0].participants",
            "expected 2 or 3 participant ids, got 1",
        ),
        (
            lambda i: replace(i, requests=(request("r1", "A", "B", "A"),)),
            "requests[0].participants",
            "listed twice",
        ),
        (
            lambda i: replace(i, requests=(request("r1", "A", "Z"),)),
            "requests[0].participants",
            "unknown participant id 'Z'",
        ),
        (
            lambda i: replace(i, requests=(request("r1", "A", "B", weight=-1),)),
            "requests[0].weight",
            ">= 0",
        ),
        (
            lambda i: replace(i, requests=(request("r1", "A", "B", locked_slot="s7"),)),
            "requests[0].locked_slot",
            "unknown slot id 's7'",
        ),
        (
            lambda i: replace(i, requests=(request("r1", "A", "B"), request("r1", "A", "B"))),
            "requests[1].id",
            "duplicate",
        ),
    ],
)
def test_broken_rules_name_the_place(change, location: str, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InstanceError) as caught:
        validate_instance(change(valid()))
    assert caught.value.location == location
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_mixing_aware_and_naive_times_is_refused() -> None:
    from datetime import UTC

    slots = make_slots(2)
    aware = replace(
        slots[1], start=slots[1].start.replace(tzinfo=UTC), end=slots[1].end.replace(tzinfo=UTC)
    )
    with pytest.raises(InstanceError, match="time zone"):
        validate_instance(instance([slots[0], aware], [person("A")], []))


def test_slot_ids_may_be_integers() -> None:
    slots = (Slot(id=1, start=make_slots(1)[0].start, end=make_slots(1)[0].end, tables=1),)
    validate_instance(
        instance(
            slots,
            [person("A", available=[1]), person("B")],
            [request("r", "A", "B", locked_slot=1)],
        )
    )  # type: ignore[list-item]
