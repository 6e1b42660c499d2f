from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "crosscluster.marketplace"
    label = "marketplace"
    verbose_name = "Marketplace"
