# Tokens get a scope and an expiry. Tokens made before could write and never expired: they keep
# the write scope and expire 90 days after this migration runs (their owners were never told of
# a date, so they get the default lifetime from now rather than being cut off at once).

import datetime

from django.db import migrations, models
from django.utils import timezone


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + datetime.timedelta(days=90), scope="write"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_self_service"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="read",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("scope__in", ["read", "write"])),
                name="api_token_scope_valid",
            ),
        ),
    ]
