"""Background task of the monitoring app (django-tasks, default queue): definitions only.

``services.request_network`` enqueues :func:`compute_network_task` in its transaction; the worker
(``crosscluster db_worker --queue-name '*'``) runs it after the commit. The work itself is
:func:`crosscluster.monitoring.jobs.compute_network` (docs/monitoring.md).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def compute_network_task(partnership_id: int) -> str:
    from crosscluster.monitoring import jobs  # here, not above: web processes only enqueue

    return jobs.compute_network(partnership_id=partnership_id, now=timezone.now())
