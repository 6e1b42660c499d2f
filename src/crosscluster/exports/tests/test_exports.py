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
from crosscluster.exports.models import Export, ExportFile, ExportStatus
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
    assert download["Content-Disposition"] == (
        "attachment; filename=\"public-plan.pdf\"; filename*=UTF-8''public-plan.pdf"
    )
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
    assert ExportFile.objects.count() == 1  # two exports, one stored file


def test_a_shared_file_outlives_the_export_it_was_made_for(cast, client: Client) -> None:
    """Two readers, one file on disk; pruning the first reader's export keeps the second's
    download working; the file goes once no export refers to it."""
    first = ask(client, "frozen-v1")
    run_queued_tasks()
    reader = Client()
    reader.login(email=cast.outsider.email, password=PASSWORD)
    second = reader.get(ask(reader, "frozen-v1")["Location"] + "file/")
    assert second.content == b"frozen-v1 for visitor"
    [made, shared] = Export.objects.order_by("requested_at", "finished_at")
    assert made.file_id == shared.file_id
    assert ExportFile.objects.count() == 1
    # The first reader's export is old; the second's is recent.
    Export.objects.filter(pk=made.pk).update(requested_at=timezone.now() - dt.timedelta(days=10))
    assert call_command("prune_exports", "--days", "7") is None
    assert list(Export.objects.values_list("pk", flat=True)) == [shared.pk]
    assert client.get(first["Location"] + "file/").status_code == 404
    again = reader.get(reverse("exports:download", args=[shared.pk]))
    assert (again.status_code, again.content) == (200, b"frozen-v1 for visitor")
    assert ExportFile.objects.count() == 1
    # Once the last export that refers to it is pruned, the file goes too.
    Export.objects.update(requested_at=timezone.now() - dt.timedelta(days=10))
    call_command("prune_exports", "--days", "7")
    assert (Export.objects.count(), ExportFile.objects.count()) == (0, 0)


def test_a_file_still_referred_to_cannot_be_deleted(cast, client: Client) -> None:
    from django.db.models import ProtectedError

    ask(client, "frozen-v1")
    run_queued_tasks()
    with pytest.raises(ProtectedError):
        ExportFile.objects.get().delete()
    assert Export.objects.get().status == ExportStatus.DONE


def test_an_erased_persons_exports_and_their_files_go(cast, client: Client) -> None:
    from crosscluster.accounts.services import erase_account

    client.login(email=cast.sme_member.email, password=PASSWORD)
    ask(client, "private-plan")
    ask(client, "frozen-v1")
    run_queued_tasks()
    visitor = Client()
    shared = visitor.get(ask(visitor, "frozen-v1")["Location"] + "file/")
    assert ExportFile.objects.count() == 2
    erase_account(user=cast.sme_member, now=timezone.now())
    # Not left behind as a visitor's export (anyone's with its address): deleted, and the
    # file only they referred to with it; the visitor's shared file stays.
    assert list(Export.objects.values_list("requested_by", flat=True)) == [None]
    assert ExportFile.objects.count() == 1
    assert visitor.get(reverse("exports:download", args=[Export.objects.get().pk])).content == (
        shared.content
    )


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
    unknown = client.post(
        "/api/v1/exports",
        {"kind": "tests.nothing", "subject": "x", "format": "csv"},
        content_type="application/json",
        headers={"Authorization": token, "Accept-Language": "fr"},
    )
    assert unknown.status_code == 400
    [message] = unknown.json()["errors"]["kind"]
    assert message.startswith("Il n'existe pas de type d'export 'tests.nothing'")
    assert "tests.echo" in message  # the kinds there are
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


def test_the_status_page_names_the_document_and_links_back_to_its_page(
    client: Client, monkeypatch
) -> None:
    """Issue 13: the page had no way back and was titled after the subject ("dia")."""
    kind = registry.ExportKind(
        key="tests.paged",
        label="Echo plan",
        formats=("pdf",),
        can_request=_can_request,
        render=_render,
        page=lambda subject: f"/plans/{subject}/",
    )
    monkeypatch.setitem(registry._KINDS, kind.key, kind)
    page = client.get(ask(client, "public-plan", kind="tests.paged")["Location"]).content.decode()
    assert "<title>Echo plan (PDF)" in page
    assert "<h1>Echo plan (PDF)</h1>" in page
    assert '<a href="/plans/public-plan/">← Back to the Echo plan</a>' in page
    # A kind without a page has no back link, and still its name.
    plain = client.get(ask(client, "public-plan")["Location"]).content.decode()
    assert "<h1>Echo (PDF)</h1>" in plain
    assert "Back to the" not in plain


def test_every_registered_document_links_back_to_a_page() -> None:
    # a subject is a partnership's slug or an object's id, depending on the kind
    for kind in registry.list_kinds():
        if not kind.key.startswith("tests."):
            assert any(kind.page_url(subject).startswith("/") for subject in ("dia", "1")), kind.key


# ------------------------------------------------------------------ a full disk (issue 11)

BIG = 1_000_000  # bytes of a made file too big for the room left


@pytest.fixture
def big_kind(monkeypatch):  # type: ignore[no-untyped-def]
    """A document of 1 MB; made through a temporary file when its subject says so."""

    def render(request: registry.ExportRequest) -> registry.RenderedFile:
        RENDERED.append(request.subject)
        content = b"%PDF-1.7\n" + b"x" * BIG
        if request.subject == "through-a-file":
            import tempfile

            with tempfile.TemporaryFile() as scratch:
                scratch.write(content)
                scratch.flush()
                scratch.seek(0)
                content = scratch.read()
        return registry.RenderedFile(filename="big.pdf", content=content)

    kind = registry.ExportKind(
        key="tests.big",
        label="Big",
        formats=("pdf",),
        can_request=lambda user, subject: True,
        render=render,
        cache_key=lambda request: f"big-{request.subject}",
    )
    monkeypatch.setitem(registry._KINDS, kind.key, kind)
    return kind


def _assert_failed_for_want_of_room(client: Client, asked) -> None:  # type: ignore[no-untyped-def]
    export = Export.objects.get(pk=asked["Location"].split("/")[-2])
    assert export.status == ExportStatus.FAILED
    assert (export.file_id, export.size, export.filename) == (None, None, "")
    assert not ExportFile.objects.exists()  # nothing half-kept
    assert export.cache_key.startswith(f"big-{export.subject}@")  # as asked; never reused: failed
    page = client.get(asked["Location"]).content.decode()
    assert "no room to store this document" in page
    assert re.search(r"the reference [0-9a-f]{12}", page)
    for internal in ("disk is full", "OSError", "Errno", "File too large", "Traceback"):
        assert internal not in page
    no_file = client.get(asked["Location"] + "file/")  # no file: back to the status page
    assert (no_file.status_code, no_file["Location"]) == (302, asked["Location"])


@pytest.mark.django_db(transaction=True)  # as the worker runs: no test transaction around it
def test_a_database_too_full_for_the_file_fails_the_export_and_keeps_nothing(
    client: Client,
    big_kind,
    caplog,  # type: ignore[no-untyped-def]
) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's max_page_count makes the database itself refuse to grow")
    asked = ask(client, "plan", kind="tests.big")
    after = ask(client, "after", kind="tests.big")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute("PRAGMA page_size")
        (page_size,) = cursor.fetchone()
        # Room for the small writes of the worker, not for a 1 MB file: SQLITE_FULL, the
        # error a full disk gives ("database or disk is full").
        cursor.execute(f"PRAGMA max_page_count = {pages + 65_536 // page_size}")
    try:
        with caplog.at_level("ERROR", logger="crosscluster.exports.jobs"):
            assert run_queued_tasks() == 2  # the worker went on after the first failure
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 4294967294")
    _assert_failed_for_want_of_room(client, asked)
    _assert_failed_for_want_of_room(client, after)
    assert "database or disk is full" in caplog.text  # the cause, for the administrators
    # With room again, asking again makes it.
    again = ask(client, "plan", kind="tests.big")
    run_queued_tasks()
    export = Export.objects.get(pk=again["Location"].split("/")[-2])
    assert (export.status, export.size) == (ExportStatus.DONE, BIG + 9)


def test_a_full_disk_while_the_file_is_made_fails_the_export_clearly(
    client: Client, big_kind
) -> None:
    # A real write failure from the operating system, as in the uploads' test: files of this
    # process may not grow past 100 kB (RLIMIT_FSIZE; its signal ignored, so the write fails
    # with EFBIG, as a full disk fails it with ENOSPC).
    import resource
    import signal

    asked = ask(client, "through-a-file", kind="tests.big")
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, hard))
    try:
        assert run_queued_tasks() == 1
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous_handler)
    _assert_failed_for_want_of_room(client, asked)


# ------------------------------------------------- reuse only what the asker may see (issue 11)


def test_a_file_whose_content_changed_while_it_was_made_is_never_handed_to_someone_else(
    cast, client: Client, monkeypatch
) -> None:
    """A member asks while the plan shows members nothing more than the public; while the file
    is made, a members-only line is added and goes into the file. A visitor whose view of the
    plan is still what the member's was before must not be handed that file."""
    state = {"hidden_line": False}

    def view(request: registry.ExportRequest) -> str:
        member = request.user.is_authenticated
        return "plan+hidden" if member and state["hidden_line"] else "plan"

    def render(request: registry.ExportRequest) -> registry.RenderedFile:
        RENDERED.append(request.subject)
        state["hidden_line"] = True  # changed by someone else while this file is made
        return registry.RenderedFile(filename="plan.pdf", content=view(request).encode())

    kind = registry.ExportKind(
        key="tests.plan",
        label="Plan",
        formats=("pdf",),
        can_request=lambda user, subject: True,
        render=render,
        cache_key=lambda request: registry.content_fingerprint(
            request.subject, {"v": view(request)}
        ),
    )
    monkeypatch.setitem(registry._KINDS, kind.key, kind)
    member = Client()
    member.login(email=cast.sme_member.email, password=PASSWORD)
    asked = ask(member, "plan", kind="tests.plan")
    run_queued_tasks()
    made = Export.objects.get(pk=asked["Location"].split("/")[-2])
    assert made.status == ExportStatus.DONE
    assert bytes(member.get(asked["Location"] + "file/").content) == b"plan+hidden"
    assert made.cache_key == ""  # not offered to anyone else

    visitor = ask(client, "plan", kind="tests.plan")
    export = Export.objects.get(pk=visitor["Location"].split("/")[-2])
    assert export.status == ExportStatus.QUEUED  # made for the visitor, not the member's file
    run_queued_tasks()
    assert client.get(visitor["Location"] + "file/").content == b"plan"
    assert RENDERED == ["plan", "plan"]


def test_a_file_is_reused_for_someone_else_only_with_the_same_view(
    cast, client: Client, monkeypatch
) -> None:
    """The key is the fingerprint of what each person may see: the member's file is never the
    visitor's, two people who see the same get one rendering."""

    def view(request: registry.ExportRequest) -> str:
        return "plan+members" if request.user.is_authenticated else "plan"

    def render(request: registry.ExportRequest) -> registry.RenderedFile:
        RENDERED.append(request.subject)
        return registry.RenderedFile(filename="plan.pdf", content=view(request).encode())

    kind = registry.ExportKind(
        key="tests.plan",
        label="Plan",
        formats=("pdf",),
        can_request=lambda user, subject: True,
        render=render,
        cache_key=lambda request: registry.content_fingerprint(
            request.subject, {"v": view(request)}
        ),
    )
    monkeypatch.setitem(registry._KINDS, kind.key, kind)
    member = Client()
    member.login(email=cast.sme_member.email, password=PASSWORD)
    mine = ask(member, "plan", kind="tests.plan")
    run_queued_tasks()
    visitor = ask(client, "plan", kind="tests.plan")
    assert Export.objects.get(pk=visitor["Location"].split("/")[-2]).status == ExportStatus.QUEUED
    run_queued_tasks()
    assert client.get(visitor["Location"] + "file/").content == b"plan"
    colleague = Client()
    colleague.login(email=cast.coordinator.email, password=PASSWORD)
    theirs = ask(colleague, "plan", kind="tests.plan")
    shared = Export.objects.get(pk=theirs["Location"].split("/")[-2])
    assert shared.status == ExportStatus.DONE  # the same view: the member's file, not made again
    assert shared.requested_by == cast.coordinator
    assert colleague.get(theirs["Location"] + "file/").content == b"plan+members"
    assert member.get(mine["Location"] + "file/").content == b"plan+members"
    assert RENDERED == ["plan", "plan"]
