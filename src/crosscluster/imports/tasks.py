"""Background tasks of the imports app (django-tasks, default queue): definitions only; the
work is in ``jobs``."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def check_import_task(import_id: str) -> str:
    from crosscluster.imports import jobs  # here, not above: web processes only enqueue

    return jobs.check_import(import_id=import_id, now=timezone.now())


@task()
def run_import_task(import_id: str) -> str:
    from crosscluster.imports import jobs  # here, not above: web processes only enqueue

    return jobs.run_import(import_id=import_id, now=timezone.now())
