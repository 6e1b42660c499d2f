"""The only way a view obtains a conversation: people of either side (and administrators)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.accounts.queries import AnyUser
from crosscluster.conversations import queries
from crosscluster.conversations.models import Conversation, SlotProposal, SlotStatus

NOT_FOUND = gettext_lazy("No such conversation (only the two organisations' people see it).")


def access_conversation(*, user: AnyUser, conversation_id: int) -> Conversation:
    """404 for anybody who works for neither organisation (it is not said to exist)."""
    conversation = queries.find_conversation(user=user, conversation_id=conversation_id)
    if conversation is None:
        raise Http404(NOT_FOUND)
    return conversation


def access_conversation_to_write(*, user: AnyUser, conversation_id: int) -> Conversation:
    """As :func:`access_conversation`; 403 for an administrator who speaks for neither side."""
    conversation = access_conversation(user=user, conversation_id=conversation_id)
    if queries.side_of(user=user, conversation=conversation) is None:
        raise PermissionDenied(_("Only the two organisations' people take part in a conversation."))
    return conversation


SLOT_NOT_FOUND = gettext_lazy("No such slot proposal in this conversation.")


def access_slot_proposal_to_act(
    *, user: AnyUser, conversation_id: int, proposal_id: int
) -> SlotProposal:
    """A slot proposal of the conversation, for one of its two sides to answer or withdraw:
    404 for a proposal of another conversation or of an event the person may not see (and as
    :func:`access_conversation_to_write` for the conversation)."""
    conversation = access_conversation_to_write(user=user, conversation_id=conversation_id)
    proposal = queries.find_slot_proposal(
        user=user, conversation=conversation, proposal_id=proposal_id
    )
    if proposal is None:
        raise Http404(SLOT_NOT_FOUND)
    return proposal


def access_accepted_slot(*, user: AnyUser, conversation_id: int, proposal_id: int) -> SlotProposal:
    """An accepted slot proposal of a conversation the person may see (its calendar file):
    404 for a proposal of another conversation, of an event the person may not see, or one
    that is not (or no longer) accepted."""
    conversation = access_conversation(user=user, conversation_id=conversation_id)
    proposal = queries.find_slot_proposal(
        user=user, conversation=conversation, proposal_id=proposal_id
    )
    if proposal is None or proposal.status != SlotStatus.ACCEPTED:
        raise Http404(SLOT_NOT_FOUND)
    return proposal
