from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "crosscluster.directory"
    label = "directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        from crosscluster.directory.documents import ORGANISATIONS_LIST
        from crosscluster.exports.registry import register

        register(ORGANISATIONS_LIST)
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.directory.queries.personal import personal_data

        register_part(PersonalDataPart(app="directory", collect=personal_data))
