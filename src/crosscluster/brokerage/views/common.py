"""What the B2B session's pages share: their addresses, the participant acting, and
service refusals said as messages."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import B2BSession, Participant


def _session_url(session_id: int) -> str:
    return reverse("brokerage:session", args=[session_id])


def _organise_url(session_id: int) -> str:
    return reverse("brokerage:organise", args=[session_id])


#: the blank form of a row that shows only a refused form's problems (``forms_beside``): unbound,
#: so without problems, and shared by every row
NO_PROBLEMS = forms.Form()


def _no_problems() -> forms.BaseForm:
    return NO_PROBLEMS


def _report_errors(request: HttpRequest, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            messages.error(
                request,
                _("%(field)s: %(message)s") % {"field": field, "message": message}
                if field != "__all__"
                else message,
            )


def _report_form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        messages.error(
            request,
            _("%(field)s: %(choices)s")
            % {"field": field, "choices": " ".join(str(error) for error in errors)},
        )


def _attempt(request: HttpRequest, action: Callable[[], object], done: str) -> None:
    try:
        action()
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, done)


def _own(request: HttpRequest, session: B2BSession) -> Participant:
    me = queries.get_participant_of(session=session, user_id=request.user.pk)
    if me is None:
        raise Http404(_("You are not registered for this session."))
    return me
