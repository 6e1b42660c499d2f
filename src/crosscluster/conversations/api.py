"""Conversations over the API: invite a matched provider, answer, messages, meeting proposals.

No ``from __future__ import annotations`` here: ninja reads the types at run time.
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.conversations import permissions, queries, services
from crosscluster.conversations.models import Conversation, Message
from crosscluster.core.api import ErrorOut

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
