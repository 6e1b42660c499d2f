from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "crosscluster.imports"
    label = "imports"
    verbose_name = "Imports"
