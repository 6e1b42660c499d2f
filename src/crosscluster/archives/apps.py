from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "crosscluster.archives"
    label = "archives"
    verbose_name = "Partnership archives"

    def ready(self) -> None:
        from crosscluster.exports.registry import register_path

        register_path("archives.partnership", "crosscluster.archives.documents.PARTNERSHIP_ARCHIVE")

        from crosscluster.archives.queries import personal_data
        from crosscluster.archives.services import apply_upload_retention
        from crosscluster.core.personal_data import (
            PersonalDataPart,
            RetentionRule,
            register_part,
            register_rule,
        )

        register_part(PersonalDataPart(app="archives", collect=personal_data))
        register_rule(
            RetentionRule(
                name="files of failed archive imports older than "
                "CROSSCLUSTER_IMPORT_RETENTION_DAYS",
                apply=apply_upload_retention,
            )
        )
