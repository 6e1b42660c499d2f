from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "crosscluster.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        from crosscluster.exports.registry import register_path

        documents = "crosscluster.monitoring.documents"
        register_path("monitoring.report", f"{documents}.PERIOD_REPORT")
        register_path("monitoring.indicators", f"{documents}.INDICATORS_LIST")
        register_path("monitoring.network_ties", f"{documents}.NETWORK_TIES_LIST")
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.monitoring.queries import personal_data

        register_part(PersonalDataPart(app="monitoring", collect=personal_data))
