"""``crosscluster worker``: django-tasks-db's ``db_worker`` that first takes back the tasks of
workers that died mid-task (``core.tasks.requeue_orphaned_tasks``), with a worker id that names
its host and process, that, when it serves the documents queue, loads WeasyPrint before it
polls (``core.documents.pdf.warm_up``: the first PDF is then as quick as the next), and that
outlasts a locked SQLite database, and that records its heartbeat (``core.workers.Heartbeat``:
at start, then every ``WORKER_HEARTBEAT_SECONDS``, with its queues and the task it runs), so
``/readyz``, ``/metrics``, the staff's workers page and the pages waiting on a task know whether
anyone works their queue. Same options as ``db_worker``.

``db_worker`` opens each poll with ``BEGIN EXCLUSIVE`` on SQLite, outside the ``try`` that lets
it wait out a locked database, so a writer holding the file longer than the busy timeout (the
matching worker storing vectors on a loaded machine) used to end the worker for good: exports
and e-mails then waited for nobody. The worker now logs it and polls again."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

from crosscluster.core.tasks import (
    DOCUMENTS_QUEUE,
    requeue_orphaned_tasks,
    serves_queue,
    worker_id_for_this_process,
)
from crosscluster.core.workers import Heartbeat


def serves_documents(*, queue_name: str, exclude_queues: str) -> bool:
    """Whether a worker given these ``--queue-name`` and ``--exclude-queues`` takes the
    documents queue's tasks (PDF, DOCX, XLSX)."""
    return serves_queue(DOCUMENTS_QUEUE, **queue_options(queue_name, exclude_queues))


def queue_options(queue_name: str, exclude_queues: str) -> dict[str, list[str]]:
    """``--queue-name`` and ``--exclude-queues`` as lists."""
    return {
        "queues": queue_name.split(","),
        "excluded_queues": exclude_queues.split(",") if exclude_queues else [],
    }


logger = logging.getLogger(__name__)

#: seconds to wait after the database was found locked before polling again
LOCKED_PAUSE = 1.0


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
        queue_name = str(options.get("queue_name") or "")
        exclude_queues = str(options.get("exclude_queues") or "")
        if working and serves_documents(queue_name=queue_name, exclude_queues=exclude_queues):
            from crosscluster.core.documents import pdf  # here: only document workers load it

            pdf.warm_up()
        heartbeat = None
        if working:
            chosen = queue_options(queue_name, exclude_queues)
            heartbeat = Heartbeat(
                worker_id=str(options["worker_id"]),
                queues=chosen["queues"],
                excluded_queues=chosen["excluded_queues"],
            )
            heartbeat.start()
        try:
            self._work(*args, **options)
        finally:
            if heartbeat is not None:
                heartbeat.stop()

    def _work(self, *args: Any, **options: Any) -> None:
        while True:
            try:
                super().handle(*args, **options)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                logger.warning("database locked (%s); the worker polls again", error)
                close_old_connections()
                time.sleep(LOCKED_PAUSE)
            else:
                return
