"""The export worker reads the plan once a file (``BUSINESS_PLAN.prepare``): not once for the
content key, once to render and once for the key again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from crosscluster.businessplan import documents, queries
from crosscluster.businessplan.tests.helpers import build_plan
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports.models import Export, ExportStatus
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_worker_reads_the_plan_once_a_file(cast, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build_plan(cast)
    reads: list[Any] = []
    real = queries.build_snapshot

    def spy(view: Any, **kwargs: Any) -> dict[str, Any]:
        reads.append(view)
        return real(view, **kwargs)

    monkeypatch.setattr(queries, "build_snapshot", spy)
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    asked = client.post(
        reverse("exports:request"),
        {"kind": "businessplan.plan", "subject": cast.partnership.slug, "format": "xlsx"},
    )
    assert asked.status_code == 302
    assert len(reads) == 1  # the request's key, in the web process
    reads.clear()
    run_queued_tasks()
    assert len(reads) == 1  # the worker: one read for the key and the file
    export = Export.objects.get()
    assert export.status == ExportStatus.DONE
    assert export.cache_key.startswith("sha256:")
    made = client.get(asked["Location"] + "file/")
    summary = load_workbook(io.BytesIO(made.content))["Summary"]
    assert str(summary["A1"].value).startswith("Business plan 2026-2027")
    assert made["Content-Type"] == documents.XLSX_CONTENT_TYPE
