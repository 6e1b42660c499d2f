from django.apps import AppConfig


class BusinessPlanConfig(AppConfig):
    name = "crosscluster.businessplan"
    label = "businessplan"
    verbose_name = "Business plan"

    def ready(self) -> None:
        from crosscluster.businessplan import documents
        from crosscluster.exports.registry import register

        register(documents.BUSINESS_PLAN)
