"""Uploaded files do not stay: an imported file is emptied at once (test_imports), and
``apply_retention`` deletes imports never imported after ``CROSSCLUSTER_IMPORT_RETENTION_DAYS``
with their file; recent ones, imported ones and busy ones stay."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from crosscluster.imports.models import ImportStatus, OrganisationImport

pytestmark = pytest.mark.django_db


def _import(cast, status: str, days_ago: float, content: bytes = b"name,country\nA,FR\n"):  # type: ignore[no-untyped-def]
    return OrganisationImport.objects.create(
        cluster=cast.cluster,
        requested_by=cast.coordinator,
        file_name="members.csv",
        file_format="csv",
        content=content,
        status=status,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_apply_retention_deletes_old_uploads_never_imported(cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_RETENTION_DAYS = 7
    old = {
        status: _import(cast, status, 7.5)
        for status in (ImportStatus.QUEUED, ImportStatus.CHECKED, ImportStatus.FAILED)
    }
    recent = _import(cast, ImportStatus.CHECKED, 6.5)
    imported = _import(cast, ImportStatus.DONE, 30, content=b"")
    running = _import(cast, ImportStatus.IMPORTING, 8)  # left to finish (then emptied)
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert not OrganisationImport.objects.filter(pk__in=[row.pk for row in old.values()]).exists()
    kept = set(OrganisationImport.objects.values_list("pk", flat=True))
    assert kept == {recent.pk, imported.pk, running.pk}
    recent.refresh_from_db()
    assert bytes(recent.content).startswith(b"name,country")  # a recent file is still there
    assert "CROSSCLUSTER_IMPORT_RETENTION_DAYS" in out.getvalue()
