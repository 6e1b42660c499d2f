"""Work-plan progress: pure functions over frozen dataclasses (no Django, no clock)."""

from crosscluster.engines.workplan.progress import (
    ItemStatus,
    PackageProgress,
    Progress,
    WorkItem,
    add_months,
    compute_progress,
    period_end,
)

__all__ = [
    "ItemStatus",
    "PackageProgress",
    "Progress",
    "WorkItem",
    "add_months",
    "compute_progress",
    "period_end",
]
