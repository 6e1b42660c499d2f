"""``GET /api/v1/workers``: the staff's view of the background work (the page
``/administration/workers/``), mounted by ``config.api`` with the bearer-token authentication."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from crosscluster.core import workers
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
    task_path: str = Field(description="the task it runs now (empty between tasks)")
    task_started_at: datetime | None


class WorkersOut(Schema):
    silent_after_seconds: int = Field(
        description="a worker silent for longer counts as gone (four heartbeats, at least 60 s)"
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
        queues=[QueueOut(**vars(state)) for state in workers.list_queue_states(now=now)],
        workers=[
            WorkerOut(
                worker_id=heartbeat.worker_id,
                queues=heartbeat.queues,
                excluded_queues=heartbeat.excluded_queues,
                started_at=heartbeat.started_at,
                beat_at=heartbeat.beat_at,
                alive=workers.is_alive(heartbeat, now=now),
                task_path=heartbeat.task_path,
                task_started_at=heartbeat.task_started_at,
            )
            for heartbeat in workers.list_heartbeats()
        ],
    )
