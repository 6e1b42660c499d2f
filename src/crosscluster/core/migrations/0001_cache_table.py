"""The database cache's table (settings.CACHES without Redis), created by ``migrate``.

Django makes it with ``createcachetable``; running that here means every ``migrate`` (``make
run``, deployments, CI) has it, and it is a no-op when the table exists or Redis is the cache.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list[tuple[str, str]] = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
