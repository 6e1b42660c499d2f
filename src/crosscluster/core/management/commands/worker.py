"""``crosscluster worker``: django-tasks-db's ``db_worker`` that first takes back the tasks of
workers that died mid-task (``core.tasks.requeue_orphaned_tasks``), with a worker id that names
its host and process, and, when it serves the documents queue, loads WeasyPrint before it polls
(``core.documents.pdf.warm_up``: the first PDF is then as quick as the next). Same options as
``db_worker``."""

from __future__ import annotations

import datetime as dt
import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from crosscluster.core.tasks import (
    DOCUMENTS_QUEUE,
    requeue_orphaned_tasks,
    worker_id_for_this_process,
)


def serves_documents(*, queue_name: str, exclude_queues: str) -> bool:
    """Whether a worker given these ``--queue-name`` and ``--exclude-queues`` takes the
    documents queue's tasks (PDF, DOCX, XLSX)."""
    names = queue_name.split(",")
    excluded = exclude_queues.split(",") if exclude_queues else []
    if "*" in names:
        return DOCUMENTS_QUEUE not in excluded
    return DOCUMENTS_QUEUE in names


class Command(DatabaseWorkerCommand):
    help = gettext_noop(
        "Run a background worker (django-tasks-db's db_worker) after queueing again the tasks of workers that died mid-task (CROSSCLUSTER_TASK_LEASE_MINUTES)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id_for_this_process())

    def handle(self, *args: Any, **options: Any) -> None:
        lease = dt.timedelta(minutes=settings.TASK_LEASE_MINUTES)
        requeued = requeue_orphaned_tasks(now=timezone.now(), lease=lease)
        if requeued and options.get("verbosity", 1):
            self.stdout.write(f"Queued again {len(requeued)} task(s) of workers that are gone.")
        # not in the autoreloader's watching process, which only starts the working one
        working = not options.get("reload") or os.environ.get("RUN_MAIN") == "true"
        if working and serves_documents(
            queue_name=str(options.get("queue_name") or ""),
            exclude_queues=str(options.get("exclude_queues") or ""),
        ):
            from crosscluster.core.documents import pdf  # here: only document workers load it

            pdf.warm_up()
        super().handle(*args, **options)
