# The bytes now live in ExportFile (0004): the old column goes, and a done export must refer
# to a file.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0004_shared_files"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="export",
            name="content",
        ),
        migrations.AddConstraint(
            model_name="export",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "done"), _negated=True),
                    models.Q(
                        ("file__isnull", False),
                        ("finished_at__isnull", False),
                        models.Q(("filename", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="export_done_has_file",
            ),
        ),
    ]
