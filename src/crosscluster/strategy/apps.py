from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "crosscluster.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        from crosscluster.exports.registry import register_path

        register_path(
            "strategy.jis", "crosscluster.strategy.documents.JOINT_INTERNATIONALISATION_STRATEGY"
        )
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.strategy.services.personal import erase_personal_data, personal_data

        register_part(
            PersonalDataPart(app="strategy", collect=personal_data, erase=erase_personal_data)
        )
