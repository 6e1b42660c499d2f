"""Asking for a list file (CSV, XLSX) as a person does on a page, and reading it back: for the
tests that compare a page's rows with the file's."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.core.tasks import run_queued_tasks


def download_file(
    client: Client, kind: str, subject: str, file_format: str, *, language: str = "en"
) -> HttpResponse:
    """Press the page's button on the page of ``language`` (``POST /de/exports/``), let the
    worker make the file, download it."""
    with translation.override(language):
        address = reverse("exports:request")
    asked = client.post(address, {"kind": kind, "subject": subject, "format": file_format})
    assert asked.status_code == 302, asked.content
    run_queued_tasks()
    response = client.get(asked["Location"] + "file/")
    assert response.status_code == 200, response
    return response  # type: ignore[no-any-return]


def make_list_file(client: Client, kind: str, subject: str, file_format: str) -> bytes:
    """Press the page's button (``POST /exports/``), let the worker make it, download it."""
    return download_file(client, kind, subject, file_format).content


def file_names(response: HttpResponse) -> tuple[str, str]:
    """The ASCII ``filename`` and the UTF-8 ``filename*`` of a download's
    ``Content-Disposition``, both read back."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    plain = disposition.split('filename="', 1)[1].split('"', 1)[0]
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    return plain, unquote(encoded)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    """A CSV list file's rows by column name (UTF-8 with a BOM)."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
