"""Conversation pages: parse, make one call, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from crosscluster.conversations import permissions, queries, services
from crosscluster.core.http import safe_next


def _show_errors(request: HttpRequest, action: Callable[[], object]) -> bool:
    try:
        action()
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        return False
    return True


@require_safe
@login_required
def conversation_list(request: HttpRequest) -> HttpResponse:
    rows = queries.list_conversations(user=request.user)
    return render(request, "conversations/list.html", {"conversations": rows})


@require_safe
@login_required
def detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = permissions.access_conversation(
        user=request.user, conversation_id=conversation_id
    )
    side = queries.side_of(user=request.user, conversation=conversation)
    context = {
        "conversation": conversation,
        "conversation_messages": queries.list_messages(conversation=conversation),
        "can_answer": side == conversation.provider_id and conversation.status == "invited",
        "can_write": side is not None and conversation.is_open,
        "meeting_choices": queries.list_meeting_choices(
            user=request.user, conversation=conversation, now=timezone.now()
        )
        if conversation.is_open
        else [],
    }
    return render(request, "conversations/detail.html", context)


@require_POST
@login_required
def invite(request: HttpRequest, match_id: int) -> HttpResponse:
    created: list[int] = []

    def act() -> None:
        conversation = services.invite_provider(
            user=request.user,
            match_id=match_id,
            message=request.POST.get("message", ""),
            now=timezone.now(),
        )
        created.append(conversation.pk)

    if _show_errors(request, act):
        messages.success(request, _("The invitation was sent."))
        return redirect("conversations:detail", created[0])
    return redirect(safe_next(request, reverse("conversations:list")))


@require_POST
@login_required
def answer(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = permissions.access_conversation_to_write(
        user=request.user, conversation_id=conversation_id
    )
    accept = request.POST.get("decision") == "accept"
    _show_errors(
        request,
        lambda: services.answer_invitation(
            user=request.user, conversation=conversation, accept=accept, now=timezone.now()
        ),
    )
    return redirect("conversations:detail", conversation.pk)


@require_POST
@login_required
def post_message(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = permissions.access_conversation_to_write(
        user=request.user, conversation_id=conversation_id
    )
    _show_errors(
        request,
        lambda: services.post_message(
            user=request.user,
            conversation=conversation,
            body=request.POST.get("body", ""),
            now=timezone.now(),
        ),
    )
    return redirect("conversations:detail", conversation.pk)


@require_POST
@login_required
def propose_meeting(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = permissions.access_conversation_to_write(
        user=request.user, conversation_id=conversation_id
    )
    session = request.POST.get("session_id", "")
    if _show_errors(
        request,
        lambda: services.propose_meeting(
            user=request.user,
            conversation=conversation,
            session_id=int(session) if session.isdigit() else 0,
            now=timezone.now(),
        ),
    ):
        messages.success(request, _("The meeting request was sent."))
    return redirect("conversations:detail", conversation.pk)
