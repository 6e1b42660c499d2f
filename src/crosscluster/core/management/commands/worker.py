"""``crosscluster worker``: django-tasks-db's ``db_worker`` that first takes back the tasks of
workers that died mid-task (``core.tasks.requeue_orphaned_tasks``), with a worker id that names
its host and process. Same options as ``db_worker``."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from crosscluster.core.tasks import requeue_orphaned_tasks, worker_id_for_this_process


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
        super().handle(*args, **options)
