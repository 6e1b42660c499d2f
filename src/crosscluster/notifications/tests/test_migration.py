"""The marketplace's notifications move into the centre: every row kept, nothing e-mailed again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("marketplace", "0003_matches_provisional_and_reason_parts"),
    ("notifications", "0001_initial"),
]
MADE = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_every_marketplace_notification_is_kept() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        # Only the marketplace and notifications went back: people's table is as it is now.
        user = get_user_model().objects.create(email="old@example.eu", password="!")
        old_notice = old.get_model("marketplace", "Notification")
        old_notice.objects.create(
            recipient_id=user.pk, text="Unread news", url="/marketplace/7/", created_at=MADE
        )
        old_notice.objects.create(
            recipient_id=user.pk, text="Read news", created_at=MADE, read_at=MADE
        )
    finally:
        # Forward again whatever happened, so that later tests find every table.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from crosscluster.notifications.models import Notification

    rows = {row.text: row for row in Notification.objects.filter(recipient_id=user.pk)}
    assert set(rows) == {"Unread news", "Read news"}
    assert rows["Unread news"].url == "/marketplace/7/"
    assert rows["Unread news"].read_at is None
    assert rows["Read news"].read_at == MADE
    assert {row.kind for row in rows.values()} == {"notifications.earlier"}
    assert all(row.emailed_at == MADE and row.email_due == "" for row in rows.values())
    assert "marketplace_notification" not in connection.introspection.table_names()
