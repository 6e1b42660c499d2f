"""Asking for a list file (CSV, XLSX) as a person does on a page, and reading it back: for the
tests that compare a page's rows with the file's."""

from __future__ import annotations

import csv
import io

from django.test import Client

from crosscluster.core.tasks import run_queued_tasks


def make_list_file(client: Client, kind: str, subject: str, file_format: str) -> bytes:
    """Press the page's button (``POST /exports/``), let the worker make it, download it."""
    asked = client.post("/exports/", {"kind": kind, "subject": subject, "format": file_format})
    assert asked.status_code == 302, asked.content
    run_queued_tasks()
    return client.get(asked["Location"] + "file/").content


def csv_rows(content: bytes) -> list[dict[str, str]]:
    """A CSV list file's rows by column name (UTF-8 with a BOM)."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
