from django.db import migrations, models


def mark_online_events(apps, schema_editor):
    """An event with a link is held online; so is one whose only "place" was the word Online
    typed as its venue (the demo did that before this field existed): its venue is cleared."""
    Event = apps.get_model("events", "Event")
    Event.objects.exclude(online_url="").update(held_online=True)
    Event.objects.filter(
        venue_name__iexact="online", venue_address="", city="", country__isnull=True
    ).update(held_online=True, venue_name="")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_programme_item"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="held_online",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_online_events, migrations.RunPython.noop),
    ]
