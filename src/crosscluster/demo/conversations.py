"""Stage 10 (with the demo accounts): one open conversation, so a visitor sees journey 5 at once,
with one slot of a coming study visit proposed by the member's company and waiting for the
German cluster's answer (the first slot both sides may see, when there is one).

Built from what is loaded: an illustrative need of the German partner cluster (whose manager is
the demo cluster manager) and the company of the demo SME member, who accepted the invitation.
The pairing is chosen here, not by the matching engine (matches are computed in the background
after loading); the texts say they are illustrative. No personal data is invented: the two
people are the demo role accounts.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.conversations import queries as conversation_queries
from crosscluster.conversations.models import (
    Conversation,
    ConversationStatus,
    Message,
    SlotProposal,
)
from crosscluster.demo.accounts import MANAGER, MEMBER
from crosscluster.demo.partnership import get_or_create_partner_clusters
from crosscluster.marketplace.models import NEED_KINDS, Opportunity

INVITATION = "Illustrative conversation of the demo: the need's owner invites a provider to talk."
REPLY = "Illustrative reply of the demo: thank you, we would be glad to discuss the need."
SLOT_NOTE = "Illustrative proposal of the demo: shall we meet during this slot of the visit?"


def conversation_is_loaded() -> bool:
    return Conversation.objects.filter(invitation=INVITATION).exists()


def load_conversation(*, today: dt.date | None = None) -> str:
    """``today``: the demo's day (events are placed around it); slots from its start are offered."""
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
        day_start = (
            dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC) if today is not None else now
        )
        slot = _propose_slot(conversation=conversation, member=member, now=day_start)
    return f"open: {germany.name} and {company.organisation.name} about “{need.title}”{slot}"


def _propose_slot(*, conversation: Conversation, member: User, now: dt.datetime) -> str:
    """A pending proposal of the first slot after ``now`` both sides may see (study visits
    first), made at ``now``."""
    if conversation.slot_proposals.exists():
        return ""
    choices = conversation_queries.list_slot_choices(
        user=member, conversation=conversation, now=now
    )
    if not choices:
        return " (no coming slot to propose)"
    SlotProposal.objects.create(
        conversation=conversation,
        item=choices[0],
        organisation_id=conversation.provider_id,
        proposed_by=member,
        note=SLOT_NOTE,
        created_at=now,
    )
    return f"; slot proposed: “{choices[0].title}” at {choices[0].event.title}"
