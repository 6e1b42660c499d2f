"""Rows to engine dataclasses and back: ids, availability, caps, locks, fixed tables, reasons."""

from __future__ import annotations

import pytest

from crosscluster.brokerage import adapters
from crosscluster.brokerage.tests.factories import join, make_session
from crosscluster.engines.scheduling import Meeting, Reason, Unscheduled

pytestmark = pytest.mark.django_db


def test_the_instance_carries_availability_caps_and_locks(cast) -> None:
    session = make_session(cast, max_meetings=4)
    slots = list(session.slots.order_by("start_at"))
    ada = join(session, cast.sme_member, cast.sme, max_consecutive=2)
    carla = join(session, cast.outsider, cast.other_sme)
    instance = adapters.build_instance(
        slots=slots,
        participants=[ada, carla],
        unavailable={ada.pk: {slots[0].pk}},
        requests=[],
        locked={},
        default_max_meetings=session.max_meetings,
        default_max_consecutive=None,
    )
    first, second = instance.participants
    assert first.id == f"participant:{ada.pk}"
    assert first.available == frozenset(f"slot:{s.pk}" for s in slots[1:])
    assert (first.max_meetings, first.max_consecutive) == (4, 2)
    assert second.available is None  # every slot
    assert [slot.tables for slot in instance.slots] == [2] * 6


def test_fixed_tables_swap_within_a_slot() -> None:
    meetings = [
        Meeting(request=1, slot="slot:1", table=1),
        Meeting(request=2, slot="slot:1", table=2),
    ]
    placed = adapters.place_fixed_tables(
        meetings, members={1: (10, 11), 2: (12, 13)}, fixed_table={10: 2}
    )
    assert {m.request: m.table for m in placed} == {1: 2, 2: 1}


def test_reasons_are_stored_as_codes_with_primary_keys() -> None:
    reason = Reason(
        "locked_limit", (("slot", "slot:3"), ("participant", "participant:7"), ("limit", 1))
    )
    item = adapters.stored_reason(Unscheduled(request=5, why=reason))
    assert item == {
        "request": 5,
        "code": "locked_limit",
        "values": {"slot": 3, "participant": 7, "limit": 1},
        "dropped": False,
    }


def test_the_quality_line_states_the_distance_to_the_proven_bound() -> None:
    from crosscluster.brokerage.models import ScheduleRun
    from crosscluster.brokerage.queries import RunReport

    run = ScheduleRun(
        state="done", objective=249, upper_bound=250, ratio=249 / 250, request_count=120
    )
    report = RunReport(run=run, meeting_count=110, unscheduled=(), without_meeting=())
    assert report.summary == (
        "110 meetings, weight 249 of at most 250 (99.6%): within 0.4% of the proven optimum."
    )
