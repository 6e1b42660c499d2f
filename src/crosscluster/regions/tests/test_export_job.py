"""The export worker reads the guidelines once a file (``GUIDELINES.prepare``): not once for the
content key, once to render and once for the key again (0.2-0.4 s each on the demo). The file
is the one the renderers make of that snapshot, and the key names that very snapshot, in the
language the requester reads (so a second reader of the same language gets the same file)."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports.models import Export, ExportStatus
from crosscluster.regions import documents, queries
from crosscluster.regions.documents import guidelines
from crosscluster.regions.tests.helpers import NOW
from crosscluster.regions.tests.test_exports import full
from crosscluster.strategy.tests.helpers import pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every read of the guidelines (``queries.build_guidelines``), by its arguments; the
    clock of the export kind fixed at ``NOW`` so the file can be compared."""
    calls: list[dict[str, Any]] = []
    real = queries.build_guidelines

    def spy(**kwargs: Any) -> dict[str, Any]:
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(queries, "build_guidelines", spy)
    monkeypatch.setattr(guidelines, "timezone", SimpleNamespace(now=lambda: NOW))
    return calls


def ask(client: Client, subject: str, file_format: str, language: str = "en") -> str:
    with translation.override(language):
        url = reverse("exports:request")
    asked = client.post(
        url, {"kind": "regions.guidelines", "subject": subject, "format": file_format}
    )
    assert asked.status_code == 302
    return str(asked["Location"])


def member_client(email: str) -> Client:
    client = Client()
    client.login(email=email, password=PASSWORD)
    return client


def docx_content(content: bytes) -> list[list[str]]:
    document = Document(io.BytesIO(content))
    return [[paragraph.text for paragraph in document.paragraphs]] + [
        [cell.text for row in table.rows for cell in row.cells] for table in document.tables
    ]


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_the_worker_reads_the_guidelines_once_and_makes_the_same_file(
    cast, reads: list[dict[str, Any]], file_format: str
) -> None:
    full(cast)
    reads.clear()
    client = member_client(cast.sme_member.email)
    status = ask(client, cast.partnership.slug, file_format)
    assert len(reads) == 1  # the request's own key, in the web process
    reads.clear()
    run_queued_tasks()
    assert len(reads) == 1  # the worker: one read for the key and the file
    made = client.get(status + "file/")
    assert made.status_code == 200
    snapshot = documents.build_export_snapshot(partnership=cast.partnership, now=NOW)
    if file_format == "pdf":
        expected = documents.export_pdf(snapshot, generated_at=NOW)
        assert made.content == expected  # byte for byte
        assert "Mecklenburg-Vorpommern (DE80)" in pdf_text(made.content)
    else:  # a DOCX zip records the time it was written: compared by its text and tables
        expected = documents.export_docx(snapshot, generated_at=NOW)
        assert docx_content(made.content) == docx_content(expected)
    export = Export.objects.get()
    assert export.status == ExportStatus.DONE
    assert export.filename == f"tda-s3-guidelines.{file_format}"
    assert export.cache_key.endswith("@en")


def test_a_second_reader_of_the_same_language_gets_the_file_made_for_the_first(
    cast, reads: list[dict[str, Any]]
) -> None:
    """The worker's key is computed in the requester's language, as the request's is: a German
    reader's file is handed to the next German reader who sees the same, not made again."""
    full(cast)
    first = ask(member_client(cast.sme_member.email), cast.partnership.slug, "docx", "de")
    with translation.override("en"):  # the worker's own language (LANGUAGE_CODE)
        run_queued_tasks()
    made = Export.objects.get(pk=first.split("/")[-2])
    assert made.status == ExportStatus.DONE
    assert made.cache_key.endswith("@de")
    second = ask(member_client(cast.cluster_manager.email), cast.partnership.slug, "docx", "de")
    shared = Export.objects.get(pk=second.split("/")[-2])
    assert shared.pk != made.pk
    assert shared.status == ExportStatus.DONE  # not queued: the same content, the same file
    assert shared.file_id == made.file_id
