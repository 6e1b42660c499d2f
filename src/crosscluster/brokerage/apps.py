from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "crosscluster.brokerage"
    label = "brokerage"
    verbose_name = "B2B brokerage"
