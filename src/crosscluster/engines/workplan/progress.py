"""Progress of a work plan, computed from its items' weights and due/done dates.

Definition (stated on the partnership page):

    progress = sum(weight of items done on or before ``today``) / sum(weight of all items)

rounded half-up to a whole per cent. An item is *late* when it is not done and its due date is
before ``today``, or when it was done after its due date (``done late``). Items are tasks,
milestones and deliverables; each counts with its own weight (relative effort).

A partnership has a period (its start and duration). Given ``period_end`` (the period's last
day), an item still open after the end is late by the days between its due date and the day
after the end: the count stops when the partnership ends, instead of growing for ever (an item
due on the last day and never done is 1 day late).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class ItemStatus(StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    LATE = "late"
    OPEN = "open"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class WorkItem:
    key: str
    package: int
    kind: str
    code: str
    title: str
    weight: int
    due_date: date
    done_date: date | None = None
    start_date: date | None = None

    def __post_init__(self) -> None:
        if self.weight < 1:
            raise ValueError(f"weight of {self.code}: must be at least 1, got {self.weight}")


@dataclass(frozen=True)
class ItemProgress:
    item: WorkItem
    status: ItemStatus
    days_late: int  # > 0 for late and done-late items


@dataclass(frozen=True)
class PackageProgress:
    package: int
    done_weight: int
    total_weight: int
    percent: int
    late_count: int


@dataclass(frozen=True)
class Progress:
    today: date
    percent: int
    done_weight: int
    total_weight: int
    items: tuple[ItemProgress, ...]
    packages: tuple[PackageProgress, ...]
    period_end: date | None = None

    @property
    def ended(self) -> bool:
        """Whether the partnership's period is over (lateness no longer grows)."""
        return self.period_end is not None and self.period_end < self.today

    @property
    def late(self) -> tuple[ItemProgress, ...]:
        return tuple(i for i in self.items if i.status is ItemStatus.LATE)

    @property
    def explanation(self) -> str:
        return (
            f"{self.done_weight} of {self.total_weight} weighted work-plan items done "
            f"= {self.percent}%"
        )


def _percent(done: int, total: int) -> int:
    if total == 0:
        return 0
    return int((Decimal(100 * done) / Decimal(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _status(item: WorkItem, today: date, period_end: date | None) -> tuple[ItemStatus, int]:
    if item.done_date is not None and item.done_date <= today:
        late_by = (item.done_date - item.due_date).days
        return (ItemStatus.DONE_LATE, late_by) if late_by > 0 else (ItemStatus.DONE, 0)
    if item.due_date < today:
        counted_to = today
        if period_end is not None:
            counted_to = min(today, period_end + timedelta(days=1))
        return ItemStatus.LATE, max(1, (counted_to - item.due_date).days)
    if item.start_date is not None and item.start_date > today:
        return ItemStatus.NOT_STARTED, 0
    return ItemStatus.OPEN, 0


def compute_progress(
    items: list[WorkItem] | tuple[WorkItem, ...], *, today: date, period_end: date | None = None
) -> Progress:
    """Progress of the whole plan and of each work package, as of ``today``.

    ``period_end``: the last day of the partnership, when known; lateness stops counting there.
    """
    item_progress = []
    by_package: dict[int, list[int]] = {}
    for item in sorted(items, key=lambda i: (i.package, i.due_date, i.code)):
        status, days_late = _status(item, today, period_end)
        item_progress.append(ItemProgress(item=item, status=status, days_late=days_late))
        done = status in (ItemStatus.DONE, ItemStatus.DONE_LATE)
        totals = by_package.setdefault(item.package, [0, 0, 0])
        totals[0] += item.weight if done else 0
        totals[1] += item.weight
        totals[2] += 1 if status is ItemStatus.LATE else 0
    done_weight = sum(t[0] for t in by_package.values())
    total_weight = sum(t[1] for t in by_package.values())
    packages = tuple(
        PackageProgress(
            package=number,
            done_weight=done,
            total_weight=total,
            percent=_percent(done, total),
            late_count=late,
        )
        for number, (done, total, late) in sorted(by_package.items())
    )
    return Progress(
        today=today,
        percent=_percent(done_weight, total_weight),
        done_weight=done_weight,
        total_weight=total_weight,
        items=tuple(item_progress),
        packages=packages,
        period_end=period_end,
    )


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept on the last day of a shorter month (31 January + 1
    month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def period_end(start: date, duration_months: int) -> date:
    """The last day of a period of ``duration_months`` months from ``start`` (inclusive):
    1 March 2019 for 24 months ends on 28 February 2021."""
    return add_months(start, duration_months) - timedelta(days=1)
