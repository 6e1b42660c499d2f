"""A worker stuck inside a task still beats: its heartbeat names the task it runs (name, id,
queue, since when), and the staff's page and API, and /metrics, say how long it has run and
flag it past ``TASK_STUCK_SECONDS``."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
import types

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import task_finished, task_started

from crosscluster.accounts.services import create_api_token
from crosscluster.core import workers
from crosscluster.core.models import WorkerHeartbeat
from tests.cast import make_user

pytestmark = pytest.mark.django_db

RENDER = "crosscluster.exports.tasks.render_export_task"


def running(worker_id: str, *, queue: str, minutes: float, silent: float = 0) -> None:
    """A worker whose last beat was ``silent`` minutes ago, running a task of ``queue`` started
    ``minutes`` ago."""
    now = timezone.now()
    workers.record_heartbeat(
        worker_id=worker_id,
        queues=[queue],
        excluded_queues=[],
        started_at=now - dt.timedelta(hours=5),
        now=now - dt.timedelta(minutes=silent),
        task=workers.RunningTask(
            path=RENDER,
            id=f"task-of-{worker_id}",
            queue=queue,
            started_at=now - dt.timedelta(minutes=minutes),
        ),
    )


def staff_client() -> tuple[Client, dict[str, str]]:
    staff = make_user("staff@example.eu", is_staff=True)
    client = Client()
    client.force_login(staff)
    token = create_api_token(user=staff, name="t").key
    return client, {"Authorization": f"Bearer {token}"}


def test_a_task_running_longer_than_the_setting_is_flagged(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASK_STUCK_SECONDS = 30 * 60
    running("host:2:stuck", queue="documents", minutes=42)
    running("host:3:working", queue="matching", minutes=5)
    running("host:4:gone", queue="scheduling", minutes=180, silent=120)  # silent: not running
    client, auth = staff_client()

    page = html.unescape(client.get("/administration/workers/").content.decode())
    assert "A task has run for longer than 30 minutes" in page
    rows = {
        worker: row
        for row in re.findall(r"<tr><td><code>.*?</tr>", page, re.DOTALL)
        for worker in re.findall(r"<code>(host:\d:\w+)</code>", row)
    }
    assert "stuck?" in rows["host:2:stuck"]
    assert "for 42\xa0minutes" in rows["host:2:stuck"]
    assert "task <code>task-of-host:2:stuck</code>" in rows["host:2:stuck"]
    assert "queue <code>documents</code>" in rows["host:2:stuck"]
    assert "stuck?" not in rows["host:3:working"]
    assert "stuck?" not in rows["host:4:gone"]

    answer = client.get("/api/v1/workers", headers=auth).json()
    assert answer["stuck_after_seconds"] == 1800
    by_id = {worker["worker_id"]: worker for worker in answer["workers"]}
    stuck = by_id["host:2:stuck"]
    assert stuck["task_stuck"] is True
    assert (stuck["task_id"], stuck["task_queue"]) == ("task-of-host:2:stuck", "documents")
    assert 42 * 60 <= stuck["task_running_seconds"] < 43 * 60
    assert stuck["task_running"] == "running exports.tasks.render_export_task for 42\xa0minutes"
    assert by_id["host:3:working"]["task_stuck"] is False
    assert by_id["host:3:working"]["task_running"].endswith("for 5\xa0minutes")
    gone = by_id["host:4:gone"]
    assert (gone["task_stuck"], gone["task_running_seconds"], gone["task_running"]) == (
        False,
        None,
        "",
    )

    settings.TASK_STUCK_SECONDS = 60 * 60  # the operator allows long tasks an hour
    page = html.unescape(client.get("/administration/workers/").content.decode())
    assert "stuck?" not in page
    assert "A task has run for longer" not in page
    assert client.get("/api/v1/workers", headers=auth).json()["workers"][0]["task_stuck"] is False


def test_metrics_carry_the_longest_running_task_per_queue(settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = "scrape-me-" + "x" * 30
    running("host:5:long", queue="documents", minutes=42)
    running("host:6:short", queue="documents", minutes=2)
    running("host:7:gone", queue="matching", minutes=180, silent=120)
    text = (
        Client()
        .get("/metrics", headers={"Authorization": f"Bearer {settings.METRICS_TOKEN}"})
        .content.decode()
    )
    values = {
        match.group(1): float(match.group(2))
        for match in re.finditer(
            r'^crosscluster_queue_longest_running_task_seconds\{queue="(\w+)"\} (\S+)$',
            text,
            re.MULTILINE,
        )
    }
    assert 42 * 60 <= values["documents"] < 43 * 60  # the longer of the two
    assert values["matching"] == 0.0  # its worker is gone: nothing is known to run
    assert values["default"] == 0.0


def _row_when(condition, *, within: float = 10.0) -> WorkerHeartbeat:  # type: ignore[no-untyped-def]
    """The worker's row once the heartbeat thread has written what ``condition`` looks for."""
    deadline = time.monotonic() + within
    while True:
        row = WorkerHeartbeat.objects.get()
        if condition(row) or time.monotonic() > deadline:
            return row
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)  # the heartbeat thread writes on its own connection
def test_the_heartbeat_thread_tells_the_task_while_it_runs_and_clears_it_after() -> None:
    heartbeat = workers.Heartbeat(
        worker_id="host:8:thread", queues=["*"], excluded_queues=[], interval=0.05
    )
    heartbeat.start()
    result = types.SimpleNamespace(
        id="5e1d-running",
        status="RUNNING",
        errors=[],
        task=types.SimpleNamespace(module_path=RENDER, queue_name="documents"),
    )
    try:
        task_started.send(sender=None, task_result=result)  # the main thread now "in" the task
        row = _row_when(lambda row: row.task_id == "5e1d-running")
        assert (row.task_path, row.task_queue) == (RENDER, "documents")
        first_beat = row.beat_at
        row = _row_when(lambda row: row.beat_at > first_beat)  # it beats on, the task unchanged
        assert row.task_id == "5e1d-running"
        task_finished.send(sender=None, task_result=result)
        row = _row_when(lambda row: row.task_id == "")
        assert (row.task_path, row.task_queue, row.task_started_at) == ("", "", None)
    finally:
        heartbeat.stop()
