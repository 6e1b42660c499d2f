from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "crosscluster.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.partnerships.queries import personal_data

        register_part(PersonalDataPart(app="partnerships", collect=personal_data))
