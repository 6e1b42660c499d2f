"""Background work of the brokerage: the scheduler runs (django-tasks, queue "scheduling").

Thin: the task parses its argument and calls the worker side, ``jobs.execute_run``.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from crosscluster.core.tasks import SCHEDULING_QUEUE


@task(queue_name=SCHEDULING_QUEUE)
def solve_schedule_run(run_id: int) -> str:
    """Solve and store a queued run; the run records done or failed (with the reason)."""
    from crosscluster.brokerage import jobs  # here, not above: web processes only enqueue

    run = jobs.execute_run(run_id=run_id, now=timezone.now)
    return "skipped" if run is None else run.state
