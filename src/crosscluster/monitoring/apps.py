from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "crosscluster.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        from crosscluster.exports.registry import register
        from crosscluster.monitoring.documents import (
            INDICATORS_LIST,
            NETWORK_TIES_LIST,
            PERIOD_REPORT,
        )

        register(PERIOD_REPORT)
        register(INDICATORS_LIST)
        register(NETWORK_TIES_LIST)
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.monitoring.queries import personal_data

        register_part(PersonalDataPart(app="monitoring", collect=personal_data))
