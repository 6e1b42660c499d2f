from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "crosscluster.directory"
    label = "directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        from crosscluster.exports.registry import register_path

        register_path(
            "directory.organisations", "crosscluster.directory.documents.ORGANISATIONS_LIST"
        )
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.directory.queries.personal import personal_data

        register_part(PersonalDataPart(app="directory", collect=personal_data))
