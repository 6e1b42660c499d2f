from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "crosscluster.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.imports.queries import personal_data

        register_part(PersonalDataPart(app="imports", collect=personal_data))
        from crosscluster.core.personal_data import RetentionRule, register_rule
        from crosscluster.imports.services import apply_import_retention

        register_rule(
            RetentionRule(
                name="imports never imported, older than CROSSCLUSTER_IMPORT_RETENTION_DAYS",
                apply=apply_import_retention,
            )
        )
