"""Exports: ask on a page or over the API, the worker makes the file, only the asker sees it."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports import registry
from crosscluster.exports.models import Export, ExportStatus
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

RENDERED: list[str] = []


def _can_request(user, subject: str) -> bool:  # type: ignore[no-untyped-def]
    """Members-only subjects start with "private-"; "broken" fails when made."""
    return user.is_authenticated or not subject.startswith("private-")


def _render(request: registry.ExportRequest) -> registry.RenderedFile:
    RENDERED.append(request.subject)
    if request.subject == "broken":
        raise RuntimeError("the template is missing")
    who = request.user.email if request.user.is_authenticated else "visitor"
    return registry.RenderedFile(
        filename=f"{request.subject}.{request.file_format}",
        content=f"{request.subject} for {who}".encode(),
    )


def _cache_key(request: registry.ExportRequest) -> str | None:
    return "frozen-1" if request.subject.startswith("frozen") else None


@pytest.fixture(autouse=True)
def echo_kind(monkeypatch):  # type: ignore[no-untyped-def]
    kind = registry.ExportKind(
        key="tests.echo",
        label="Echo",
        formats=("pdf", "docx"),
        can_request=_can_request,
        render=_render,
        cache_key=_cache_key,
    )
    monkeypatch.setitem(registry._KINDS, kind.key, kind)
    RENDERED.clear()
    return kind


def ask(client: Client, subject: str, file_format: str = "pdf", kind: str = "tests.echo"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("exports:request"), {"kind": kind, "subject": subject, "format": file_format}
    )


def test_a_visitor_asks_waits_and_downloads(client: Client) -> None:
    asked = ask(client, "public-plan")
    assert asked.status_code == 302
    export = Export.objects.get()
    assert asked["Location"] == reverse("exports:status", args=[export.pk])
    assert export.status == ExportStatus.QUEUED
    assert RENDERED == []
    waiting = client.get(asked["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting
    assert "Waiting for the background worker" in waiting
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 302
    run_queued_tasks()
    ready = client.get(asked["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "Your document is ready." in ready
    assert "every 1s" not in ready
    download = client.get(reverse("exports:download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="public-plan.pdf"'
    assert download.content == b"public-plan for visitor"
    export.refresh_from_db()
    assert export.size == len(b"public-plan for visitor")
    assert export.finished_at is not None


def test_only_the_asker_sees_a_members_export(cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    asked = ask(client, "private-plan", "docx")
    run_queued_tasks()
    status_url = asked["Location"]
    file_url = status_url + "file/"
    assert client.get(file_url).content == f"private-plan for {cast.sme_member.email}".encode()
    for who in (cast.outsider, cast.coordinator):
        client.login(email=who.email, password=PASSWORD)
        assert client.get(status_url).status_code == 404
        assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(status_url).status_code == 404
    assert client.get(reverse("exports:status", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("exports:status", args=["not-a-uuid"])).status_code == 404


def test_what_a_visitor_may_not_see_cannot_be_exported(client: Client) -> None:
    assert ask(client, "private-plan").status_code == 404
    assert Export.objects.count() == 0


def test_bad_requests_name_the_field_and_leave_nothing(client: Client) -> None:
    unknown = ask(client, "plan", kind="tests.nothing")
    assert unknown.status_code == 400
    assert "kind" in unknown.content.decode()
    assert "tests.echo" in unknown.content.decode()
    wrong = ask(client, "plan", file_format="xlsx")
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert "format" in body
    assert "pdf, docx" in body
    assert Export.objects.count() == 0
    assert client.get(reverse("exports:request")).status_code == 405


def test_the_same_pending_request_is_not_queued_twice(cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    first = ask(client, "private-plan")
    second = ask(client, "private-plan")
    assert first["Location"] == second["Location"]
    assert Export.objects.count() == 1
    run_queued_tasks()
    assert RENDERED == ["private-plan"]
    ask(client, "private-plan")  # done: a new request makes it afresh (it may have changed)
    run_queued_tasks()
    assert RENDERED == ["private-plan", "private-plan"]


def test_unchangeable_content_is_made_once_for_everyone(cast, client: Client) -> None:
    ask(client, "frozen-v1")
    run_queued_tasks()
    client.login(email=cast.outsider.email, password=PASSWORD)
    again = ask(client, "frozen-v1")
    export = Export.objects.get(pk=again["Location"].split("/")[-2])
    assert export.status == ExportStatus.DONE
    assert export.requested_by == cast.outsider
    assert client.get(again["Location"] + "file/").content == b"frozen-v1 for visitor"
    assert RENDERED == ["frozen-v1"]


def test_a_failure_is_shown_and_does_not_stop_the_worker(client: Client) -> None:
    broken = ask(client, "broken")
    fine = ask(client, "fine")
    run_queued_tasks()
    page = client.get(broken["Location"]).content.decode()
    assert "The document could not be made." in page
    assert Export.objects.get(subject="broken").status == ExportStatus.FAILED
    assert Export.objects.get(subject="fine").status == ExportStatus.DONE
    assert client.get(fine["Location"]).status_code == 200


def test_a_failure_shows_a_reference_not_the_exception(client: Client, caplog) -> None:  # type: ignore[no-untyped-def]
    """The requester reads a generic message and a reference; the exception, which may name
    files or data, goes to the log under that reference (issue 11)."""
    broken = ask(client, "broken")
    with caplog.at_level("ERROR", logger="crosscluster.exports.jobs"):
        run_queued_tasks()
    page = client.get(broken["Location"]).content.decode()
    assert "the template is missing" not in page
    assert "RuntimeError" not in page
    reference = re.search(r"the reference ([0-9a-f]{12})", page)
    assert reference is not None
    logged = [record for record in caplog.records if reference[1] in record.getMessage()]
    assert len(logged) == 1
    assert "the template is missing" in logged[0].exc_text
    assert Export.objects.get(subject="broken").status == ExportStatus.FAILED


def test_access_is_checked_again_when_the_file_is_made(cast, client: Client, echo_kind) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    asked = ask(client, "private-plan")
    cast.sme_member.is_active = False  # e.g. the account was closed meanwhile
    cast.sme_member.save()
    registry._KINDS["tests.echo"] = registry.ExportKind(
        key="tests.echo",
        label="Echo",
        formats=("pdf",),
        can_request=lambda user, subject: False,
        render=_render,
    )
    run_queued_tasks()
    export = Export.objects.get(pk=asked["Location"].split("/")[-2])
    assert export.status == ExportStatus.FAILED
    assert "no longer" in export.error
    assert RENDERED == []


def test_api_asks_polls_and_downloads(cast, client: Client, token_for) -> None:
    token = token_for(cast.sme_member)
    kinds = client.get("/api/v1/exports/kinds").json()
    assert {"key": "tests.echo", "label": "Echo", "formats": ["pdf", "docx"]} in kinds
    asked = client.post(
        "/api/v1/exports",
        {"kind": "tests.echo", "subject": "private-plan", "format": "docx"},
        content_type="application/json",
        headers={"Authorization": token},
    )
    assert asked.status_code == 202
    body = asked.json()
    assert body["status"] == "queued"
    assert body["download_url"] is None
    path = f"/api/v1/exports/{body['id']}"
    assert client.get(path + "/file", headers={"Authorization": token}).status_code == 409
    run_queued_tasks()
    done = client.get(path, headers={"Authorization": token}).json()
    assert done["status"] == "done"
    assert done["filename"] == "private-plan.docx"
    file = client.get(path + "/file", headers={"Authorization": token})
    assert file.content == f"private-plan for {cast.sme_member.email}".encode()
    other = token_for(cast.outsider)
    assert client.get(path, headers={"Authorization": other}).status_code == 404
    assert client.get(path).status_code == 401


def test_api_bad_input_names_the_field(cast, client: Client, token_for) -> None:
    token = token_for(cast.sme_member)
    response = client.post(
        "/api/v1/exports",
        {"kind": "tests.echo", "subject": "x", "format": "odt"},
        content_type="application/json",
        headers={"Authorization": token},
    )
    assert response.status_code == 400
    assert "format" in response.json()["errors"]
    assert Export.objects.count() == 0


def test_prune_deletes_old_finished_exports_only(client: Client) -> None:
    ask(client, "old")
    ask(client, "recent")
    run_queued_tasks()
    ask(client, "waiting")  # not made yet: kept whatever its age
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    Export.objects.filter(subject__in=["old", "waiting"]).update(requested_at=ten_days_ago)
    call_command("prune_exports", "--days", "7")
    assert sorted(Export.objects.values_list("subject", flat=True)) == ["recent", "waiting"]


def test_a_worker_that_dies_mid_render_loses_nothing_and_renders_once(client: Client) -> None:
    import socket
    import subprocess
    import sys

    from django_tasks_db.models import DBTaskResult

    from crosscluster.core.tasks import requeue_orphaned_tasks
    from crosscluster.exports import jobs

    ask(client, "public-plan")
    export = Export.objects.get()
    task = DBTaskResult.objects.get()
    # A worker of this host takes the task and starts the export, then is killed: its process
    # (here one that has ended) no longer exists.
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    task.claim(f"{socket.gethostname()[:40]}:{int(ended.stdout)}:killed00")
    jobs._claim(export.pk, timezone.now())
    assert run_queued_tasks() == 0  # without recovery the export would wait for ever

    assert requeue_orphaned_tasks(now=timezone.now(), lease=dt.timedelta(hours=1)) == [str(task.pk)]
    assert run_queued_tasks() == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert RENDERED == ["public-plan"]  # made once
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2
    assert requeue_orphaned_tasks(now=timezone.now(), lease=dt.timedelta(hours=1)) == []
