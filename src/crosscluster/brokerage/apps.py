from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokerageConfig(AppConfig):
    name = "crosscluster.brokerage"
    label = "brokerage"
    verbose_name = "B2B brokerage"

    def ready(self) -> None:
        from crosscluster.brokerage import queries, services
        from crosscluster.marketplace import queries as marketplace_queries
        from crosscluster.notifications.services import NotificationKind, register_kind

        register_kind(
            NotificationKind(
                key=services.REQUEST_NOTICE,
                label=_("B2B meeting requests"),
                help_text=_("Requests for a meeting with you, and the answers to yours."),
                default_frequency="immediately",
                can_see=lambda user, subject_id: queries.can_see_request(
                    user=user, request_id=subject_id
                ),
            )
        )
        register_kind(
            NotificationKind(
                key=services.BOOKING_NOTICE,
                label=_("Free B2B slots booked on site"),
                help_text=_("A free slot proposed to you, and the answer to yours."),
                default_frequency="immediately",
                can_see=lambda user, subject_id: queries.can_see_booking(
                    user=user, booking_id=subject_id
                ),
            )
        )
        register_kind(
            NotificationKind(
                key=services.NEED_NOTICE,
                label=_("Needs heard at B2B meetings"),
                help_text=_("A need recorded at a meeting is a draft for your organisation."),
                default_frequency="immediately",
                can_see=lambda user, subject_id: marketplace_queries.can_see_opportunity(
                    user=user, opportunity_id=subject_id
                ),
            )
        )
        from crosscluster.exports.registry import register_path

        register_path("brokerage.agenda", "crosscluster.brokerage.documents.agenda.AGENDA")
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
        # the organiser page's lists as files (docs/brokerage.md "Lists as files")
        lists = "crosscluster.brokerage.documents.lists"
        register_path("brokerage.meetings", f"{lists}.MEETINGS_LIST")
        register_path("brokerage.agreements", f"{lists}.AGREEMENTS_LIST")
        badges = "crosscluster.brokerage.documents.badges"
        register_path("brokerage.badges", f"{badges}.BADGES_A6")
        register_path("brokerage.badges-a4", f"{badges}.BADGES_A4")
