"""Running a data migration again in a test: its app back to the migration before, then forward."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_from(app: str, migration: str) -> None:
    """``app`` back to ``migration`` and every app forward again (the later migrations run, the
    data migrations among them, on the rows the test wrote)."""
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([(app, migration)])
    finally:
        # forward again whatever happened, so later tests find every table
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
