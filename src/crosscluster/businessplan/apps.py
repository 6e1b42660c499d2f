from django.apps import AppConfig


class BusinessPlanConfig(AppConfig):
    name = "crosscluster.businessplan"
    label = "businessplan"
    verbose_name = "Business plan"

    def ready(self) -> None:
        from crosscluster.exports.registry import register_path

        register_path("businessplan.plan", "crosscluster.businessplan.documents.BUSINESS_PLAN")
