"""Background task of the archives app (django-tasks, default queue): the definition only;
the work is in ``jobs``."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from crosscluster.archives import jobs


@task()
def import_archive_task(import_id: str) -> str:
    return jobs.run_archive_import(import_id=import_id, now=timezone.now())
