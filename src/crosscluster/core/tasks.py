"""Background work: the shared helpers around django-tasks (database backend).

Apps define their tasks in their own ``tasks.py`` with ``django_tasks.task`` and enqueue them from
services. With the database backend the task row is written inside the service's transaction: the
worker sees it exactly when the transaction commits, and a rollback removes it with the rest (see
docs/adr/0003-background-work-with-django-tasks.md).

The worker is ``crosscluster db_worker --queue-name '*'`` (``make run`` starts it).
"""

from __future__ import annotations

from django.core.management import call_command

#: the queues the settings declare, by purpose
DOCUMENTS_QUEUE = "documents"
MATCHING_QUEUE = "matching"
SCHEDULING_QUEUE = "scheduling"


def run_queued_tasks(*, queue: str = "*") -> None:
    """Run every task waiting in ``queue`` (all by default) in this process, then return.

    What tests and one-off scripts call instead of a long-running worker; it runs the real
    worker loop (``db_worker --batch``), so tasks go through the same code as in production.
    """
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        queue,
        verbosity=0,
    )
