from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "crosscluster.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from crosscluster.notifications.registry import EARLIER, NotificationKind, register

        # The marketplace's notices from before the centre existed (moved by migration 0002):
        # already delivered, never e-mailed again.
        register(
            NotificationKind(
                key=EARLIER,
                label=_("Earlier notices"),
                default_frequency="never",
                configurable=False,
            )
        )
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.notifications.queries import personal_data

        register_part(PersonalDataPart(app="notifications", collect=personal_data))
