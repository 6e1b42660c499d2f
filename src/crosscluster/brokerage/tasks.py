"""Background work of the brokerage: the scheduler runs (django-tasks, queue "scheduling")."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from crosscluster.brokerage import services
from crosscluster.core.tasks import SCHEDULING_QUEUE


@task(queue_name=SCHEDULING_QUEUE)
def solve_schedule_run(run_id: int) -> str:
    """Solve and store a queued run; the run records done or failed (with the reason)."""
    run = services.execute_run(run_id=run_id, now=timezone.now)
    return "skipped" if run is None else run.state
