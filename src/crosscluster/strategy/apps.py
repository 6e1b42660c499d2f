from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "crosscluster.strategy"
    label = "strategy"
    verbose_name = "Strategy"
