"""ORM rows to engine dataclasses."""

from __future__ import annotations

from collections.abc import Iterable

from crosscluster.engines import workplan
from crosscluster.partnerships.models import WorkItem


def work_items_from_rows(rows: Iterable[WorkItem]) -> list[workplan.WorkItem]:
    return [
        workplan.WorkItem(
            key=str(row.pk),
            package=row.work_package.number,
            kind=row.kind,
            code=row.code,
            title=row.title,
            weight=row.weight,
            due_date=row.due_date,
            done_date=row.done_date,
            start_date=row.start_date,
        )
        for row in rows
    ]
