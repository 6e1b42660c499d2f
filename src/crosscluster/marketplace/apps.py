from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "crosscluster.marketplace"
    label = "marketplace"
    verbose_name = "Marketplace"

    def ready(self) -> None:
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.marketplace.queries import personal_data

        register_part(PersonalDataPart(app="marketplace", collect=personal_data))
