"""Work-plan progress on a large plan (1,000 partnerships' worth of items in one call)."""

from __future__ import annotations

import datetime as dt
import random

from crosscluster.engines.workplan import WorkItem, compute_progress


def make_plan(seed: int, size: int) -> list[WorkItem]:
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    items = []
    for number in range(size):
        due = start + dt.timedelta(days=rng.randrange(0, 730))
        done = due + dt.timedelta(days=rng.randrange(-30, 60)) if rng.random() < 0.6 else None
        items.append(
            WorkItem(
                key=str(number),
                package=rng.randrange(1, 8),
                kind="task",
                code=f"T{number}",
                title=f"Task {number}",
                weight=rng.randrange(1, 6),
                due_date=due,
                done_date=done,
            )
        )
    return items


def test_progress_of_50000_items(benchmark) -> None:  # type: ignore[no-untyped-def]
    items = make_plan(seed=7, size=50_000)
    progress = benchmark(compute_progress, items, today=dt.date(2020, 6, 1))
    assert 0 < progress.percent < 100
