from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "crosscluster.core"
    label = "core"
    verbose_name = "Core"
