"""Made files move out of the exports into one shared table: every file kept, identical bytes
stored once, a done export still downloads its file (migration 0004)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("exports", "0003_language")]
MADE = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_existing_files_move_to_shared_rows_identical_bytes_once() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    ids = [uuid.uuid4() for _ in range(4)]
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("exports", "Export")
        done = {"status": "done", "filename": "jis.pdf", "requested_at": MADE, "finished_at": MADE}
        old.objects.create(
            id=ids[0], kind="k", subject="a", file_format="pdf", content=b"same", **done
        )
        old.objects.create(
            id=ids[1], kind="k", subject="a", file_format="pdf", content=b"same", **done
        )
        old.objects.create(
            id=ids[2], kind="k", subject="b", file_format="pdf", content=b"other", **done
        )
        old.objects.create(
            id=ids[3], kind="k", subject="c", file_format="pdf", status="queued", requested_at=MADE
        )
    finally:
        # Forward again whatever happened, so that later tests find every table.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from crosscluster.exports import queries
    from crosscluster.exports.models import Export, ExportFile

    try:
        exports = {export.pk: export for export in Export.objects.filter(pk__in=ids)}
        assert exports[ids[0]].file_id == exports[ids[1]].file_id != exports[ids[2]].file_id
        assert exports[ids[3]].file_id is None
        assert queries.get_content(export=exports[ids[1]]) == b"same"
        assert queries.get_content(export=exports[ids[2]]) == b"other"
        files = ExportFile.objects.filter(exports__pk__in=ids).distinct()
        assert sorted(file.size for file in files) == [4, 5]
        assert all(file.created_at == MADE for file in files)
    finally:
        Export.objects.filter(pk__in=ids).delete()
        ExportFile.objects.filter(exports__isnull=True).delete()
