from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "crosscluster.regions"
    label = "regions"
    verbose_name = "Regions and S3 guidelines"

    def ready(self) -> None:
        from crosscluster.exports.registry import register_path

        register_path("regions.guidelines", "crosscluster.regions.documents.GUIDELINES")
