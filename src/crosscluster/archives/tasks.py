"""Background task of the archives app (django-tasks, default queue): the definition only;
the work is in ``jobs``."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def import_archive_task(import_id: str) -> str:
    from crosscluster.archives import jobs  # here, not above: web processes only enqueue

    return jobs.run_archive_import(import_id=import_id, now=timezone.now())
