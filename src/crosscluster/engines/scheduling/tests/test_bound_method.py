"""How the upper bound was proven, as a code (``ScheduleResult.bound_code``) an application
words in its reader's language, and the same English as before the codes (``bound_method``)."""

from __future__ import annotations

from crosscluster.engines.scheduling import (
    BOUND_METHODS,
    first_come_first_served,
    schedule_meetings,
)
from crosscluster.engines.scheduling.bounds import aggregate_bound, counting_bound
from crosscluster.engines.scheduling.model import bound_method_text
from crosscluster.engines.scheduling.problem import compile_instance
from crosscluster.engines.scheduling.tests.factories import hand_example

EVENT = hand_example()


def test_each_code_writes_the_english_of_before() -> None:
    assert {code: bound_method_text(code, "ipm") for code in BOUND_METHODS} == {
        "counting": "counting bound",
        "person": "per-person LP (HiGHS)",
        "person-kept": "per-person LP (HiGHS), confirmed meetings kept",
        "time": "time-indexed LP (HiGHS ipm)",
        "cp-sat": "optimum proven by CP-SAT on the whole instance",
        "given": "given",
    }
    assert bound_method_text("") == ""


def test_the_bounds_carry_their_code() -> None:
    problem = compile_instance(EVENT)
    assert (counting_bound(problem).code, counting_bound(problem).method) == (
        "counting",
        "counting bound",
    )
    lp = aggregate_bound(problem, time_limit=5)
    assert lp is not None
    assert (lp.code, lp.method) == ("person", "per-person LP (HiGHS)")
    kept = aggregate_bound(problem, time_limit=5, forced=frozenset({0}))
    assert kept is not None
    assert kept.code == "person-kept"


def test_a_result_names_its_bounds_code_and_english() -> None:
    result = schedule_meetings(EVENT, time_limit=2)
    assert result.upper_bound == 5
    assert result.bound_code in BOUND_METHODS
    assert result.bound_method == bound_method_text(result.bound_code, result.bound_solver)
    baseline = first_come_first_served(EVENT, upper_bound=5)
    assert (baseline.bound_code, baseline.bound_method) == ("given", "given")
