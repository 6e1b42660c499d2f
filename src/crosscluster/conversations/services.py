"""Writes: invite a matched provider to talk, answer, exchange messages, propose a meeting or
a slot of a coming event's programme to meet at.

Whoever starts something the other side's people are told of (an invitation, a message, a
meeting or slot proposal) needs a verified e-mail address (``require_verified_email``);
answering what the other side started does not.

Each step notifies the other side's people through the notifications centre (kinds
``conversations.invitation``, ``conversations.message`` and ``conversations.slot``), asked again
per recipient whether they may see the conversation (and, for a slot, its event).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.accounts import services as account_services
from crosscluster.accounts.queries import AnyUser, list_people_of_organisation
from crosscluster.brokerage import services as brokerage_services
from crosscluster.conversations import queries
from crosscluster.conversations.models import (
    Conversation,
    ConversationStatus,
    Message,
    SlotProposal,
    SlotStatus,
)
from crosscluster.core.times import format_slot, venue_zone
from crosscluster.core.validation import FieldErrors
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.notifications.services import notify

INVITATION_NOTICE = "conversations.invitation"
MESSAGE_NOTICE = "conversations.message"
SLOT_NOTICE = "conversations.slot"
NOTE_MAX = 1_000
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
    subject_id: int | None = None,
) -> None:
    notify(
        kind=kind,
        recipients=list_people_of_organisation(organisation_id=organisation_id),
        message=message,
        parameters=parameters,
        url=_path(conversation),
        subject_id=conversation.pk if subject_id is None else subject_id,
        now=now,
    )


@transaction.atomic
def invite_provider(
    *, user: AnyUser, match_id: int, message: str, now: dt.datetime
) -> Conversation:
    """The need's owner invites the provider of one of its matches to talk."""
    match = marketplace_queries.find_match_to_act_on(user=user, match_id=match_id)
    if match is None:
        raise PermissionDenied(_("Only members of the need's organisation invite its matches."))
    account_services.require_verified_email(user=user, action="converse")
    provider = marketplace_queries.provider_of(match)
    errors = FieldErrors()
    body = errors.text("message", message, limit=BODY_MAX)
    if provider is None:
        errors.add("match_id", _("This match names no organisation to invite."))
    elif provider.pk == match.opportunity.owner_id:
        errors.add("match_id", _("Your organisation cannot invite itself."))
    elif queries.get_conversation_of(need_id=match.opportunity_id, provider_id=provider.pk):
        errors.add(
            "match_id",
            _("%(name)s is already invited for this need: open the conversation instead.")
            % {"name": provider.name},
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
            {
                "match_id": [
                    _("%(name)s is already invited for this need.") % {"name": provider.name}
                ]
            }
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
        raise PermissionDenied(
            _("Only the people of %(name)s answer.") % {"name": conversation.provider.name}
        )
    if conversation.status != ConversationStatus.INVITED:
        raise ValidationError(
            {
                "status": [
                    _("This invitation was already accepted.")
                    if conversation.status == ConversationStatus.OPEN
                    else _("This invitation was already declined.")
                ]
            }
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


@transaction.atomic
def post_message(
    *, user: AnyUser, conversation: Conversation, body: str, now: dt.datetime
) -> Message:
    """A message in an open conversation; the other side's people are notified."""
    own = queries.side_of(user=user, conversation=conversation)
    if own is None:
        raise PermissionDenied(_("Only the two organisations' people write in a conversation."))
    account_services.require_verified_email(user=user, action="converse")
    errors = FieldErrors()
    text = errors.text("body", body, limit=BODY_MAX, required=_("Write a message."))
    if not conversation.is_open:
        errors.add(
            "body", _("The conversation is not open: the invitation must be accepted first.")
        )
    errors.raise_if_any()
    message = Message.objects.create(
        conversation=conversation, author_id=user.pk, organisation_id=own, body=text, created_at=now
    )
    author = queries.organisation_of_side(conversation=conversation, own=own)
    _tell(
        conversation=conversation,
        organisation_id=queries.other_side(conversation=conversation, own=own),
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
        raise PermissionDenied(_("Only the two organisations' people propose meetings."))
    account_services.require_verified_email(user=user, action="meet")
    if not conversation.is_open:
        raise ValidationError(
            {"session_id": [_("The conversation is not open: the invitation must be accepted.")]}
        )
    pairs = queries.list_meeting_choices(user=user, conversation=conversation, now=now)
    pair = next((p for p in pairs if p.session.pk == session_id), None)
    if pair is None:
        raise ValidationError(
            {
                "session_id": [
                    _(
                        "Choose a coming B2B session where you and the other organisation are both approved participants (register on the event's B2B page first)."
                    )
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


def _describe_slot(proposal: SlotProposal, **who: str) -> dict[str, str]:
    """The notice's values: the slot's title, its event and when it is in the venue's time
    (``Tue 3 Mar 14:00-15:30 Europe/Berlin``), besides who acted."""
    item, event = proposal.item, proposal.item.event
    when = format_slot(item.start_at, item.end_at, venue_zone(event.timezone))
    return {**who, "item": item.title, "event": event.title, "when": f"{when} {event.timezone}"}


@transaction.atomic
def propose_slot(
    *, user: AnyUser, conversation: Conversation, item_id: int, note: str, now: dt.datetime
) -> SlotProposal:
    """Propose to meet during a slot of a coming event's programme (a study visit's company
    visit, a networking dinner ...) that both sides may see; the other side's people are
    notified and accept or decline."""
    own = queries.side_of(user=user, conversation=conversation)
    if own is None:
        raise PermissionDenied(_("Only the two organisations' people propose slots."))
    account_services.require_verified_email(user=user, action="converse")
    errors = FieldErrors()
    text = errors.text("note", note, limit=NOTE_MAX)
    if not conversation.is_open:
        errors.add("item_id", _("The conversation is not open: the invitation must be accepted."))
    else:
        choices = queries.list_slot_choices(user=user, conversation=conversation, now=now)
        if not any(item.pk == item_id for item in choices):
            errors.add(
                "item_id",
                _(
                    "Choose a programme slot of a coming study visit or event that both organisations may see (the slot must not have started)."
                ),
            )
        elif queries.has_live_slot_proposal(conversation=conversation, item_id=item_id):
            errors.add("item_id", _("This slot is already proposed in this conversation."))
    errors.raise_if_any()
    try:
        with transaction.atomic():
            proposal = SlotProposal.objects.create(
                conversation=conversation,
                item_id=item_id,
                organisation_id=own,
                proposed_by_id=user.pk,
                note=text,
                created_at=now,
            )
    except IntegrityError:  # a colleague proposed it a moment ago
        raise ValidationError(
            {"item_id": [_("This slot is already proposed in this conversation.")]}
        ) from None
    proposer = queries.organisation_of_side(conversation=conversation, own=own)
    _tell(
        conversation=conversation,
        organisation_id=queries.other_side(conversation=conversation, own=own),
        kind=SLOT_NOTICE,
        message=gettext_noop(
            "%(proposer)s proposes to meet during “%(item)s” at %(event)s (%(when)s)."
        ),
        parameters=_describe_slot(proposal, proposer=proposer.name),
        now=now,
        subject_id=proposal.pk,
    )
    return proposal


def _lock(proposal: SlotProposal) -> SlotProposal:
    """The proposal as stored now, its row locked (two people answering at once)."""
    return (
        SlotProposal.objects.select_for_update()
        .select_related("item__event", "conversation")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def answer_slot(
    *, user: AnyUser, proposal: SlotProposal, accept: bool, now: dt.datetime
) -> SlotProposal:
    """The other side's people accept or decline a pending slot proposal; the proposing side's
    people are notified."""
    conversation = proposal.conversation
    own = queries.side_of(user=user, conversation=conversation)
    if own is None or own == proposal.organisation_id:
        raise PermissionDenied(_("Only the people of the organisation asked answer a proposal."))
    proposal = _lock(proposal)
    if proposal.status != SlotStatus.PENDING:
        raise ValidationError(
            {
                "status": [
                    _("This proposal was already answered: accepted.")
                    if proposal.status == SlotStatus.ACCEPTED
                    else _("This proposal was already answered: declined.")
                    if proposal.status == SlotStatus.DECLINED
                    else _("This proposal was withdrawn.")
                ]
            }
        )
    if proposal.item.start_at <= now:
        raise ValidationError(
            {"status": [_("This slot has started: propose another one in the conversation.")]}
        )
    proposal.status = SlotStatus.ACCEPTED if accept else SlotStatus.DECLINED
    proposal.answered_at = now
    proposal.answered_by_id = user.pk
    proposal.save(update_fields=["status", "answered_at", "answered_by"])
    answerer = queries.organisation_of_side(conversation=conversation, own=own)
    _tell(
        conversation=conversation,
        organisation_id=proposal.organisation_id,
        kind=SLOT_NOTICE,
        message=gettext_noop(
            "%(answerer)s accepted to meet during “%(item)s” at %(event)s (%(when)s)."
        )
        if accept
        else gettext_noop(
            "%(answerer)s declined to meet during “%(item)s” at %(event)s (%(when)s)."
        ),
        parameters=_describe_slot(proposal, answerer=answerer.name),
        now=now,
        subject_id=proposal.pk,
    )
    return proposal


@transaction.atomic
def withdraw_slot(*, user: AnyUser, proposal: SlotProposal, now: dt.datetime) -> SlotProposal:
    """The proposing side's people withdraw a pending or accepted proposal (plans change); the
    other side's people are notified."""
    conversation = proposal.conversation
    own = queries.side_of(user=user, conversation=conversation)
    if own is None or own != proposal.organisation_id:
        raise PermissionDenied(_("Only the people of the proposing organisation withdraw it."))
    proposal = _lock(proposal)
    if proposal.status not in (SlotStatus.PENDING, SlotStatus.ACCEPTED):
        raise ValidationError(
            {
                "status": [
                    _("This proposal was declined: there is nothing to withdraw.")
                    if proposal.status == SlotStatus.DECLINED
                    else _("This proposal was withdrawn already.")
                ]
            }
        )
    proposal.status = SlotStatus.WITHDRAWN
    proposal.answered_at = now
    proposal.answered_by_id = user.pk
    proposal.save(update_fields=["status", "answered_at", "answered_by"])
    proposer = queries.organisation_of_side(conversation=conversation, own=own)
    _tell(
        conversation=conversation,
        organisation_id=queries.other_side(conversation=conversation, own=own),
        kind=SLOT_NOTICE,
        message=gettext_noop(
            "%(proposer)s withdrew the proposal to meet during “%(item)s” at %(event)s (%(when)s)."
        ),
        parameters=_describe_slot(proposal, proposer=proposer.name),
        now=now,
        subject_id=proposal.pk,
    )
    return proposal
