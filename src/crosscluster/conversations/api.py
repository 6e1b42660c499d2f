"""Conversations over the API: invite a matched provider, answer, messages, meeting proposals,
slots of a coming event's programme proposed to meet at.

No ``from __future__ import annotations`` here: ninja reads the types at run time.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.conversations import permissions, queries, services
from crosscluster.conversations.models import Conversation, Message, SlotProposal, SlotStatus
from crosscluster.core.api import ErrorOut
from crosscluster.core.http import absolute_url
from crosscluster.core.times import venue_zone

if TYPE_CHECKING:
    from crosscluster.events.models import ProgrammeItem

router = Router(tags=["conversations"])
WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ConversationOut(Schema):
    id: int
    need_id: int
    need_title: str
    seeker_id: int = Field(description="The need's owner organisation.")
    seeker_name: str
    provider_id: int
    provider_name: str
    status: str = Field(description="invited, open or declined")
    invitation: str
    created_at: datetime
    answered_at: datetime | None

    @staticmethod
    def resolve_need_title(conversation: Conversation) -> str:
        return conversation.need.title

    @staticmethod
    def resolve_seeker_name(conversation: Conversation) -> str:
        return conversation.seeker.name

    @staticmethod
    def resolve_provider_name(conversation: Conversation) -> str:
        return conversation.provider.name


class MessageOut(Schema):
    id: int
    organisation_id: int
    author_email: str | None
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author_email(message: Message) -> str | None:
        return message.author.email if message.author else None


class ThreadOut(ConversationOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(conversation: Conversation) -> list[Message]:
        return list(queries.list_messages(conversation=conversation))


class InviteIn(Schema):
    match_id: int = Field(description="A match of a need your organisation owns.")
    message: str = Field("", max_length=5000)


class ConversationAnswerIn(Schema):
    accept: bool


class MessageIn(Schema):
    body: str = Field(max_length=5000)


class MeetingIn(Schema):
    session_id: int = Field(
        description="A coming B2B session where both organisations have approved participants."
    )


@router.get("", response=list[ConversationOut], auth=token_auth, summary="My conversations")
def list_conversations(request: HttpRequest) -> list[Conversation]:
    return list(queries.list_conversations(user=token_user(request)))


@router.post(
    "",
    response={201: ThreadOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Invite a matched provider to talk (the need's owner)",
)
def invite_provider(request: HttpRequest, payload: InviteIn) -> Status[Conversation]:
    conversation = services.invite_provider(
        user=token_user(request),
        match_id=payload.match_id,
        message=payload.message,
        now=timezone.now(),
    )
    return Status(201, conversation)


@router.get(
    "/{conversation_id}",
    response={200: ThreadOut, 404: ErrorOut},
    auth=token_auth,
    summary="One conversation with its messages",
)
def get_conversation(request: HttpRequest, conversation_id: int) -> Conversation:
    return permissions.access_conversation(
        user=token_user(request), conversation_id=conversation_id
    )


@router.post(
    "/{conversation_id}/answer",
    response={200: ThreadOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept or decline an invitation (the provider's people)",
)
def answer_invitation(
    request: HttpRequest, conversation_id: int, payload: ConversationAnswerIn
) -> Conversation:
    user = token_user(request)
    conversation = permissions.access_conversation_to_write(
        user=user, conversation_id=conversation_id
    )
    return services.answer_invitation(
        user=user, conversation=conversation, accept=payload.accept, now=timezone.now()
    )


@router.post(
    "/{conversation_id}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Write in an open conversation",
)
def post_message(request: HttpRequest, conversation_id: int, payload: MessageIn) -> Status[Message]:
    user = token_user(request)
    conversation = permissions.access_conversation_to_write(
        user=user, conversation_id=conversation_id
    )
    message = services.post_message(
        user=user, conversation=conversation, body=payload.body, now=timezone.now()
    )
    return Status(201, message)


@router.post(
    "/{conversation_id}/meetings",
    response={201: MessageOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Propose a B2B meeting at a coming session both sides attend",
)
def propose_meeting(
    request: HttpRequest, conversation_id: int, payload: MeetingIn
) -> Status[Message]:
    user = token_user(request)
    conversation = permissions.access_conversation_to_write(
        user=user, conversation_id=conversation_id
    )
    message = services.propose_meeting(
        user=user, conversation=conversation, session_id=payload.session_id, now=timezone.now()
    )
    return Status(201, message)


class ProgrammeSlotOut(Schema):
    """A programme item of a coming event, as a slot to meet at."""

    item_id: int
    title: str
    kind: str = Field(description="The programme item's kind (company_visit, networking ...).")
    event_id: int
    event_title: str
    event_kind: str = Field(description="study_visit, brokerage, workshop ...")
    start_at: datetime
    end_at: datetime
    start_local: datetime = Field(description="The start at the venue, in `timezone`.")
    timezone: str
    place: str


def _slot(item: "ProgrammeItem") -> ProgrammeSlotOut:
    event, zone = item.event, venue_zone(item.event.timezone)
    return ProgrammeSlotOut(
        item_id=item.pk,
        title=item.title,
        kind=item.kind,
        event_id=event.pk,
        event_title=event.title,
        event_kind=event.kind,
        start_at=item.start_at,
        end_at=item.end_at,
        start_local=item.start_at.astimezone(zone),
        timezone=event.timezone,
        place=item.place or event.venue_name,
    )


class SlotProposalOut(Schema):
    id: int
    conversation_id: int
    organisation_id: int = Field(description="The proposing organisation.")
    status: str = Field(description="pending, accepted, declined or withdrawn")
    note: str
    slot: ProgrammeSlotOut
    created_at: datetime
    answered_at: datetime | None
    ics_url: str | None = Field(
        description="An accepted slot as a calendar file (iCalendar) for either side; "
        "null until it is accepted."
    )

    @staticmethod
    def resolve_slot(proposal: SlotProposal) -> ProgrammeSlotOut:
        return _slot(proposal.item)

    @staticmethod
    def resolve_ics_url(proposal: SlotProposal) -> str | None:
        if proposal.status != SlotStatus.ACCEPTED:
            return None
        address = reverse(
            "conversations:slot_meeting_ics", args=[proposal.conversation_id, proposal.pk]
        )
        return absolute_url(address)


class SlotProposalIn(Schema):
    item_id: int = Field(
        description="A programme item of a coming event both organisations may see "
        "(`GET …/slot-choices`)."
    )
    note: str = Field("", max_length=1000)


class SlotAnswerIn(Schema):
    accept: bool


@router.get(
    "/{conversation_id}/slot-choices",
    response={200: list[ProgrammeSlotOut], 404: ErrorOut},
    auth=token_auth,
    summary="Slots of coming events that may be proposed to meet at",
)
def list_slot_choices(request: HttpRequest, conversation_id: int) -> list[ProgrammeSlotOut]:
    user = token_user(request)
    conversation = permissions.access_conversation(user=user, conversation_id=conversation_id)
    items = queries.list_slot_choices(user=user, conversation=conversation, now=timezone.now())
    return [_slot(item) for item in items]


@router.get(
    "/{conversation_id}/slots",
    response={200: list[SlotProposalOut], 404: ErrorOut},
    auth=token_auth,
    summary="The slots proposed in a conversation",
)
def list_slot_proposals(request: HttpRequest, conversation_id: int) -> list[SlotProposal]:
    user = token_user(request)
    conversation = permissions.access_conversation(user=user, conversation_id=conversation_id)
    return list(queries.list_slot_proposals(user=user, conversation=conversation))


@router.post(
    "/{conversation_id}/slots",
    response={201: SlotProposalOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Propose a slot of a coming study visit or event to meet at",
)
def propose_slot(
    request: HttpRequest, conversation_id: int, payload: SlotProposalIn
) -> Status[SlotProposal]:
    user = token_user(request)
    conversation = permissions.access_conversation_to_write(
        user=user, conversation_id=conversation_id
    )
    proposal = services.propose_slot(
        user=user,
        conversation=conversation,
        item_id=payload.item_id,
        note=payload.note,
        now=timezone.now(),
    )
    return Status(201, proposal)


@router.post(
    "/{conversation_id}/slots/{proposal_id}/answer",
    response={200: SlotProposalOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept or decline a proposed slot (the other side's people)",
)
def answer_slot(
    request: HttpRequest, conversation_id: int, proposal_id: int, payload: SlotAnswerIn
) -> SlotProposal:
    user = token_user(request)
    proposal = permissions.access_slot_proposal_to_act(
        user=user, conversation_id=conversation_id, proposal_id=proposal_id
    )
    return services.answer_slot(
        user=user, proposal=proposal, accept=payload.accept, now=timezone.now()
    )


@router.post(
    "/{conversation_id}/slots/{proposal_id}/withdrawal",
    response={200: SlotProposalOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Withdraw a proposed slot (the proposing side's people)",
)
def withdraw_slot(request: HttpRequest, conversation_id: int, proposal_id: int) -> SlotProposal:
    user = token_user(request)
    proposal = permissions.access_slot_proposal_to_act(
        user=user, conversation_id=conversation_id, proposal_id=proposal_id
    )
    return services.withdraw_slot(user=user, proposal=proposal, now=timezone.now())
