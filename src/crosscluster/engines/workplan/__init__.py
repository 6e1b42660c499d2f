"""Work-plan progress: pure functions over frozen dataclasses (no Django, no clock)."""

from crosscluster.engines.workplan.progress import (
    ItemStatus,
    PackageProgress,
    Progress,
    WorkItem,
    compute_progress,
)

__all__ = ["ItemStatus", "PackageProgress", "Progress", "WorkItem", "compute_progress"]
