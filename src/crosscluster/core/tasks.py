"""Background work: the shared helpers around django-tasks (database backend).

Apps define their tasks in their own ``tasks.py`` with ``django_tasks.task`` and enqueue them from
services. With the database backend the task row is written inside the service's transaction: the
worker sees it exactly when the transaction commits, and a rollback removes it with the rest (see
docs/adr/0003-background-work-with-django-tasks.md).

Workers are ``crosscluster db_worker``: ``make run`` starts two, one for the ``matching`` queue
(``--queue-name matching``) and one for every other queue (``--queue-name '*' --exclude-queues
matching``), so a document never waits behind a long matching pass.
"""

from __future__ import annotations

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

#: the queues the settings declare, by purpose
DOCUMENTS_QUEUE = "documents"
MATCHING_QUEUE = "matching"
SCHEDULING_QUEUE = "scheduling"


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
