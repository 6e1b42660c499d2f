"""Writes: invite a matched provider to talk, answer, exchange messages, propose a meeting.

Each step notifies the other side's people through the notifications centre (kinds
``conversations.invitation`` and ``conversations.message``), asked again per recipient whether
they may see the conversation.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from crosscluster.accounts.queries import AnyUser, list_people_of_organisation
from crosscluster.brokerage import services as brokerage_services
from crosscluster.conversations import queries
from crosscluster.conversations.models import Conversation, ConversationStatus, Message
from crosscluster.core.validation import FieldErrors
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.notifications.services import notify

INVITATION_NOTICE = "conversations.invitation"
MESSAGE_NOTICE = "conversations.message"
BODY_MAX = 5_000


def _path(conversation: Conversation) -> str:
    return reverse("conversations:detail", args=[conversation.pk])


def _tell(
    *,
    conversation: Conversation,
    organisation_id: int,
    kind: str,
    message: str,
    parameters: dict[str, str],
    now: dt.datetime,
) -> None:
    notify(
        kind=kind,
        recipients=list_people_of_organisation(organisation_id=organisation_id),
        message=message,
        parameters=parameters,
        url=_path(conversation),
        subject_id=conversation.pk,
        now=now,
    )


@transaction.atomic
def invite_provider(
    *, user: AnyUser, match_id: int, message: str, now: dt.datetime
) -> Conversation:
    """The need's owner invites the provider of one of its matches to talk."""
    match = marketplace_queries.find_match_to_act_on(user=user, match_id=match_id)
    if match is None:
        raise PermissionDenied("Only members of the need's organisation invite its matches.")
    provider = marketplace_queries.provider_of(match)
    errors = FieldErrors()
    body = errors.text("message", message, limit=BODY_MAX)
    if provider is None:
        errors.add("match_id", "This match names no organisation to invite.")
    elif provider.pk == match.opportunity.owner_id:
        errors.add("match_id", "Your organisation cannot invite itself.")
    elif queries.get_conversation_of(need_id=match.opportunity_id, provider_id=provider.pk):
        errors.add(
            "match_id",
            f"{provider.name} is already invited for this need: open the conversation instead.",
        )
    errors.raise_if_any()
    assert provider is not None
    need = match.opportunity
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                need=need,
                seeker_id=need.owner_id,
                provider=provider,
                invitation=body,
                invited_by_id=user.pk,
                created_at=now,
            )
    except IntegrityError:  # a colleague invited them a moment ago
        raise ValidationError(
            {"match_id": [f"{provider.name} is already invited for this need."]}
        ) from None
    _tell(
        conversation=conversation,
        organisation_id=provider.pk,
        kind=INVITATION_NOTICE,
        message=gettext_noop("%(seeker)s invites %(provider)s to talk about “%(need)s”."),
        parameters={"seeker": need.owner.name, "provider": provider.name, "need": need.title},
        now=now,
    )
    return conversation


@transaction.atomic
def answer_invitation(
    *, user: AnyUser, conversation: Conversation, accept: bool, now: dt.datetime
) -> Conversation:
    """The provider's people accept (the thread opens) or decline."""
    if queries.side_of(user=user, conversation=conversation) != conversation.provider_id:
        raise PermissionDenied(f"Only the people of {conversation.provider.name} answer.")
    if conversation.status != ConversationStatus.INVITED:
        raise ValidationError(
            {"status": [f"This invitation was already answered ({conversation.status})."]}
        )
    conversation.status = ConversationStatus.OPEN if accept else ConversationStatus.DECLINED
    conversation.answered_at = now
    conversation.answered_by_id = user.pk
    conversation.save(update_fields=["status", "answered_at", "answered_by"])
    _tell(
        conversation=conversation,
        organisation_id=conversation.seeker_id,
        kind=INVITATION_NOTICE,
        message=gettext_noop("%(provider)s accepted your invitation to talk about “%(need)s”.")
        if accept
        else gettext_noop("%(provider)s declined your invitation to talk about “%(need)s”."),
        parameters={"provider": conversation.provider.name, "need": conversation.need.title},
        now=now,
    )
    return conversation


def _other_side(conversation: Conversation, own: int) -> int:
    return conversation.provider_id if own == conversation.seeker_id else conversation.seeker_id


@transaction.atomic
def post_message(
    *, user: AnyUser, conversation: Conversation, body: str, now: dt.datetime
) -> Message:
    """A message in an open conversation; the other side's people are notified."""
    own = queries.side_of(user=user, conversation=conversation)
    if own is None:
        raise PermissionDenied("Only the two organisations' people write in a conversation.")
    errors = FieldErrors()
    text = errors.text("body", body, limit=BODY_MAX, required="Write a message.")
    if not conversation.is_open:
        errors.add("body", "The conversation is not open: the invitation must be accepted first.")
    errors.raise_if_any()
    message = Message.objects.create(
        conversation=conversation, author_id=user.pk, organisation_id=own, body=text, created_at=now
    )
    author = conversation.seeker if own == conversation.seeker_id else conversation.provider
    _tell(
        conversation=conversation,
        organisation_id=_other_side(conversation, own),
        kind=MESSAGE_NOTICE,
        message=gettext_noop("New message from %(author)s about “%(need)s”."),
        parameters={"author": author.name, "need": conversation.need.title},
        now=now,
    )
    return message


@transaction.atomic
def propose_meeting(
    *, user: AnyUser, conversation: Conversation, session_id: int, now: dt.datetime
) -> Message:
    """Ask for a B2B meeting at a coming session both organisations are registered to (a
    brokerage event or a study visit): a meeting request through the brokerage, and a line in
    the thread. The brokerage notifies the participant asked."""
    own = queries.side_of(user=user, conversation=conversation)
    if own is None:
        raise PermissionDenied("Only the two organisations' people propose meetings.")
    if not conversation.is_open:
        raise ValidationError(
            {"session_id": ["The conversation is not open: the invitation must be accepted."]}
        )
    pairs = queries.list_meeting_choices(user=user, conversation=conversation, now=now)
    pair = next((p for p in pairs if p.session.pk == session_id), None)
    if pair is None:
        raise ValidationError(
            {
                "session_id": [
                    "Choose a coming B2B session where you and the other organisation are both "
                    "approved participants (register on the event's B2B page first)."
                ]
            }
        )
    brokerage_services.send_request(
        user=user,
        requester=pair.mine,
        recipient_id=pair.theirs.pk,
        message=f"Following our conversation about “{conversation.need.title}”.",
        now=now,
    )
    return Message.objects.create(
        conversation=conversation,
        author_id=user.pk,
        organisation_id=own,
        body=f"Proposed a B2B meeting at {pair.session.event.title} "
        f"({pair.session.event.start_at:%d.%m.%Y}) with {pair.theirs.display_name}.",
        created_at=now,
    )
