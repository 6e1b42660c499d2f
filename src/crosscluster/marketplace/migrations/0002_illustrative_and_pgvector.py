"""Opportunity.is_illustrative (demo content); pgvector's table for nearest-candidate search.

The table is created only where the server offers the ``vector`` extension.

SQLite, and PostgreSQL without the ``vector`` extension (CI's Debian PostgreSQL 15), skip it: the
matcher then searches exactly with numpy (crosscluster.marketplace.vector_search). The SQL is
spelled out here, not imported, so later edits of the module cannot change this migration.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import migrations, models, transaction

logger = logging.getLogger(__name__)

SCHEMA = (
    "CREATE EXTENSION IF NOT EXISTS vector",
    """CREATE TABLE IF NOT EXISTS marketplace_profile_embedding (
        profile_key varchar(40) PRIMARY KEY,
        model_name varchar(80) NOT NULL,
        text_hash varchar(64) NOT NULL,
        embedding vector(384) NOT NULL
    )""",
    """CREATE INDEX IF NOT EXISTS marketplace_profile_embedding_hnsw
        ON marketplace_profile_embedding
        USING hnsw (embedding vector_ip_ops) WITH (m = 16, ef_construction = 128)""",
)


def create(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        if cursor.fetchone() is None:
            logger.info("pgvector is not available: nearest candidates stay exact (numpy)")
            return
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint: failure leaves no trace
                for statement in SCHEMA:
                    cursor.execute(statement)
        except Exception as error:  # e.g. not allowed to CREATE EXTENSION (needs a superuser)
            logger.warning("pgvector table not created (%s): search stays exact (numpy)", error)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS marketplace_profile_embedding")


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="is_illustrative",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
