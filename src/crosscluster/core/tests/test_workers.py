"""Tasks of workers that died mid-task are queued again; tasks of live workers are left alone."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crosscluster.core.tasks import requeue_orphaned_tasks, worker_id_for_this_process

pytestmark = pytest.mark.django_db

HOST = socket.gethostname()[:40]
LEASE = dt.timedelta(minutes=60)


def ended_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def running(worker_id: str, started: dt.datetime) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="crosscluster.exports.tasks.render_export_task",
        queue_name="documents",
        backend_name="default",
        run_after=started,
        started_at=started,
        worker_ids=[worker_id],
    )


def test_only_tasks_of_gone_workers_or_past_their_lease_are_queued_again() -> None:
    now = timezone.now()
    dead_here = running(f"{HOST}:{ended_pid()}:aaaa", now)
    alive_here = running(f"{HOST}:{os.getpid()}:bbbb", now - 2 * LEASE)
    elsewhere_recent = running("other-host:123:cccc", now - LEASE / 2)
    elsewhere_old = running("other-host:123:dddd", now - LEASE - dt.timedelta(seconds=1))
    unnamed_old = running("run-queued-tasks", now - 2 * LEASE)

    requeued = set(requeue_orphaned_tasks(now=now, lease=LEASE))

    assert requeued == {str(dead_here.pk), str(elsewhere_old.pk), str(unnamed_old.pk)}
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[alive_here.pk] == "RUNNING"
    assert statuses[elsewhere_recent.pk] == "RUNNING"
    assert statuses[dead_here.pk] == "READY"
    assert DBTaskResult.objects.get(pk=dead_here.pk).started_at is None


def test_a_worker_id_names_this_host_and_process_within_the_limit() -> None:
    worker_id = worker_id_for_this_process()
    host, pid, _ = worker_id.split(":")
    assert (host, int(pid)) == (HOST, os.getpid())
    assert len(worker_id) <= 64


@pytest.mark.django_db(transaction=True)  # the worker loop closes and reopens connections
def test_the_worker_command_takes_back_orphans_before_it_works(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASK_LEASE_MINUTES = 60
    orphan = running(f"{HOST}:{ended_pid()}:eeee", timezone.now())
    # --batch: it runs what is ready and stops. The orphan's export does not exist, so its run
    # finds nothing to do; what matters is that it was taken back and run.
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", "-v", "0"
    )
    orphan.refresh_from_db()
    assert orphan.status in {"SUCCESSFUL", "FAILED"}
    assert len(orphan.worker_ids) == 2
    assert orphan.worker_ids[1].startswith(f"{HOST}:{os.getpid()}:")


def locked_once(monkeypatch: pytest.MonkeyPatch, message: str) -> list[str]:
    """Make the worker's first poll fail as ``BEGIN EXCLUSIVE`` on a locked SQLite file does;
    returns the list of the polls' outcomes."""
    from django.db.utils import OperationalError
    from django_tasks_db.management.commands import db_worker

    from crosscluster.core.management.commands import worker

    monkeypatch.setattr(worker, "LOCKED_PAUSE", 0)
    original = db_worker.Worker.run
    polls: list[str] = []

    def run(self: db_worker.Worker) -> None:
        if not polls:
            polls.append("locked")
            raise OperationalError(message)
        polls.append("ran")
        original(self)

    monkeypatch.setattr(db_worker.Worker, "run", run)
    return polls


@pytest.mark.django_db(transaction=True)
def test_the_worker_outlasts_a_locked_database(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    polls = locked_once(monkeypatch, "database is locked")
    ready = running(f"{HOST}:{os.getpid()}:ffff", timezone.now())
    DBTaskResult.objects.filter(pk=ready.pk).update(status="READY", started_at=None, worker_ids=[])
    with caplog.at_level("WARNING", logger="crosscluster.core.management.commands.worker"):
        call_command(
            "worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", "-v", "0"
        )
    assert polls == ["locked", "ran"]
    assert "database locked" in caplog.text
    ready.refresh_from_db()
    assert ready.status in {"SUCCESSFUL", "FAILED"}  # the task still ran, after the lock


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_still_end_the_worker(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db.utils import OperationalError

    polls = locked_once(monkeypatch, "no such table: django_tasks_database_dbtaskresult")
    with pytest.raises(OperationalError, match="no such table"):
        call_command(
            "worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", "-v", "0"
        )
    assert polls == ["locked"]


@pytest.mark.parametrize(
    ("queue_name", "exclude_queues", "serves"),
    [
        ("*", "matching", True),  # make run's and compose's worker
        ("*", "", True),
        ("*", "documents", False),
        ("documents", "", True),
        ("matching,documents", "", True),
        ("matching", "", False),
        ("default", "", False),
    ],
)
def test_a_worker_knows_whether_it_serves_the_documents_queue(
    queue_name: str, exclude_queues: str, serves: bool
) -> None:
    from crosscluster.core.management.commands.worker import serves_documents

    assert serves_documents(queue_name=queue_name, exclude_queues=exclude_queues) is serves


@pytest.mark.parametrize(("queue_name", "warmed"), [("*", True), ("matching", False)])
def test_a_document_worker_loads_weasyprint_before_it_works(
    monkeypatch, queue_name: str, warmed: bool
) -> None:  # type: ignore[no-untyped-def]
    from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

    from crosscluster.core.documents import pdf

    calls: list[str] = []
    monkeypatch.setattr(pdf, "warm_up", lambda: calls.append("warm"))
    # the polling loop itself is db_worker's (and closes the test's connection): not run here
    monkeypatch.setattr(DatabaseWorkerCommand, "handle", lambda self, *a, **k: calls.append("poll"))
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", queue_name,
        "-v", "0",
    )  # fmt: skip
    assert calls == (["warm", "poll"] if warmed else ["poll"])  # warmed before it polls


def test_warming_up_loads_weasyprint_in_a_fresh_process() -> None:
    """In a process that never made a PDF, ``warm_up`` loads WeasyPrint (what the first
    document would otherwise wait for)."""
    code = (
        "import sys, django, os; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'crosscluster.config.settings'); "
        "django.setup(); before = 'weasyprint' in sys.modules; "
        "from crosscluster.core.documents import pdf; pdf.warm_up(); "
        "print(before, 'weasyprint' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CROSSCLUSTER_DEBUG": "true"},
    )
    assert done.stdout.split() == ["False", "True"]
