"""Reads: a person's conversations, one conversation if they are on either side."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from crosscluster.accounts.queries import AnyUser, list_organisation_ids
from crosscluster.brokerage import queries as brokerage_queries
from crosscluster.conversations.models import (
    Conversation,
    ConversationStatus,
    Message,
    SlotProposal,
    SlotStatus,
)
from crosscluster.events import queries as events_queries

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation
    from crosscluster.events.models import ProgrammeItem


def list_conversations(*, user: AnyUser) -> QuerySet[Conversation]:
    """Conversations of the person's organisations (either side), newest first."""
    if not user.is_authenticated:
        return Conversation.objects.none()
    mine = list_organisation_ids(user=user)
    return (
        Conversation.objects.filter(Q(seeker_id__in=mine) | Q(provider_id__in=mine))
        .select_related("need", "seeker", "provider")
        .order_by("-created_at", "-pk")
    )


def list_invitations_to_answer(*, user: AnyUser) -> QuerySet[Conversation]:
    """Invitations to talk that ``user`` may answer: addressed to one of their organisations and
    still waiting (one they sent themselves, working for both sides, is not theirs to answer)."""
    if not user.is_authenticated:
        return Conversation.objects.none()
    mine = list_organisation_ids(user=user)
    return (
        Conversation.objects.filter(status=ConversationStatus.INVITED, provider_id__in=mine)
        .exclude(seeker_id__in=mine)
        .select_related("need", "seeker", "provider")
        .order_by("created_at", "pk")
    )


def find_conversation(*, user: AnyUser, conversation_id: int) -> Conversation | None:
    """The conversation if ``user`` works for either side (administrators see all); None else."""
    if not user.is_authenticated:
        return None
    rows = Conversation.objects.select_related("need", "seeker", "provider")
    if user.is_superuser:
        return rows.filter(pk=conversation_id).first()
    return list_conversations(user=user).filter(pk=conversation_id).first()


def can_see_conversation(*, user: AnyUser, conversation_id: int | None) -> bool:
    """Asked by the notifications centre before a notice of a conversation is delivered."""
    if conversation_id is None:
        return False
    return find_conversation(user=user, conversation_id=conversation_id) is not None


def side_of(*, user: AnyUser, conversation: Conversation) -> int | None:
    """The organisation (id) ``user`` speaks for in the conversation: the seeker if they work
    for both; None if for neither."""
    mine = list_organisation_ids(user=user) if user.is_authenticated else set()
    if conversation.seeker_id in mine:
        return conversation.seeker_id
    if conversation.provider_id in mine:
        return conversation.provider_id
    return None


def list_messages(*, conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("author", "organisation").order_by(
        "created_at", "pk"
    )


def list_meeting_choices(
    *, user: AnyUser, conversation: Conversation, now: dt.datetime
) -> list[brokerage_queries.MeetingPair]:
    """Coming B2B sessions (brokerage events, study visits) where both sides are registered."""
    own = side_of(user=user, conversation=conversation)
    if own is None:
        return []
    return brokerage_queries.list_meeting_pairs(
        user=user,
        own_organisation_id=own,
        other_organisation_id=other_side(conversation=conversation, own=own),
        now=now,
    )


def get_conversation_of(*, need_id: int, provider_id: int) -> Conversation | None:
    return Conversation.objects.filter(need_id=need_id, provider_id=provider_id).first()


def other_side(*, conversation: Conversation, own: int) -> int:
    """The organisation (id) across the conversation from ``own``."""
    return conversation.provider_id if own == conversation.seeker_id else conversation.seeker_id


def organisation_of_side(*, conversation: Conversation, own: int) -> Organisation:
    """The organisation of side ``own`` (an id ``side_of`` gave), as notices name it."""
    return conversation.seeker if own == conversation.seeker_id else conversation.provider


# Slots of a coming event's programme to meet at -------------------------------------------


def list_slot_choices(
    *, user: AnyUser, conversation: Conversation, now: dt.datetime
) -> list[ProgrammeItem]:
    """Programme items of coming events that the person and every person of the other side
    may see (study visits first): the slots they may propose. Empty if they speak for neither
    side or the conversation is not open."""
    own = side_of(user=user, conversation=conversation)
    if own is None or not conversation.is_open:
        return []
    return events_queries.list_slot_choices(
        user=user, other_organisation_id=other_side(conversation=conversation, own=own), now=now
    )


def list_slot_proposals(*, user: AnyUser, conversation: Conversation) -> QuerySet[SlotProposal]:
    """The conversation's slot proposals whose event the person may see, oldest first."""
    return (
        conversation.slot_proposals.filter(
            item__event__in=events_queries.list_visible_event_ids(user=user)
        )
        .select_related(
            "item__event__partnership", "item__visited_organisation", "organisation", "proposed_by"
        )
        .order_by("created_at", "pk")
    )


def find_slot_proposal(
    *, user: AnyUser, conversation: Conversation, proposal_id: int
) -> SlotProposal | None:
    """A proposal of this conversation whose event the person may see; None otherwise."""
    return list_slot_proposals(user=user, conversation=conversation).filter(pk=proposal_id).first()


def can_see_slot_proposal(*, user: AnyUser, proposal_id: int | None) -> bool:
    """Asked by the notifications centre: the person sees the conversation and the event."""
    if proposal_id is None:
        return False
    proposal = SlotProposal.objects.filter(pk=proposal_id).only("conversation_id").first()
    if proposal is None:
        return False
    conversation = find_conversation(user=user, conversation_id=proposal.conversation_id)
    return (
        conversation is not None
        and find_slot_proposal(user=user, conversation=conversation, proposal_id=proposal_id)
        is not None
    )


def has_live_slot_proposal(*, conversation: Conversation, item_id: int) -> bool:
    return conversation.slot_proposals.filter(
        item_id=item_id, status__in=[SlotStatus.PENDING, SlotStatus.ACCEPTED]
    ).exists()
