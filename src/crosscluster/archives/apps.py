from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "crosscluster.archives"
    label = "archives"
    verbose_name = "Partnership archives"

    def ready(self) -> None:
        from crosscluster.archives import documents
        from crosscluster.exports.registry import register

        register(documents.PARTNERSHIP_ARCHIVE)
