from django.apps import AppConfig


class BusinessPlanConfig(AppConfig):
    name = "crosscluster.businessplan"
    label = "businessplan"
    verbose_name = "Business plan"
