"""``GET /api/v1/workers``: the staff's view of the background work (the page
``/administration/workers/``), mounted by ``config.api`` with the bearer-token authentication."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from crosscluster.core import workers
from crosscluster.core.models import WorkerHeartbeat
from crosscluster.core.views import check_staff

router = Router(tags=["workers"])


class QueueOut(Schema):
    name: str
    waiting: int = Field(description="tasks ready to run")
    oldest_waiting_at: datetime | None = Field(description="when the oldest of them was queued")
    failed_last_day: int = Field(description="tasks that failed in the last 24 hours")
    live_workers: int = Field(description="workers serving the queue whose heartbeat is recent")
    last_heartbeat_at: datetime | None = Field(
        description="the last heartbeat of a worker serving the queue (null: never one)"
    )


class WorkerOut(Schema):
    worker_id: str = Field(description="host:process:random")
    queues: list[str] = Field(description="the queues it takes (* for every queue) ...")
    excluded_queues: list[str] = Field(description="... but these")
    started_at: datetime
    beat_at: datetime = Field(description="its last heartbeat")
    alive: bool = Field(description="its last heartbeat is recent")
    task_path: str = Field(description="the task it runs now, by name (empty between tasks)")
    task_id: str = Field(description="that task's id (empty between tasks)")
    task_queue: str = Field(description="that task's queue (empty between tasks)")
    task_started_at: datetime | None
    task_running_seconds: int | None = Field(
        description="how long it has run that task (null: no task, or the worker is gone)"
    )
    task_stuck: bool = Field(
        description="it has run that task for longer than stuck_after_seconds: perhaps stuck"
    )
    task_running: str = Field(
        description='"running exports.tasks.render_export_task for 12 minutes", in the '
        "language asked for (empty: no task)"
    )


class WorkersOut(Schema):
    silent_after_seconds: int = Field(
        description="a worker silent for longer counts as gone (four heartbeats, at least 60 s)"
    )
    stuck_after_seconds: int = Field(
        description="a task running longer is flagged (CROSSCLUSTER_TASK_STUCK_SECONDS)"
    )
    queues: list[QueueOut]
    workers: list[WorkerOut] = Field(description="workers heard of in the last week, newest first")


@router.get(
    "",
    response=WorkersOut,
    summary="The background queues and workers: what waits, what failed, who runs (staff)",
)
def get_workers(request: HttpRequest) -> WorkersOut:
    check_staff(request.auth)  # type: ignore[attr-defined]
    now = timezone.now()
    return WorkersOut(
        silent_after_seconds=int(workers.silent_after().total_seconds()),
        stuck_after_seconds=int(workers.stuck_after().total_seconds()),
        queues=[QueueOut(**vars(state)) for state in workers.list_queue_states(now=now)],
        workers=[_worker_out(heartbeat, now=now) for heartbeat in workers.list_heartbeats()],
    )


def _worker_out(heartbeat: WorkerHeartbeat, *, now: datetime) -> WorkerOut:
    running = workers.running_for(heartbeat, now=now)
    return WorkerOut(
        worker_id=heartbeat.worker_id,
        queues=heartbeat.queues,
        excluded_queues=heartbeat.excluded_queues,
        started_at=heartbeat.started_at,
        beat_at=heartbeat.beat_at,
        alive=workers.is_alive(heartbeat, now=now),
        task_path=heartbeat.task_path,
        task_id=heartbeat.task_id,
        task_queue=heartbeat.task_queue,
        task_started_at=heartbeat.task_started_at,
        task_running_seconds=int(running.total_seconds()) if running is not None else None,
        task_stuck=workers.is_stuck(heartbeat, now=now),
        task_running=workers.describe_running(heartbeat, now=now),
    )
