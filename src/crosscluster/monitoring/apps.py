from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "crosscluster.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
