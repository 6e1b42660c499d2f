"""Background tasks of the imports app (django-tasks, default queue): definitions only; the
work is in ``jobs``."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from crosscluster.imports import jobs


@task()
def check_import_task(import_id: str) -> str:
    return jobs.check_import(import_id=import_id, now=timezone.now())


@task()
def run_import_task(import_id: str) -> str:
    return jobs.run_import(import_id=import_id, now=timezone.now())
