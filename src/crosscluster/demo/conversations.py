"""Stage 10 (with the demo accounts): one open conversation, so a visitor sees journey 5 at once.

Built from what is loaded: an illustrative need of the German partner cluster (whose manager is
the demo cluster manager) and the company of the demo SME member, who accepted the invitation.
The pairing is chosen here, not by the matching engine (matches are computed in the background
after loading); the texts say they are illustrative. No personal data is invented: the two
people are the demo role accounts.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.conversations.models import Conversation, ConversationStatus, Message
from crosscluster.demo.accounts import MANAGER, MEMBER
from crosscluster.demo.partnership import get_or_create_partner_clusters
from crosscluster.marketplace.models import NEED_KINDS, Opportunity

INVITATION = "Illustrative conversation of the demo: the need's owner invites a provider to talk."
REPLY = "Illustrative reply of the demo: thank you, we would be glad to discuss the need."


def conversation_is_loaded() -> bool:
    return Conversation.objects.filter(invitation=INVITATION).exists()


def load_conversation() -> str:
    germany = get_or_create_partner_clusters()["germany"]
    manager = User.objects.get(email=MANAGER.email)
    member = User.objects.get(email=MEMBER.email)
    company = (
        OrganisationMembership.objects.filter(user=member)
        .exclude(organisation_id=germany.pk)
        .order_by("organisation_id")
        .first()
    )
    need = (
        Opportunity.objects.filter(owner=germany, kind__in=list(NEED_KINDS), is_illustrative=True)
        .order_by("pk")
        .first()
    )
    if company is None or need is None:
        return "none (no demo need of the German cluster, or no company of the demo member)"
    now = timezone.now()
    with transaction.atomic():
        conversation, _ = Conversation.objects.get_or_create(
            need=need,
            provider_id=company.organisation_id,
            defaults={
                "seeker": germany,
                "status": ConversationStatus.OPEN,
                "invitation": INVITATION,
                "invited_by": manager,
                "created_at": now,
                "answered_at": now,
                "answered_by": member,
            },
        )
        if not conversation.messages.exists():
            Message.objects.create(
                conversation=conversation,
                author=member,
                organisation_id=company.organisation_id,
                body=REPLY,
                created_at=now,
            )
    return f"open: {germany.name} and {company.organisation.name} about “{need.title}”"
