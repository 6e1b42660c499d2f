from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscluster.engines.workplan import (
    ItemStatus,
    WorkItem,
    add_months,
    compute_progress,
    period_end,
)

TODAY = dt.date(2020, 6, 1)


def item(
    code: str, weight: int, due: dt.date, done: dt.date | None = None, package: int = 1
) -> WorkItem:
    return WorkItem(
        key=code,
        package=package,
        kind="task",
        code=code,
        title=code,
        weight=weight,
        due_date=due,
        done_date=done,
    )


def test_hand_computed_example() -> None:
    # 2 of 3 weight done on time, 1 weight overdue -> 2/3 = 66.67 -> 67 %.
    items = [
        item("T1.1", 1, dt.date(2020, 1, 1), dt.date(2019, 12, 20)),
        item("D1.1", 1, dt.date(2020, 3, 1), dt.date(2020, 3, 10)),
        item("T2.1", 1, dt.date(2020, 5, 1), None, package=2),
    ]
    progress = compute_progress(items, today=TODAY)
    assert progress.percent == 67
    assert (progress.done_weight, progress.total_weight) == (2, 3)
    statuses = {p.item.code: p for p in progress.items}
    assert statuses["T1.1"].status is ItemStatus.DONE
    assert statuses["D1.1"].status is ItemStatus.DONE_LATE
    assert statuses["D1.1"].days_late == 9
    assert statuses["T2.1"].status is ItemStatus.LATE
    assert statuses["T2.1"].days_late == 31
    assert [p.item.code for p in progress.late] == ["T2.1"]
    assert [(p.package, p.percent, p.late_count) for p in progress.packages] == [
        (1, 100, 0),
        (2, 0, 1),
    ]
    assert progress.explanation == "2 of 3 weighted work-plan items done = 67%"


def test_done_in_the_future_does_not_count_yet() -> None:
    items = [item("T1", 1, dt.date(2020, 7, 1), dt.date(2020, 6, 15))]
    progress = compute_progress(items, today=TODAY)
    assert progress.percent == 0
    assert progress.items[0].status is ItemStatus.OPEN


def test_empty_plan_is_zero_percent() -> None:
    assert compute_progress([], today=TODAY).percent == 0


def test_weight_must_be_positive() -> None:
    with pytest.raises(ValueError, match="weight of T1"):
        item("T1", 0, TODAY)


def test_half_rounds_up() -> None:
    items = [item("A", 1, TODAY, TODAY), item("B", 1, dt.date(2021, 1, 1))]
    assert compute_progress(items, today=TODAY).percent == 50
    items = [item("A", 1, TODAY, TODAY), *[item(f"B{i}", 1, dt.date(2021, 1, 1)) for i in range(7)]]
    assert compute_progress(items, today=TODAY).percent == 13  # 12.5 -> 13


@given(
    st.lists(
        st.tuples(st.integers(1, 20), st.booleans(), st.integers(-400, 400)),
        min_size=1,
        max_size=40,
    )
)
def test_percent_matches_brute_force(rows: list[tuple[int, bool, int]]) -> None:
    items = [
        item(f"I{i}", weight, TODAY + dt.timedelta(days=offset), TODAY if done else None)
        for i, (weight, done, offset) in enumerate(rows)
    ]
    progress = compute_progress(items, today=TODAY)
    done = sum(w for w, d, _ in rows if d)
    total = sum(w for w, _, _ in rows)
    assert progress.percent == int(100 * done / total + 0.5 + 1e-12)
    assert len(progress.late) == sum(1 for _, d, o in rows if not d and o < 0)


def test_the_period_ends_on_the_day_before_the_same_date_months_later() -> None:
    assert period_end(dt.date(2019, 3, 1), 24) == dt.date(2021, 2, 28)
    assert period_end(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 28)  # 29 Feb 2020 - 1 day
    assert add_months(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2019, 11, 15), 3) == dt.date(2020, 2, 15)


def test_lateness_stops_counting_when_the_partnership_ends() -> None:
    end = dt.date(2021, 2, 28)
    items = [
        item("T1", 1, dt.date(2020, 6, 30)),
        item("D1", 1, end),
        item("M1", 1, dt.date(2020, 1, 31), dt.date(2020, 1, 30)),
    ]
    for today in (dt.date(2021, 3, 1), dt.date(2027, 7, 4)):
        statuses = {
            p.item.code: p for p in compute_progress(items, today=today, period_end=end).items
        }
        assert statuses["T1"].status is ItemStatus.LATE
        assert statuses["T1"].days_late == (dt.date(2021, 3, 1) - dt.date(2020, 6, 30)).days
        assert (statuses["D1"].status, statuses["D1"].days_late) == (ItemStatus.LATE, 1)
        assert statuses["M1"].status is ItemStatus.DONE
    # Before the end, lateness counts to today as without a period.
    during = compute_progress(items, today=dt.date(2020, 7, 10), period_end=end)
    assert {p.item.code: p.days_late for p in during.items}["T1"] == 10
    assert not during.ended
    assert compute_progress(items, today=dt.date(2021, 3, 1), period_end=end).ended
