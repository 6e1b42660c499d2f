"""Whether someone works the queues: the background workers' heartbeats and the queues' state.

Each ``crosscluster worker`` process records a :class:`~crosscluster.core.models.WorkerHeartbeat`
when it starts and then every ``WORKER_HEARTBEAT_SECONDS`` from a thread (:class:`Heartbeat`),
also while a long task runs, with the task it runs (name, id, queue, since when): a worker
stuck inside a task still beats, so a task running longer than ``TASK_STUCK_SECONDS``
(:func:`is_stuck`) is flagged on the staff's page and API, and ``/metrics`` has the
longest-running task per queue. A worker whose last heartbeat is older than
:func:`silent_after` is taken for gone (stopped, killed, its host down, or cut off from the
database). From that, for every queue the settings declare: the tasks waiting, the oldest of
them, the failures of the last day and the last heartbeat of a worker serving it
(:func:`list_queue_states`), which ``/readyz``, ``/metrics``, the staff's workers page and API and
the pages that wait on a task (:func:`is_unattended`) read.

Why the database and not the cache: the database is what every process already shares (the tasks
are queued in it), with SQLite and PostgreSQL, one host or many; the cache is per process when
debugging (local memory). One small row per worker process, updated in place; rows of workers
silent for a week are deleted when a worker starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.compat import TaskResultStatus, task_finished, task_started
from django_tasks_db.models import DBTaskResult

from crosscluster.core.models import WorkerHeartbeat
from crosscluster.core.tasks import MATCHING_QUEUE

logger = logging.getLogger(__name__)

#: rows of workers silent for this long are deleted when a worker starts
FORGET_AFTER = dt.timedelta(days=7)
#: the window of "failed in the last day"
FAILED_WINDOW = dt.timedelta(days=1)


#: the commands that start the workers (``make run`` starts both; docs/deployment.md)
WORKER_COMMANDS = {
    "matching": "crosscluster matching_worker",
    "other": "crosscluster worker --queue-name '*' --exclude-queues matching",
}


def worker_command(queue: str) -> str:
    """The command that starts a worker for ``queue``."""
    return WORKER_COMMANDS["matching" if queue == MATCHING_QUEUE else "other"]


def heartbeat_seconds() -> float:
    return float(settings.WORKER_HEARTBEAT_SECONDS)


def silent_after() -> dt.timedelta:
    """How long a worker may stay silent before it counts as gone: four missed heartbeats, and
    never under a minute (a loaded SQLite database may hold a write back for seconds)."""
    return dt.timedelta(seconds=max(60.0, 4 * heartbeat_seconds()))


def declared_queues() -> list[str]:
    """The queues of the default task backend, as the settings declare them."""
    return list(settings.TASKS[DEFAULT_TASK_BACKEND_ALIAS].get("QUEUES", ["default"]))


def stuck_after() -> dt.timedelta:
    """How long a task may run before the staff's page flags it: a worker whose thread still
    beats may be stuck inside it (``CROSSCLUSTER_TASK_STUCK_SECONDS``)."""
    return dt.timedelta(seconds=float(settings.TASK_STUCK_SECONDS))


@dataclass(frozen=True)
class RunningTask:
    """The task a worker runs: its name (dotted path), its id, its queue and since when."""

    path: str
    id: str
    queue: str
    started_at: dt.datetime


# ------------------------------------------------------------------ writing (the worker)
def record_heartbeat(
    *,
    worker_id: str,
    queues: list[str],
    excluded_queues: list[str],
    started_at: dt.datetime,
    now: dt.datetime,
    task: RunningTask | None = None,
) -> None:
    """Say that ``worker_id`` lives at ``now``, serving ``queues`` but ``excluded_queues``, and
    which task it runs, if any."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "queues": queues,
            "excluded_queues": excluded_queues,
            "started_at": started_at,
            "beat_at": now,
            "task_path": task.path[:255] if task else "",
            "task_id": task.id[:64] if task else "",
            "task_queue": task.queue[:64] if task else "",
            "task_started_at": task.started_at if task else None,
        },
    )


def forget_silent_workers(*, now: dt.datetime) -> int:
    """Delete the heartbeats of workers silent for :data:`FORGET_AFTER`; returns how many."""
    deleted, _ = WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()
    return deleted


class Heartbeat:
    """A worker process's heartbeat: one beat at once, then one every ``interval`` seconds from
    a daemon thread until :meth:`stop`, with the task the worker runs (django-tasks' signals)."""

    def __init__(
        self,
        *,
        worker_id: str,
        queues: list[str],
        excluded_queues: list[str],
        interval: float | None = None,
    ) -> None:
        self.worker_id = worker_id
        self.queues = queues
        self.excluded_queues = excluded_queues
        self.interval = heartbeat_seconds() if interval is None else interval
        self.started_at = timezone.now()
        self.task: RunningTask | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def beat(self) -> None:
        now = timezone.now()
        record_heartbeat(
            worker_id=self.worker_id,
            queues=self.queues,
            excluded_queues=self.excluded_queues,
            started_at=self.started_at,
            now=now,
            task=self.task,
        )

    def start(self) -> None:
        """Beat now (so the pages know at once), then keep beating in the background."""
        try:
            forget_silent_workers(now=self.started_at)
            self.beat()
        except DatabaseError as error:  # a locked SQLite file: the thread's next beat says it
            logger.warning("worker heartbeat not recorded at start (%s)", error)
        task_started.connect(self._task_started, weak=False, dispatch_uid=self.worker_id)
        task_finished.connect(self._task_finished, weak=False, dispatch_uid=self.worker_id)
        self._thread.start()

    def stop(self) -> None:
        task_started.disconnect(dispatch_uid=self.worker_id)
        task_finished.disconnect(dispatch_uid=self.worker_id)
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _task_started(self, sender: Any, task_result: Any, **kwargs: Any) -> None:
        task = task_result.task
        self.task = RunningTask(
            path=task.module_path,
            id=str(task_result.id),
            queue=str(getattr(task, "queue_name", "") or ""),
            started_at=timezone.now(),
        )

    def _task_finished(self, sender: Any, task_result: Any, **kwargs: Any) -> None:
        self.task = None

    def _run(self) -> None:
        while not self._stopped.wait(self.interval):
            try:
                self.beat()
            except DatabaseError as error:  # locked or unreachable: the next beat tries again
                logger.warning("worker heartbeat not recorded (%s)", error)
            finally:
                connection.close()  # this thread's own connection


# ------------------------------------------------------------------ reading
@dataclass(frozen=True)
class QueueState:
    """One queue: its waiting tasks, the oldest, its failures of the last day, its workers."""

    name: str
    waiting: int
    oldest_waiting_at: dt.datetime | None
    failed_last_day: int
    #: the newest heartbeat of a worker serving this queue (``None``: no worker ever did)
    last_heartbeat_at: dt.datetime | None
    #: workers serving this queue whose heartbeat is recent
    live_workers: int

    @property
    def is_unattended(self) -> bool:
        """No live worker serves the queue."""
        return self.live_workers == 0


def list_heartbeats() -> list[WorkerHeartbeat]:
    """Every worker heard of in the last week, the most recent first."""
    return list(WorkerHeartbeat.objects.order_by("-beat_at", "worker_id"))


def is_alive(heartbeat: WorkerHeartbeat, *, now: dt.datetime) -> bool:
    return heartbeat.beat_at >= now - silent_after()


def running_for(heartbeat: WorkerHeartbeat, *, now: dt.datetime) -> dt.timedelta | None:
    """How long the worker has been running its task (None: no task, or the worker is gone)."""
    if heartbeat.task_started_at is None or not is_alive(heartbeat, now=now):
        return None
    return max(dt.timedelta(0), now - heartbeat.task_started_at)


def is_stuck(heartbeat: WorkerHeartbeat, *, now: dt.datetime) -> bool:
    """Whether the worker has run its task for longer than :func:`stuck_after`: its thread
    beats, but the task may never end."""
    running = running_for(heartbeat, now=now)
    return running is not None and running > stuck_after()


def describe_running(heartbeat: WorkerHeartbeat, *, now: dt.datetime) -> str:
    """ "running exports.tasks.render_export_task for 12 minutes", in the active language;
    empty when the worker runs nothing (or is gone)."""
    if running_for(heartbeat, now=now) is None or heartbeat.task_started_at is None:
        return ""
    return gettext("running %(task)s for %(duration)s") % {
        "task": heartbeat.task_path.removeprefix("crosscluster."),
        "duration": timesince(heartbeat.task_started_at, now),
    }


def longest_running(heartbeats: list[WorkerHeartbeat], *, now: dt.datetime) -> dict[str, float]:
    """Per queue, the seconds the longest-running task of a live worker has run."""
    longest: dict[str, float] = {}
    for heartbeat in heartbeats:
        running = running_for(heartbeat, now=now)
        if running is not None:
            queue = heartbeat.task_queue
            longest[queue] = max(longest.get(queue, 0.0), running.total_seconds())
    return longest


def list_queue_states(*, now: dt.datetime) -> list[QueueState]:
    """Every declared queue (and any other that holds tasks), by name, in three queries."""
    backend = DBTaskResult.objects.filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    waiting: dict[str, dict[str, Any]] = {
        row["queue_name"]: dict(row)
        for row in backend.ready()
        .values("queue_name")
        .annotate(count=Count("id"), oldest=Min("enqueued_at"))
    }
    failed = dict(
        backend.failed()
        .filter(finished_at__gte=now - FAILED_WINDOW)
        .values("queue_name")
        .annotate(count=Count("id"))
        .values_list("queue_name", "count")
    )
    heartbeats = list_heartbeats()
    names = sorted(set(declared_queues()) | set(waiting) | set(failed))
    states = []
    for name in names:
        serving = [heartbeat for heartbeat in heartbeats if heartbeat.serves(name)]
        row = waiting.get(name, {})
        states.append(
            QueueState(
                name=name,
                waiting=row.get("count", 0),
                oldest_waiting_at=row.get("oldest"),
                failed_last_day=failed.get(name, 0),
                last_heartbeat_at=max((h.beat_at for h in serving), default=None),
                live_workers=sum(is_alive(h, now=now) for h in serving),
            )
        )
    return states


def last_heartbeat_for(queue: str) -> WorkerHeartbeat | None:
    """The most recent heartbeat of a worker serving ``queue``, if any worker ever did."""
    return next((h for h in list_heartbeats() if h.serves(queue)), None)


def is_unattended(queue: str, *, now: dt.datetime) -> bool:
    """Whether tasks of ``queue`` wait (or were left running) and no live worker serves it: what
    a page waiting on one of them tells its reader."""
    recent = WorkerHeartbeat.objects.filter(beat_at__gte=now - silent_after())
    if any(heartbeat.serves(queue) for heartbeat in recent):
        return False
    pending = DBTaskResult.objects.filter(
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        queue_name=queue,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    return pending.exists()


def describe_unattended(states: list[QueueState], *, now: dt.datetime) -> str:
    """``ok``, or which queues no live worker serves, for ``/readyz`` (plain English, as the
    rest of the check: it is read by operators and their tools)."""
    problems = []
    for state in states:
        if not state.is_unattended:
            continue
        if state.last_heartbeat_at is None:
            problems.append(f"no worker has polled queue {state.name}")
        else:
            minutes = int((now - state.last_heartbeat_at).total_seconds() // 60)
            problems.append(f"no worker has polled queue {state.name} for {minutes} min")
    return "; ".join(problems) if problems else "ok"


def queue_metrics(*, now: dt.datetime) -> bytes:
    """The queues' and workers' gauges in Prometheus' text format, read from the database at
    each scrape (the same in every web process, so no multi-process bookkeeping)."""
    from prometheus_client import CollectorRegistry, Gauge, generate_latest

    registry = CollectorRegistry(auto_describe=True)
    waiting = Gauge(
        "crosscluster_tasks_waiting", "Tasks ready to run, per queue", ["queue"], registry=registry
    )
    oldest = Gauge(
        "crosscluster_tasks_oldest_waiting_seconds",
        "Age of the oldest task waiting in the queue (0 when none waits)",
        ["queue"],
        registry=registry,
    )
    failed = Gauge(
        "crosscluster_tasks_failed_last_day",
        "Tasks of the queue that failed in the last 24 hours",
        ["queue"],
        registry=registry,
    )
    live = Gauge(
        "crosscluster_queue_live_workers",
        "Workers serving the queue whose heartbeat is recent",
        ["queue"],
        registry=registry,
    )
    queue_age = Gauge(
        "crosscluster_queue_heartbeat_age_seconds",
        "Age of the last heartbeat of a worker serving the queue (absent: never one)",
        ["queue"],
        registry=registry,
    )
    running = Gauge(
        "crosscluster_queue_longest_running_task_seconds",
        "How long the longest-running task of the queue has run on a live worker (0: none runs)",
        ["queue"],
        registry=registry,
    )
    worker_age = Gauge(
        "crosscluster_worker_heartbeat_age_seconds",
        "Age of each worker's last heartbeat (workers heard of in the last week)",
        ["worker"],
        registry=registry,
    )
    heartbeats = list_heartbeats()
    longest = longest_running(heartbeats, now=now)
    for state in list_queue_states(now=now):
        running.labels(state.name).set(longest.pop(state.name, 0.0))
        waiting.labels(state.name).set(state.waiting)
        age = (now - state.oldest_waiting_at).total_seconds() if state.oldest_waiting_at else 0
        oldest.labels(state.name).set(max(0.0, age))
        failed.labels(state.name).set(state.failed_last_day)
        live.labels(state.name).set(state.live_workers)
        if state.last_heartbeat_at is not None:
            queue_age.labels(state.name).set((now - state.last_heartbeat_at).total_seconds())
    for queue, seconds in longest.items():  # a queue no longer declared
        if queue:
            running.labels(queue).set(seconds)
    for heartbeat in heartbeats:
        worker_age.labels(heartbeat.worker_id).set((now - heartbeat.beat_at).total_seconds())
    return generate_latest(registry)
