from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "crosscluster.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"
