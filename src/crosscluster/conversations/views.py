"""Conversation pages: parse, make one call, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from crosscluster.conversations import ics, permissions, queries, services
from crosscluster.conversations.forms import MeetingForm, MessageForm, SlotForm
from crosscluster.core.documents.names import attachment, document_file_name
from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import safe_next

if TYPE_CHECKING:
    from crosscluster.conversations.models import Conversation

#: the brokerage's fields a refused meeting request names, shown beside the session chosen
MEETING_ALIASES = {"requester": "session_id", "recipient_id": "session_id"}


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
    return _detail_page(request, conversation)


def _detail_page(
    request: HttpRequest,
    conversation: Conversation,
    *,
    message_form: MessageForm | None = None,
    slot_form: SlotForm | None = None,
    meeting_form: MeetingForm | None = None,
) -> HttpResponse:
    """The conversation's page; a form posted and refused comes back (400) as typed, the
    service's problems beside its fields."""
    side = queries.side_of(user=request.user, conversation=conversation)
    now = timezone.now()
    context = {
        "conversation": conversation,
        "conversation_messages": queries.list_messages(conversation=conversation),
        "can_answer": side == conversation.provider_id and conversation.status == "invited",
        "can_write": side is not None and conversation.is_open,
        "meeting_choices": queries.list_meeting_choices(
            user=request.user, conversation=conversation, now=now
        )
        if conversation.is_open
        else [],
        "side": side,
        "now": now,
        "slot_proposals": queries.list_slot_proposals(user=request.user, conversation=conversation),
        "slot_choices": queries.list_slot_choices(
            user=request.user, conversation=conversation, now=now
        ),
        "message_form": message_form or MessageForm(),
        "slot_form": slot_form or SlotForm(),
        "meeting_form": meeting_form or MeetingForm(),
    }
    refused = any(
        form is not None and form.errors for form in (message_form, slot_form, meeting_form)
    )
    return render(request, "conversations/detail.html", context, status=400 if refused else 200)


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
    form = MessageForm(request.POST)
    form.is_valid()  # text only: the service checks it
    try:
        services.post_message(
            user=request.user,
            conversation=conversation,
            body=form.cleaned_data["body"],
            now=timezone.now(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail_page(request, conversation, message_form=form)
    return redirect("conversations:detail", conversation.pk)


@require_POST
@login_required
def propose_meeting(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = permissions.access_conversation_to_write(
        user=request.user, conversation_id=conversation_id
    )
    form = MeetingForm(request.POST)
    form.is_valid()  # text only: the service checks it
    try:
        services.propose_meeting(
            user=request.user,
            conversation=conversation,
            session_id=form.session,
            now=timezone.now(),
        )
    except ValidationError as error:
        # the brokerage's problems with the people met are fixed by choosing another session
        add_service_errors(form, error, aliases=MEETING_ALIASES)
        return _detail_page(request, conversation, meeting_form=form)
    messages.success(request, _("The meeting request was sent."))
    return redirect("conversations:detail", conversation.pk)


@require_POST
@login_required
def propose_slot(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = permissions.access_conversation_to_write(
        user=request.user, conversation_id=conversation_id
    )
    form = SlotForm(request.POST)
    form.is_valid()  # text only: the service checks it
    try:
        services.propose_slot(
            user=request.user,
            conversation=conversation,
            item_id=form.item,
            note=form.cleaned_data["note"],
            now=timezone.now(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail_page(request, conversation, slot_form=form)
    messages.success(request, _("The slot was proposed; the other side is told."))
    return redirect(reverse("conversations:detail", args=[conversation.pk]) + "#slots")


@require_POST
@login_required
def answer_slot(request: HttpRequest, conversation_id: int, proposal_id: int) -> HttpResponse:
    proposal = permissions.access_slot_proposal_to_act(
        user=request.user, conversation_id=conversation_id, proposal_id=proposal_id
    )
    accept = request.POST.get("decision") == "accept"
    if _show_errors(
        request,
        lambda: services.answer_slot(
            user=request.user, proposal=proposal, accept=accept, now=timezone.now()
        ),
    ):
        messages.success(
            request,
            _("You accepted the slot.") if accept else _("You declined the slot."),
        )
    return redirect(reverse("conversations:detail", args=[conversation_id]) + "#slots")


@require_POST
@login_required
def withdraw_slot(request: HttpRequest, conversation_id: int, proposal_id: int) -> HttpResponse:
    proposal = permissions.access_slot_proposal_to_act(
        user=request.user, conversation_id=conversation_id, proposal_id=proposal_id
    )
    if _show_errors(
        request,
        lambda: services.withdraw_slot(user=request.user, proposal=proposal, now=timezone.now()),
    ):
        messages.success(request, _("The proposal was withdrawn."))
    return redirect(reverse("conversations:detail", args=[conversation_id]) + "#slots")


@require_safe
@login_required
def slot_meeting_ics(request: HttpRequest, conversation_id: int, proposal_id: int) -> HttpResponse:
    """An accepted slot as a calendar file, for either side (and administrators)."""
    proposal = permissions.access_accepted_slot(
        user=request.user, conversation_id=conversation_id, proposal_id=proposal_id
    )
    response = HttpResponse(
        ics.render_meeting_file(proposal=proposal), content_type=ics.CONTENT_TYPE
    )
    name = document_file_name(
        _("Meeting"), proposal.item.event.title, proposal.item.title, extension="ics"
    )
    response["Content-Disposition"] = attachment(name)
    patch_cache_control(response, private=True, max_age=0)
    return response
