# A derived priority keeps the candidate it was adopted from as counts and tag keys, so its
# description can be worded in the reader's language (regions/wording.py). Adding the column is
# reversed by dropping it; rows adopted before keep their English description.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regions', '0002_recommendation_wording'),
    ]

    operations = [
        migrations.AddField(
            model_name='s3priority',
            name='wording',
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
