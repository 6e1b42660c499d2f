from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "crosscluster.demo"
    label = "demo"
    verbose_name = "Demo data"
