from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "crosscluster.brokerage"
    label = "brokerage"
    verbose_name = "B2B brokerage"

    def ready(self) -> None:
        from crosscluster.brokerage.queries.personal import personal_data
        from crosscluster.brokerage.services.personal import erase_personal_data
        from crosscluster.core.personal_data import PersonalDataPart, register_part

        register_part(
            PersonalDataPart(
                app="brokerage",
                collect=personal_data,
                erase=erase_personal_data,
                kept=("brokerage.Participant",),
            )
        )
