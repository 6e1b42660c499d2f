"""Load the shared catalogue of financing instruments (crosscluster/data/funding)."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from crosscluster.businessplan.catalogue import load_catalogue

    load_catalogue(apps.get_model("businessplan", "FundingInstrument"), now=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("businessplan", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
