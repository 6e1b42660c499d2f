"""The bounds: their certificate, their rounding, and their order."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sparse

from crosscluster.engines.scheduling import schedule_meetings
from crosscluster.engines.scheduling.bounds import (
    aggregate_bound,
    certify,
    counting_bound,
    person_capacity,
    time_indexed_bound,
)
from crosscluster.engines.scheduling.generator import generate_event
from crosscluster.engines.scheduling.problem import compile_instance
from crosscluster.engines.scheduling.tests.factories import instance, make_slots, person, request


def test_certificate_is_weak_duality() -> None:
    # max x1 + x2 s.t. x1 + x2 <= 1: price 1 on the row gives exactly 1; price 0 gives 2
    matrix = sparse.csc_matrix(np.array([[1.0, 1.0]]))
    upper = np.array([1.0])
    weights = np.array([1.0, 1.0])
    assert certify(matrix, upper, weights, np.array([1.0])) == 1.0
    assert certify(matrix, upper, weights, np.array([0.0])) == 2.0
    assert certify(matrix, upper, weights, np.array([-5.0])) == 2.0  # negative prices clipped


def test_capacity_counts_runs_and_caps() -> None:
    # six adjacent slots; at most 4 in a row -> 5 meetings; a cap of 3 -> 3
    event = instance(
        make_slots(6, tables=9),
        [
            person("A", max_consecutive=4),
            person("B", max_meetings=3),
            *[person(f"p{i}") for i in range(6)],
        ],
        [request(f"a{i}", "A", f"p{i}") for i in range(6)]
        + [request(f"b{i}", "B", f"p{i}") for i in range(6)],
    )
    problem = compile_instance(event)
    capacity = dict(zip(problem.person_ids, person_capacity(problem), strict=True))
    assert capacity["A"] == 5
    assert capacity["B"] == 3
    bound = aggregate_bound(problem)
    assert bound is not None
    assert bound.value == 8
    assert schedule_meetings(event, time_limit=3).objective == 8


def test_counting_bound_uses_table_capacity() -> None:
    event = instance(
        make_slots(1, tables=1),
        [person("A"), person("B"), person("C"), person("D")],
        [request("AB", "A", "B", weight=3), request("CD", "C", "D", weight=2)],
    )
    assert counting_bound(compile_instance(event)).value == 3


def test_time_indexed_lp_sees_what_the_per_person_lp_cannot() -> None:
    # A, B and C only share slot s1; the per-person LP allows 1.5 meetings, the time-indexed
    # LP sees that one meeting per person per slot allows only one of the three pairs.
    event = instance(
        make_slots(3, tables=3),
        [
            person("A", available=["s1", "s2"]),
            person("B", available=["s1", "s3"]),
            person("C", available=["s1"]),
        ],
        [request("AC", "A", "C"), request("BC", "B", "C"), request("CA2", "C", "A")],
    )
    problem = compile_instance(event)
    aggregate = aggregate_bound(problem)
    indexed = time_indexed_bound(problem, solver="simplex")
    assert aggregate is not None
    assert indexed is not None
    assert indexed.value == 1
    assert aggregate.value >= indexed.value


def test_bounds_hold_on_a_generated_event() -> None:
    event = generate_event(
        participants=100, requests=600, slots=12, tables=30, seed=8, max_consecutive=3
    )
    problem = compile_instance(event)
    result = schedule_meetings(event, time_limit=3)
    aggregate = aggregate_bound(problem)
    assert aggregate is not None
    assert aggregate.value >= result.objective
    assert result.upper_bound >= result.objective
    assert result.ratio >= 0.98
