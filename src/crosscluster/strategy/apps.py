from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "crosscluster.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    def ready(self) -> None:
        from crosscluster.exports.registry import register
        from crosscluster.strategy.documents import JOINT_INTERNATIONALISATION_STRATEGY

        register(JOINT_INTERNATIONALISATION_STRATEGY)
