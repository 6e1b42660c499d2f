from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "crosscluster.regions"
    label = "regions"
    verbose_name = "Regions and S3 guidelines"
