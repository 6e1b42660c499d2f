"""The core's one table of its own: the background workers' heartbeats (``core.workers``).

Not a domain model: how the platform knows that someone runs the work its pages wait on.
"""

from __future__ import annotations

from django.db import models

from crosscluster.core.tasks import serves_queue


class WorkerHeartbeat(models.Model):
    """One ``crosscluster worker`` process: what it serves and when it last said it lives.

    Written by the worker itself, every ``WORKER_HEARTBEAT_SECONDS``, from a thread that beats
    while the process lives (also while a long task runs). In the database, not the cache: the
    cache is per process when debugging, and every process (web and workers, on one host or
    many, SQLite or PostgreSQL) already shares the database the tasks are queued in.
    """

    #: django-tasks-db's worker id (``host:pid:random``, at most 64 characters)
    worker_id = models.CharField(max_length=64, primary_key=True)
    #: the ``--queue-name`` list (``["*"]`` for every queue) and the ``--exclude-queues`` list
    queues = models.JSONField(default=list)
    excluded_queues = models.JSONField(default=list)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    #: the task the worker runs now: its name (dotted path), id and queue, and since when;
    #: empty between tasks (``core.workers.RunningTask``)
    task_path = models.CharField(max_length=255, blank=True, default="")
    task_id = models.CharField(max_length=64, blank=True, default="")
    task_queue = models.CharField(max_length=64, blank=True, default="")
    task_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["beat_at"], name="core_heartbeat_beat_at")]

    def __str__(self) -> str:
        return self.worker_id

    def serves(self, queue: str) -> bool:
        """Whether this worker takes the tasks of ``queue``."""
        return serves_queue(queue, queues=self.queues, excluded_queues=self.excluded_queues)
