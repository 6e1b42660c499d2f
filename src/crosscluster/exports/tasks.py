"""Background task: make the file of a queued export (the work is ``jobs.render_export``)."""

from __future__ import annotations

import uuid

from django.utils import timezone
from django_tasks import task

from crosscluster.core.tasks import DOCUMENTS_QUEUE


@task(queue_name=DOCUMENTS_QUEUE)
def render_export_task(export_id: str) -> str:
    from crosscluster.exports import jobs  # here, not above: web processes only enqueue

    return jobs.render_export(export_id=uuid.UUID(export_id), clock=timezone.now)
