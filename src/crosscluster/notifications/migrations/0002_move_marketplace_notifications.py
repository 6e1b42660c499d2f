"""Move the marketplace's notifications into the notifications centre (issue 10, journey 6).

Every row is kept, read or not, with its text, link and times. The old rows carry no kind and
no subject: they become ``notifications.earlier`` (a kind nobody configures) and are marked as
e-mailed at their creation, since each was e-mailed, or deliberately not, when it was made.
"""

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("marketplace", "Notification")
    New = apps.get_model("notifications", "Notification")
    batch = []
    for row in Old.objects.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(
            New(
                recipient_id=row.recipient_id,
                kind="notifications.earlier",
                subject_id=None,
                text=row.text,
                url=row.url,
                created_at=row.created_at,
                read_at=row.read_at,
                emailed_at=row.created_at,
            )
        )
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Old = apps.get_model("marketplace", "Notification")
    New = apps.get_model("notifications", "Notification")
    Old.objects.bulk_create(
        [
            Old(
                recipient_id=row.recipient_id,
                text=row.text,
                url=row.url,
                created_at=row.created_at,
                read_at=row.read_at,
            )
            for row in New.objects.order_by("pk").iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
    )
    New.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("marketplace", "0003_matches_provisional_and_reason_parts"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
