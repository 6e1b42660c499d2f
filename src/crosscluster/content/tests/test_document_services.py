"""Uploading documents: type by content, size limit, digest, unguessable storage, no leftovers."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import DatabaseError

from crosscluster.content import services
from crosscluster.content.models import Document
from crosscluster.content.tests import samples
from crosscluster.content.tests.helpers import make_document, stored_files
from crosscluster.content.tests.samples import upload

pytestmark = pytest.mark.django_db


def upload_as(user, partnership, file, **fields):  # type: ignore[no-untyped-def]
    values = {
        "title": "Strategy",
        "kind": "report",
        "document_date": dt.date(2019, 12, 17),
        "version": "1.0",
        "visibility": "public",
    }
    values.update(fields)
    return services.upload_document(user=user, partnership=partnership, file=file, **values)


@pytest.mark.parametrize(
    ("content", "name", "content_type", "offered"),
    [
        (samples.pdf_bytes(), "strategy.pdf", "application/pdf", "strategy.pdf"),
        (samples.docx_bytes(), "strategy.docx", services.files.DOCX.content_type, "strategy.docx"),
        (samples.xlsx_bytes(), "kpis.xlsx", services.files.XLSX.content_type, "kpis.xlsx"),
        (samples.pptx_bytes(), "visit.pptx", services.files.PPTX.content_type, "visit.pptx"),
        (samples.png_bytes(), "logo.png", "image/png", "logo.png"),
        (samples.image_bytes("JPEG"), "photo.jpg", "image/jpeg", "photo.jpg"),
        (samples.image_bytes("GIF"), "anim.gif", "image/gif", "anim.gif"),
        (samples.image_bytes("WEBP"), "photo.webp", "image/webp", "photo.webp"),
        # The name and the browser lie: the content decides.
        (samples.pdf_bytes(), "cute-cat.png", "application/pdf", "cute-cat.png.pdf"),
    ],
)
def test_upload_records_type_size_digest_and_stores_the_bytes(
    cast, private_media, content: bytes, name: str, content_type: str, offered: str
) -> None:
    # The browser always claims a PNG here; only the content counts.
    document = upload_as(cast.coordinator, cast.partnership, upload(name, content, "image/png"))
    document.refresh_from_db()
    assert document.content_type == content_type
    assert document.original_filename == offered
    assert document.size_bytes == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.uploaded_by == cast.coordinator
    [stored] = stored_files(private_media)
    assert stored.read_bytes() == content
    assert stored.relative_to(private_media).as_posix() == document.file.name


def test_stored_names_are_unguessable_and_not_the_users(cast, private_media) -> None:
    first = make_document(cast.partnership, name="budget.pdf")
    second = make_document(cast.partnership, name="budget.pdf")
    names = [first.file.name, second.file.name]
    assert names[0] != names[1]
    for name in names:
        assert "budget" not in name
        assert name.startswith("documents/")
        assert name.endswith(".pdf")
        token = os.path.basename(name).removesuffix(".pdf")
        assert len(token) >= 32  # 24 random bytes, URL-safe base64


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (samples.SVG, "SVG images are not accepted because they can carry scripts"),
        (samples.plain_zip_bytes(), "not a DOCX, XLSX or PPTX"),
        (b"", "The file is empty"),
        (b"#!/bin/sh\nrm -rf /\n", "upload a PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF or WebP file"),
    ],
    ids=["svg", "zip", "empty", "script"],
)
def test_refused_content_leaves_no_row_and_no_file(cast, private_media, content, hint) -> None:
    with pytest.raises(ValidationError) as refused:
        upload_as(cast.coordinator, cast.partnership, upload("ok.pdf", content, "application/pdf"))
    assert list(refused.value.message_dict) == ["file"]
    assert hint in refused.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_the_size_limit_is_named_in_megabytes(cast, settings, private_media) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    content = samples.pdf_bytes(padding=1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        upload_as(cast.coordinator, cast.partnership, upload("big.pdf", content))
    [message] = refused.value.message_dict["file"]
    assert "the limit is 1 MB" in message
    assert "compress it or split it" in message
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_a_stream_without_a_size_is_measured_against_the_limit(cast, settings) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    stream = io.BytesIO(samples.pdf_bytes(padding=1024 * 1024))  # no .size attribute
    with pytest.raises(ValidationError) as refused:
        upload_as(cast.coordinator, cast.partnership, stream)
    assert "larger than the limit of 1 MB" in refused.value.message_dict["file"][0]


def test_metadata_errors_and_file_errors_are_reported_together(cast, private_media) -> None:
    with pytest.raises(ValidationError) as refused:
        upload_as(
            cast.coordinator,
            cast.partnership,
            upload("x.svg", samples.SVG),
            title="",
            kind="poem",
            version="",
            visibility="world",
        )
    assert set(refused.value.message_dict) == {"file", "title", "kind", "version", "visibility"}
    assert "Choose one of: report, deliverable" in refused.value.message_dict["kind"][0]
    assert stored_files(private_media) == []


def test_a_failed_database_write_leaves_no_file(cast, private_media, monkeypatch) -> None:
    def disk_full(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseError("database or disk is full")

    monkeypatch.setattr(Document, "save", disk_full)
    with pytest.raises(DatabaseError):
        upload_as(cast.coordinator, cast.partnership, upload("a.pdf", samples.pdf_bytes()))
    monkeypatch.undo()
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_upload(cast, private_media, who: str) -> None:
    with pytest.raises(PermissionDenied):
        upload_as(getattr(cast, who), cast.partnership, upload("a.pdf", samples.pdf_bytes()))
    assert stored_files(private_media) == []


def test_administrators_upload(cast) -> None:
    document = upload_as(cast.administrator, cast.partnership, upload("a.pdf", samples.pdf_bytes()))
    assert document.uploaded_by == cast.administrator


def test_metadata_update(cast, private_media) -> None:
    document = make_document(cast.partnership)
    stored_before = stored_files(private_media)
    services.update_document(
        user=cast.coordinator,
        document=document,
        changes=services.DocumentChanges(
            title="Strategy, final", version="2.0", visibility="private"
        ),
    )
    document.refresh_from_db()
    assert (document.title, document.version, document.visibility) == (
        "Strategy, final",
        "2.0",
        "private",
    )
    assert stored_files(private_media) == stored_before


def test_a_new_version_replaces_the_file_once_committed(
    cast, private_media, django_capture_on_commit_callbacks
) -> None:
    document = make_document(cast.partnership)
    old_name = document.file.name
    new_content = samples.docx_bytes("Version two")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_document(
            user=cast.coordinator,
            document=document,
            changes=services.DocumentChanges(version="2.0"),
            file=upload("strategy-v2.docx", new_content),
        )
    document.refresh_from_db()
    assert document.file.name != old_name
    assert document.content_type == services.files.DOCX.content_type
    assert document.original_filename == "strategy-v2.docx"
    assert document.sha256 == hashlib.sha256(new_content).hexdigest()
    [stored] = stored_files(private_media)
    assert stored.read_bytes() == new_content


def test_a_refused_new_version_keeps_the_old_file_and_metadata(cast, private_media) -> None:
    document = make_document(cast.partnership)
    before = stored_files(private_media)
    with pytest.raises(ValidationError):
        services.update_document(
            user=cast.coordinator,
            document=document,
            changes=services.DocumentChanges(version="2.0"),
            file=upload("v2.svg", samples.SVG),
        )
    document.refresh_from_db()
    assert document.version == "1.0"
    assert stored_files(private_media) == before


def test_a_failed_database_write_of_a_new_version_removes_the_new_file(
    cast, private_media, monkeypatch
) -> None:
    document = make_document(cast.partnership)
    before = stored_files(private_media)

    def disk_full(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseError("database or disk is full")

    monkeypatch.setattr(Document, "save", disk_full)
    with pytest.raises(DatabaseError):
        services.update_document(
            user=cast.coordinator,
            document=document,
            changes=services.DocumentChanges(),
            file=upload("v2.png", samples.png_bytes()),
        )
    monkeypatch.undo()
    assert document.content_type == "application/pdf"  # the instance was restored too
    document.refresh_from_db()
    assert document.content_type == "application/pdf"
    assert stored_files(private_media) == before


def test_delete_removes_the_row_and_then_the_file(
    cast, private_media, django_capture_on_commit_callbacks
) -> None:
    document = make_document(cast.partnership)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_document(user=cast.coordinator, document=document)
    assert not Document.objects.exists()
    assert len(stored_files(private_media)) == 1  # not before the commit
    for callback in callbacks:
        callback()
    assert stored_files(private_media) == []


def test_outsiders_cannot_delete(cast, private_media) -> None:
    document = make_document(cast.partnership)
    with pytest.raises(PermissionDenied):
        services.delete_document(user=cast.outsider, document=document)
    assert Document.objects.count() == 1


def test_prune_deletes_only_old_unreferenced_files(cast, private_media) -> None:
    kept = make_document(cast.partnership)
    orphan = private_media / "documents" / "2019" / "01" / "orphan.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(samples.pdf_bytes())
    fresh = private_media / "documents" / "2019" / "01" / "fresh.pdf"
    fresh.write_bytes(samples.pdf_bytes())
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(orphan, (two_days_ago, two_days_ago))

    out = io.StringIO()
    call_command("prune_document_files", "--dry-run", stdout=out)
    assert "would delete documents/2019/01/orphan.pdf" in out.getvalue()
    assert orphan.exists()

    call_command("prune_document_files", stdout=io.StringIO())
    assert not orphan.exists()
    assert fresh.exists()  # may belong to an upload still in progress
    assert (private_media / kept.file.name).exists()


def test_a_full_disk_is_a_clear_error_that_leaves_no_file_and_no_row(cast, private_media) -> None:  # type: ignore[no-untyped-def]
    # A real write failure from the operating system: files of this process may not grow past
    # 100 kB (RLIMIT_FSIZE; the signal it sends is ignored so the write fails with EFBIG instead),
    # as a full disk fails a write with ENOSPC. The upload is 300 kB.
    import resource
    import signal

    big = samples.pdf_bytes("Annual report", padding=300_000)
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, hard))
    try:
        with pytest.raises(ValidationError) as caught:
            upload_as(cast.coordinator, cast.partnership, upload("report.pdf", big))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous_handler)
    assert "could not store the file" in caught.value.message_dict["file"][0]
    assert Document.objects.count() == 0
    assert stored_files(private_media) == []
