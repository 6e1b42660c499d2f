from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "crosscluster.exports"
    label = "exports"
    verbose_name = "Generated documents"

    def ready(self) -> None:
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.exports.queries import personal_data
        from crosscluster.exports.services import erase_personal_data

        register_part(
            PersonalDataPart(app="exports", collect=personal_data, erase=erase_personal_data)
        )
        from crosscluster.core.personal_data import RetentionRule, register_rule
        from crosscluster.exports.services import apply_export_retention

        register_rule(
            RetentionRule(
                name="exports older than CROSSCLUSTER_EXPORT_RETENTION_DAYS",
                apply=apply_export_retention,
            )
        )
