from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "crosscluster.content"
    label = "content"
    verbose_name = "Content"

    def ready(self) -> None:
        from crosscluster.content.queries import personal_data
        from crosscluster.core.personal_data import PersonalDataPart, register_part

        register_part(PersonalDataPart(app="content", collect=personal_data))
