"""Whether someone works the queues: workers record heartbeats; /readyz, /metrics, the staff's
workers page and API, and the pages waiting on a task read them."""

from __future__ import annotations

import datetime as dt
import html
import types

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import task_finished, task_started
from django_tasks_db.models import DBTaskResult

from crosscluster.accounts.services import create_api_token
from crosscluster.core import workers
from crosscluster.core.models import WorkerHeartbeat
from crosscluster.exports.models import Export
from tests.cast import Cast, make_user

pytestmark = pytest.mark.django_db


def queued(queue: str, *, enqueued_at: dt.datetime | None = None, status: str = "READY") -> None:
    result = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="crosscluster.exports.tasks.render_export_task",
        queue_name=queue,
        backend_name="default",
        run_after=timezone.now() - dt.timedelta(hours=1),
    )
    if enqueued_at is not None:  # auto_now_add: set afterwards
        DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=enqueued_at)
    if status == "FAILED":
        DBTaskResult.objects.filter(pk=result.pk).update(finished_at=timezone.now())


def beat(
    worker_id: str,
    *,
    queues: list[str],
    excluded: tuple[str, ...] = (),
    ago: float = 0,
    now: dt.datetime | None = None,
) -> None:
    now = (now or timezone.now()) - dt.timedelta(seconds=ago)
    workers.record_heartbeat(
        worker_id=worker_id,
        queues=queues,
        excluded_queues=list(excluded),
        started_at=now - dt.timedelta(hours=1),
        now=now,
    )


@pytest.mark.django_db(transaction=True)  # the worker loop closes and reopens connections
def test_the_worker_command_records_its_queues_and_heartbeat() -> None:
    before = timezone.now()
    call_command(
        "worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
        "--exclude-queues",
        "matching",
        "--worker-id",
        "host:1:heartbeat",
        "-v",
        "0",
    )
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.worker_id == "host:1:heartbeat"
    assert (heartbeat.queues, heartbeat.excluded_queues) == (["*"], ["matching"])
    assert heartbeat.beat_at >= before
    assert heartbeat.serves("documents")
    assert not heartbeat.serves("matching")


def test_a_heartbeat_names_the_task_the_worker_runs() -> None:
    heartbeat = workers.Heartbeat(
        worker_id="host:2:busy", queues=["documents"], excluded_queues=[], interval=3600
    )
    heartbeat.start()
    try:
        result = types.SimpleNamespace(
            id="0b4c2d1e-task",
            status="RUNNING",
            errors=[],
            task=types.SimpleNamespace(module_path="app.tasks.slow", queue_name="documents"),
        )
        before = timezone.now()
        task_started.send(sender=None, task_result=result)
        heartbeat.beat()  # what the thread does every 15 s while the task runs
        row = WorkerHeartbeat.objects.get()
        assert (row.task_path, row.task_id, row.task_queue) == (
            "app.tasks.slow",
            "0b4c2d1e-task",
            "documents",
        )
        assert row.task_started_at is not None
        assert row.task_started_at >= before
        task_finished.send(sender=None, task_result=result)
        heartbeat.beat()
        row.refresh_from_db()
        assert (row.task_path, row.task_id, row.task_queue, row.task_started_at) == (
            "",
            "",
            "",
            None,
        )
    finally:
        heartbeat.stop()


def test_queue_states_count_waiting_oldest_failed_and_live_workers() -> None:
    now = timezone.now()
    queued("documents", enqueued_at=now - dt.timedelta(minutes=30))
    queued("documents", enqueued_at=now - dt.timedelta(minutes=5))
    queued("documents", status="FAILED")
    queued("scheduling")
    beat("host:3:docs", queues=["*"], excluded=("matching",), now=now)
    beat("host:4:gone", queues=["matching"], ago=600, now=now)

    states = {state.name: state for state in workers.list_queue_states(now=now)}

    assert set(states) == {"default", "documents", "matching", "scheduling"}
    documents = states["documents"]
    assert (documents.waiting, documents.failed_last_day, documents.live_workers) == (2, 1, 1)
    assert documents.oldest_waiting_at == now - dt.timedelta(minutes=30)
    matching = states["matching"]
    assert matching.is_unattended  # its only worker has been silent for 10 minutes
    assert matching.last_heartbeat_at == now - dt.timedelta(seconds=600)
    readiness = workers.describe_unattended(list(states.values()), now=now)
    assert readiness == "no worker has polled queue matching for 10 min"


def test_readiness_tells_of_missing_workers_without_failing() -> None:
    client = Client()
    answer = client.get("/readyz")
    assert answer.status_code == 200  # the web process serves pages; tasks wait meanwhile
    assert answer.json()["worker"] == (
        "no worker has polled queue default; no worker has polled queue documents; "
        "no worker has polled queue matching; no worker has polled queue scheduling"
    )
    beat("host:5:all", queues=["*"])
    assert client.get("/readyz").json()["worker"] == "ok"


def test_metrics_carry_the_queues_and_heartbeats(settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = "scrape-me-" + "x" * 30
    queued("documents", enqueued_at=timezone.now() - dt.timedelta(minutes=2))
    beat("host:6:docs", queues=["documents"], ago=30)
    text = (
        Client()
        .get("/metrics", headers={"Authorization": f"Bearer {settings.METRICS_TOKEN}"})
        .content.decode()
    )
    assert "django_http_requests_total_by_method_total" in text  # the request metrics stay
    assert 'crosscluster_tasks_waiting{queue="documents"} 1.0' in text
    oldest = next(
        line
        for line in text.splitlines()
        if line.startswith("crosscluster_tasks_oldest_waiting") and 'queue="documents"' in line
    )
    assert 119 <= float(oldest.split()[-1]) < 180
    assert 'crosscluster_queue_live_workers{queue="matching"} 0.0' in text
    assert 'crosscluster_worker_heartbeat_age_seconds{worker="host:6:docs"}' in text
    assert 'crosscluster_queue_heartbeat_age_seconds{queue="matching"}' not in text  # never one


def test_only_staff_open_the_workers_page_and_api(cast: Cast) -> None:
    queued("documents")
    beat("host:7:silent", queues=["documents"], ago=3600)
    client = Client()
    client.force_login(cast.coordinator)
    assert client.get("/administration/workers/").status_code == 403
    token = create_api_token(user=cast.coordinator, name="t").key
    refused = client.get("/api/v1/workers", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403

    staff = make_user("staff@example.eu", is_staff=True)
    client.force_login(staff)
    page = html.unescape(client.get("/administration/workers/").content.decode())
    assert 'data-queue="documents"' in page
    assert "host:7:silent" in page
    assert "crosscluster worker --queue-name '*' --exclude-queues matching" in page
    token = create_api_token(user=staff, name="t").key
    answer = client.get("/api/v1/workers", headers={"Authorization": f"Bearer {token}"}).json()
    documents = next(queue for queue in answer["queues"] if queue["name"] == "documents")
    assert (documents["waiting"], documents["live_workers"]) == (1, 0)
    [worker] = answer["workers"]
    assert (worker["worker_id"], worker["alive"]) == ("host:7:silent", False)


def export_page(client: Client, user: object) -> str:
    export = Export.objects.create(
        kind="strategy.jis",
        subject="x",
        file_format="pdf",
        requested_by=user,
        requested_at=timezone.now(),
    )
    client.force_login(user)  # type: ignore[arg-type]
    return html.unescape(client.get(f"/exports/{export.pk}/").content.decode())


def test_a_waiting_page_says_when_no_worker_takes_its_queue(cast: Cast) -> None:
    queued("documents")
    client = Client()
    page = export_page(client, cast.sme_member)
    assert 'data-testid="worker-notice"' in page
    assert "which is not running at the moment" in page
    assert "crosscluster worker" not in page  # the command is for the staff

    staff = make_user("staff@example.eu", is_staff=True)
    page = export_page(client, staff)
    assert "No worker has ever taken tasks from the “documents” queue." in page
    assert "crosscluster worker --queue-name '*' --exclude-queues matching" in page

    beat("host:8:matching", queues=["matching"])  # a worker, but not for documents
    assert 'data-testid="worker-notice"' in export_page(client, cast.sme_member)
    beat("host:9:docs", queues=["*"], excluded=("matching",))
    assert 'data-testid="worker-notice"' not in export_page(client, cast.sme_member)


def test_nothing_is_said_when_nothing_waits(cast: Cast) -> None:
    # an export whose task row is gone (finished elsewhere, or pruned): no task waits
    assert 'data-testid="worker-notice"' not in export_page(Client(), cast.sme_member)


def test_a_locked_database_at_start_does_not_stop_the_worker(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    from django.db.utils import OperationalError

    def locked(**kwargs: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(workers, "record_heartbeat", locked)
    heartbeat = workers.Heartbeat(
        worker_id="host:10:locked", queues=["*"], excluded_queues=[], interval=3600
    )
    with caplog.at_level("WARNING", logger="crosscluster.core.workers"):
        heartbeat.start()  # no exception: the worker goes on polling
    heartbeat.stop()
    assert "worker heartbeat not recorded at start" in caplog.text
