from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "crosscluster.exports"
    label = "exports"
    verbose_name = "Generated documents"
