# A made file is stored once (ExportFile) and referred to by every export that hands it out
# (issue 11): the bytes move out of Export.content; identical bytes become one file. The old
# column goes in 0005, in its own transaction (PostgreSQL refuses to alter a table with the
# foreign-key checks of this migration's updates still pending).

import hashlib

import django.db.models.deletion
from django.db import migrations, models


def move_content_to_files(apps, schema_editor):
    Export = apps.get_model("exports", "Export")
    ExportFile = apps.get_model("exports", "ExportFile")
    files: dict[str, int] = {}
    made = Export.objects.filter(content__isnull=False).only("pk", "content", "finished_at")
    for export in made.iterator(chunk_size=50):
        content = bytes(export.content)
        digest = hashlib.sha256(content).hexdigest()
        if digest not in files:
            files[digest] = ExportFile.objects.create(
                content=content, size=len(content), created_at=export.finished_at
            ).pk
        Export.objects.filter(pk=export.pk).update(file_id=files[digest])


def move_files_back(apps, schema_editor):
    Export = apps.get_model("exports", "Export")
    for export in Export.objects.filter(file__isnull=False).select_related("file"):
        Export.objects.filter(pk=export.pk).update(content=export.file.content)


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0003_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("content", models.BinaryField(editable=False)),
                ("size", models.PositiveIntegerField()),
                ("created_at", models.DateTimeField()),
            ],
        ),
        migrations.AddField(
            model_name="export",
            name="file",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="exports",
                to="exports.exportfile",
            ),
        ),
        # the old rule (a done export has content) goes before the bytes move, and comes back
        # after they are moved back when going backwards
        migrations.RemoveConstraint(
            model_name="export",
            name="export_done_has_file",
        ),
        migrations.RunPython(move_content_to_files, move_files_back),
    ]
