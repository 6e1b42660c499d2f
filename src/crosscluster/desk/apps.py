from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "crosscluster.desk"
    label = "desk"
    verbose_name = "Desk"
