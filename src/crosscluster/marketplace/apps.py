from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "crosscluster.marketplace"
    label = "marketplace"
    verbose_name = "Marketplace"

    def ready(self) -> None:
        from crosscluster.marketplace import queries, services
        from crosscluster.notifications.services import NotificationKind, register_kind

        register_kind(
            NotificationKind(
                key=services.OPPORTUNITY_NOTICE,
                label=_("Opportunities you follow"),
                help_text=_(
                    "New and closed opportunities of the partnerships and offers you follow."
                ),
                default_frequency="daily",
                can_see=lambda user, subject_id: queries.can_see_opportunity(
                    user=user, opportunity_id=subject_id
                ),
            )
        )
        register_kind(
            NotificationKind(
                key=services.INTEREST_NOTICE,
                label=_("Expressions of interest"),
                help_text=_(
                    "Interest in your organisation's opportunities, and the answers to yours."
                ),
                default_frequency="immediately",
                can_see=lambda user, subject_id: queries.can_see_interest(
                    user=user, interest_id=subject_id
                ),
            )
        )
        from crosscluster.exports.registry import register_path

        documents = "crosscluster.marketplace.documents"
        register_path("marketplace.opportunities", f"{documents}.OPPORTUNITIES_LIST")
        register_path("marketplace.matches", f"{documents}.MATCHES_LIST")
        from crosscluster.core.personal_data import PersonalDataPart, register_part

        register_part(PersonalDataPart(app="marketplace", collect=queries.personal_data))
