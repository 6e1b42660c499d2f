from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "crosscluster.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self) -> None:
        from crosscluster.conversations import queries, services
        from crosscluster.notifications.services import NotificationKind, register_kind

        def can_see(user, subject_id):  # type: ignore[no-untyped-def]
            return queries.can_see_conversation(user=user, conversation_id=subject_id)

        register_kind(
            NotificationKind(
                key=services.INVITATION_NOTICE,
                label=_("Invitations to talk"),
                help_text=_("A need's owner invites your organisation to talk, and the answers."),
                default_frequency="immediately",
                can_see=can_see,
            )
        )
        register_kind(
            NotificationKind(
                key=services.MESSAGE_NOTICE,
                label=_("Conversation messages"),
                help_text=_("New messages in your organisation's conversations."),
                default_frequency="immediately",
                can_see=can_see,
            )
        )
        register_kind(
            NotificationKind(
                key=services.SLOT_NOTICE,
                label=_("Slots proposed to meet at"),
                help_text=_(
                    "A slot of a coming study visit or event is proposed to meet at in "
                    "one of your organisation's conversations, and the answers."
                ),
                default_frequency="immediately",
                can_see=lambda user, subject_id: queries.can_see_slot_proposal(
                    user=user, proposal_id=subject_id
                ),
            )
        )
