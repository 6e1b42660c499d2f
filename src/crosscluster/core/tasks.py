"""Background work: the shared helpers around django-tasks (database backend).

Apps define their tasks in their own ``tasks.py`` with ``django_tasks.task`` and enqueue them from
services. With the database backend the task row is written inside the service's transaction: the
worker sees it exactly when the transaction commits, and a rollback removes it with the rest (see
docs/adr/0003-background-work-with-django-tasks.md).

Workers are ``crosscluster worker`` (django-tasks-db's ``db_worker`` that first puts back in the
queue the tasks of workers that died mid-task, see ``requeue_orphaned_tasks``): ``make run``
starts two, one for the ``matching`` queue (``--queue-name matching``) and one for every other
queue (``--queue-name '*' --exclude-queues matching``), so a document never waits behind a long
matching pass.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.db import transaction
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

logger = logging.getLogger(__name__)

#: the queues the settings declare, by purpose
DOCUMENTS_QUEUE = "documents"
MATCHING_QUEUE = "matching"
SCHEDULING_QUEUE = "scheduling"


def serves_queue(queue: str, *, queues: list[str], excluded_queues: list[str]) -> bool:
    """Whether a worker given ``--queue-name`` ``queues`` (``*``: every queue) and
    ``--exclude-queues`` ``excluded_queues`` takes the tasks of ``queue``."""
    if "*" in queues:
        return queue not in excluded_queues
    return queue in queues


def run_queued_tasks(*, queue: str = "*") -> int:
    """Run every task waiting in ``queue`` (all by default) in this process; returns how many.

    What tests and one-off scripts call instead of a long-running worker. Tasks are claimed and
    run exactly as ``db_worker`` does (its ``Worker.run_task``: results, failures and signals
    recorded the same way), without the worker loop's connection housekeeping, which would close
    the caller's connection in the middle of its transaction (a test's, on PostgreSQL).
    """
    worker = Worker(
        queue_names=[queue],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id="run-queued-tasks",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
        if queue != "*":
            ready = ready.filter(queue_name=queue)
        with exclusive_transaction(ready.db):
            task_result = ready.get_locked()
            if task_result is None:
                return ran
            task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        ran += 1


# ------------------------------------------------------------------ workers that die mid-task
def worker_id_for_this_process() -> str:
    """``host:pid:random``: unique across the pool, and says where to look whether it still
    runs (django-tasks-db allows at most 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def _local_process_state(worker_id: str) -> bool | None:
    """For a worker id of this host: whether its process still runs; ``None`` for a worker of
    another host (or an id without a process number)."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid_text.isdigit():
        return None
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, as another user
    return True


def requeue_orphaned_tasks(*, now: dt.datetime, lease: dt.timedelta) -> list[str]:
    """Put back in the queue the tasks whose worker died while running them; returns their ids.

    A worker killed mid-task (out of memory, a deployment, ``kill -9``) leaves its task
    *running* for ever, and nobody would run it again. A task is orphaned when its worker was a
    process of this host that is gone (however long it ran), or when its worker was on another
    host and it has run longer than ``lease`` (choose a lease longer than any task takes). The task
    runs again from the start; its first run's writes were rolled back with its transaction, and
    the export and document tasks write their file under a new name only when they finish. The
    row keeps the ids of every worker that took it.
    """
    requeued: list[str] = []
    running = DBTaskResult.objects.running()
    with transaction.atomic():
        for result in running.select_for_update(skip_locked=True):
            last_worker = result.worker_ids[-1] if result.worker_ids else ""
            alive = _local_process_state(last_worker)
            expired = result.started_at is not None and result.started_at < now - lease
            if alive or (alive is None and not expired):
                continue
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued.append(str(result.pk))
            logger.warning(
                "Task %s (%s) was running on worker %s, which is gone: queued again.",
                result.pk,
                result.task_path,
                last_worker or "(unknown)",
            )
    return requeued
