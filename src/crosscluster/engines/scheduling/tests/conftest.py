"""The annealing's compiled loop is loaded once per test process, before the tests run.

Otherwise the first test that reaches the break phase starts its loading (seconds of
processor when numba's disk cache is cold) on a side thread that runs beside the next tests,
and the tests that time a run would measure it. Tests choose the Python loop or the compiled
one explicitly where it matters (``test_break_anneal.loop``).
"""

from __future__ import annotations

import pytest

from crosscluster.engines.scheduling.break_anneal import warm_up_kernel


@pytest.fixture(autouse=True, scope="session")
def _compiled_annealing_loaded() -> None:
    warm_up_kernel(wait=True)
