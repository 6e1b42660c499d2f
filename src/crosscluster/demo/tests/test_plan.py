"""The illustrative work plan and event placement, checked without the database."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscluster.demo import facts
from crosscluster.demo.events import plan_events
from crosscluster.demo.workplan import WORK_PLAN
from crosscluster.engines.workplan import WorkItem, compute_progress

END = dt.date(2021, 2, 28)  # 24 months from the illustrative start


def engine_items() -> list[WorkItem]:
    return [
        WorkItem(
            key=item.code,
            package=package.number,
            kind=item.kind,
            code=item.code,
            title=item.title,
            weight=item.weight,
            due_date=item.due_date,
            done_date=item.done_date,
            start_date=item.start_date,
        )
        for package in WORK_PLAN
        for item in package.items
    ]


@pytest.mark.parametrize("today", [END + dt.timedelta(days=1), dt.date(2030, 1, 1)])
def test_the_plan_computes_the_published_67_percent_after_the_end(today: dt.date) -> None:
    assert compute_progress(engine_items(), today=today).percent == 67


def test_the_plan_fits_the_partnership_period_and_its_leaders() -> None:
    for package in WORK_PLAN:
        for item in package.items:
            assert facts.ILLUSTRATIVE_START_DATE <= item.due_date <= END, item.code
            assert item.start_date is None or item.start_date <= item.due_date, item.code
            assert item.done_date is None or item.done_date <= END, item.code
    leaders = {package.number: package.leader for package in WORK_PLAN}
    assert leaders == {1: "spain", 2: "portugal", 3: None, 4: None, 5: "france"}


def test_the_study_visits_are_in_the_plan() -> None:
    titles = " ".join(item.title for package in WORK_PLAN for item in package.items)
    for text in ("Germany", "Italy", "Sweden", "Partnership agreement", "Implementation roadmap",
                 "Business plan", "S3 guidelines", "Joint Internationalisation Strategy"):  # fmt: skip
        assert text in titles


@pytest.mark.parametrize("today", [dt.date(2026, 3, 2) + dt.timedelta(days=n) for n in range(7)])
def test_one_event_falls_in_the_current_week_and_the_others_within_eight(today: dt.date) -> None:
    monday = today - dt.timedelta(days=today.weekday())
    events = plan_events(today)
    weeks = sorted((event.start_at.date() - monday).days // 7 for event in events)
    assert weeks[0] == 0
    assert all(2 <= week <= 8 for week in weeks[1:])
    assert all(event.start_at.utcoffset() == dt.timedelta(0) for event in events)
    assert all(event.end_at > event.start_at for event in events)
    assert events[0].start_at.date() >= today
