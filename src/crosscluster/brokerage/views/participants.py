"""A participant's pages of a B2B session: registration, availability, meeting requests,
agendas, outcomes, agreements and needs heard. Parse, make one call, render or redirect."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from crosscluster.brokerage import documents, permissions, queries, services
from crosscluster.brokerage.forms import (
    AgreementForm,
    AttendanceForm,
    AvailabilityForm,
    BookingPartnerForm,
    CapturedNeedForm,
    OutcomeForm,
    RegistrationForm,
    RequestForm,
)
from crosscluster.brokerage.models import B2BSession, Participant
from crosscluster.brokerage.views.common import (
    _attempt,
    _no_problems,
    _own,
    _report_form_errors,
    _session_url,
)
from crosscluster.core.documents.names import attachment
from crosscluster.core.forms import add_service_errors, forms_beside
from crosscluster.core.http import safe_next
from crosscluster.exports import services as export_services


def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    return _session_page(request, session)


def _session_page(
    request: HttpRequest, session: B2BSession, *, refused: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The session's page; ``refused``: a form posted and refused (``registration_form``,
    ``availability_form`` or ``request_form``), shown again (400) as typed, each problem beside
    its field."""
    page = queries.get_session_page(session=session, user=request.user)
    context: dict[str, object] = {
        "session": session,
        "event": session.event,
        "schedule": page.schedule,
        "me": page.me,
        "is_organiser": page.is_organiser,
        "public_participants": page.public_participants,
        "slots": page.slots,
    }
    if page.registrable_organisations is not None:
        context["registration_form"] = RegistrationForm(
            session=session,
            organisations=page.registrable_organisations,
            initial={"display_name": getattr(request.user, "full_name", "")},
        )
    if page.meeting_choices is not None:
        me = page.me
        assert me is not None
        context["requests"] = page.requests
        context["request_form"] = RequestForm(
            others=page.meeting_choices.others, colleagues=page.meeting_choices.colleagues
        )
        context["availability_form"] = AvailabilityForm(
            session=session,
            initial={
                "slots": page.meeting_choices.available_slot_ids,
                "max_meetings": me.max_meetings,
                "max_consecutive": me.max_consecutive,
            },
        )
    context.update(refused or {})
    return render(request, "brokerage/session.html", context, status=400 if refused else 200)


#: the services' names of the fields their forms call otherwise
FORM_FIELDS = {
    "organisation_id": "organisation",
    "request_id": "request",
    "available_slot_ids": "slots",
    "recipient_id": "recipient",
    "delegate_id": "delegate",
}


def _refused(
    request: HttpRequest,
    session: B2BSession,
    name: str,
    form: forms.Form,
    action: Callable[[], object],
    done: str,
) -> HttpResponse:
    """Do ``action`` with the valid ``form``: on success ``done`` and back to the session's
    page; refused, the page again with ``form`` (``name`` in its context) as typed."""
    if form.is_valid():
        try:
            action()
        except ValidationError as error:
            add_service_errors(form, error, aliases=FORM_FIELDS)
        else:
            messages.success(request, done)
            return redirect(_session_url(session.pk))
    return _session_page(request, session, refused={name: form})


@login_required
@require_POST
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    form = RegistrationForm(
        request.POST,
        session=session,
        organisations=queries.list_registrable_organisations(user=request.user),
    )

    def act() -> object:
        data = services.RegistrationData(
            organisation_id=form.cleaned_data["organisation"].pk,
            display_name=form.cleaned_data["display_name"],
            profile=form.cleaned_data["profile"],
            answers=form.answers(),
            listed_publicly=form.cleaned_data["listed_publicly"],
            is_online=form.cleaned_data["is_online"],
        )
        return services.register(user=request.user, session=session, data=data, now=timezone.now())

    done = _("You are registered; the organisers will confirm.")
    return _refused(request, session, "registration_form", form, act, done)


@login_required
@require_POST
def withdraw(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    _attempt(
        request,
        lambda: services.withdraw(user=request.user, participant=me, now=timezone.now()),
        _("You have withdrawn from the session."),
    )
    return redirect(_session_url(session.pk))


@login_required
@require_POST
def availability(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    form = AvailabilityForm(request.POST, session=session)

    def act() -> object:
        return services.set_availability(
            user=request.user,
            participant=me,
            available_slot_ids=[slot.pk for slot in form.cleaned_data["slots"]],
            max_meetings=form.cleaned_data["max_meetings"],
            max_consecutive=form.cleaned_data["max_consecutive"],
        )

    done = _("Your availability is saved.")
    return _refused(request, session, "availability_form", form, act, done)


@login_required
@require_POST
def send_request(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    approved = queries.list_approved_participants(session=session)
    form = RequestForm(request.POST, others=approved, colleagues=approved)

    def act() -> object:
        delegate = form.cleaned_data["delegate"]
        return services.send_request(
            user=request.user,
            requester=me,
            recipient_id=form.cleaned_data["recipient"].pk,
            message=form.cleaned_data["message"],
            priority=form.cleaned_data["priority"],
            delegate_id=delegate.pk if delegate else None,
            now=timezone.now(),
        )

    return _refused(request, session, "request_form", form, act, _("Your request is sent."))


@login_required
@require_POST
def answer_request(request: HttpRequest, request_id: int) -> HttpResponse:
    meeting_request = permissions.access_request(user=request.user, request_id=request_id)
    accept = request.POST.get("accept") == "1"
    _attempt(
        request,
        lambda: services.answer_request(
            user=request.user, request=meeting_request, accept=accept, now=timezone.now()
        ),
        _("Accepted.") if accept else _("Declined."),
    )
    return redirect(_session_url(meeting_request.session_id))


@login_required
@require_POST
def cancel_request(request: HttpRequest, request_id: int) -> HttpResponse:
    meeting_request = permissions.access_request(user=request.user, request_id=request_id)
    _attempt(
        request,
        lambda: services.cancel_request(
            user=request.user, request=meeting_request, now=timezone.now()
        ),
        _("The meeting is cancelled."),
    )
    return redirect(_session_url(meeting_request.session_id))


def _agenda_of(request: HttpRequest, session_id: int, participant_id: int) -> Participant:
    participant = permissions.access_own_participant(
        user=request.user, participant_id=participant_id
    )
    if participant.session_id != session_id:
        raise Http404(_("No such participant in this session."))
    return participant


@login_required
def agenda(request: HttpRequest, session_id: int, participant_id: int) -> HttpResponse:
    return _agenda_page(request, _agenda_of(request, session_id, participant_id))


#: the forms each meeting of an agenda repeats, by the name the template reads
AGENDA_FORMS: dict[str, type[forms.Form]] = {
    "outcome_form": OutcomeForm,
    "agreement_form": AgreementForm,
    "need_form": CapturedNeedForm,
    "attendance_form": AttendanceForm,
}


def _agenda_page(
    request: HttpRequest,
    participant: Participant,
    *,
    refused: tuple[str, forms.Form] | None = None,
    refused_request: int | None = None,
    refused_booking: tuple[int | None, forms.Form] | None = None,
    other_id: int | None = None,
) -> HttpResponse:
    """The participant's agenda; ``refused``: one of a meeting's forms (its name in
    ``AGENDA_FORMS``) refused and shown again (400) beside its meeting (``refused_request``,
    else the form's ``request``) as typed, or above the agenda when its meeting is not there.
    ``refused_booking``: a free slot's proposal (key None), or an answer or withdrawal (the
    proposal's id) refused, shown (400) beside that proposal, else atop the free slots, with
    the free slots shared with ``other_id``."""
    published = queries.get_published_run(session=participant.session)
    items = queries.list_agenda(participant=participant, run=published)
    other = request.GET.get("with", "")
    if other_id is None and other.isdigit() and len(other) < 10:
        other_id = int(other)
    meetings = [item.meeting for item in items]
    refused_name, form = refused if refused is not None else ("", None)
    unlisted = None
    for name, blank in AGENDA_FORMS.items():
        own = form if name == refused_name else None
        key = refused_request
        if own is not None and key is None:
            key = own.cleaned_data.get("request")
        left = forms_beside(
            meetings,
            attribute=name,
            blank=blank,
            refused=None if own is None else (key, own),
            key=lambda meeting: meeting.request_id,
        )
        if left is not None:
            unlisted = left
        for meeting in meetings:  # each row's fields their own ids ("outcome-12-wave")
            getattr(meeting, name).auto_id = f"{name.removesuffix('_form')}-{meeting.request_id}-%s"
    onsite = queries.get_onsite_agenda(
        participant=participant,
        request_ids=[item.meeting.request_id for item in items],
        other_id=other_id,
        now=timezone.now(),
    )
    booking_key, booking_form = refused_booking if refused_booking is not None else (None, None)
    booking_unlisted = forms_beside(
        [*onsite.bookings["received"], *onsite.bookings["sent"]],
        attribute="refused_form",
        blank=_no_problems,
        refused=None if booking_form is None else (booking_key, booking_form),
    )
    now = timezone.now()
    organiser = permissions.is_organiser(user=request.user, session=participant.session)
    removable = {
        meeting_id: booking_id
        for meeting_id, booking_id in queries.list_booked_meetings(meetings=meetings).items()
        if organiser or any(m.pk == meeting_id and m.slot.start_at > now for m in meetings)
    }
    return render(
        request,
        "brokerage/agenda.html",
        {
            "participant": participant,
            "session": participant.session,
            "event": participant.session.event,
            "items": items,
            "onsite": onsite,
            "booking_refused": booking_unlisted,
            "partner_form": BookingPartnerForm(
                request.GET if {"with", "with-q"} & set(request.GET) else None,
                participant=participant,
                search_url=reverse("api-1.0.0:pick_booking_partners", args=[participant.pk]),
                chosen=onsite.other,
            ),
            "removable": removable,
            "fixed_table": queries.get_fixed_table(participant=participant),
            "needs": queries.list_needs_of(participant=participant),
            "unlisted_form": unlisted,
        },
        status=400 if refused is not None or refused_booking is not None else 200,
    )


def _on_agenda(
    request: HttpRequest,
    me: Participant,
    name: str,
    form: forms.Form,
    action: Callable[[], object],
    done: str,
    *,
    back: str = "",
) -> HttpResponse:
    """Do ``action`` with the valid ``form`` posted from a meeting of ``me``'s agenda: done,
    to ``back`` (else the agenda); refused, the agenda again with ``form`` as typed beside its
    meeting."""
    if form.is_valid():
        try:
            action()
        except ValidationError as error:
            add_service_errors(form, error, aliases=FORM_FIELDS)
        else:
            messages.success(request, done)
            return redirect(back or reverse("brokerage:agenda", args=[me.session_id, me.pk]))
    return _agenda_page(request, me, refused=(name, form))


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, max_age=0)
    return response


@login_required
def agenda_ics(request: HttpRequest, session_id: int, participant_id: int) -> HttpResponse:
    participant = _agenda_of(request, session_id, participant_id)
    items = queries.list_agenda(
        participant=participant, run=queries.get_published_run(session=participant.session)
    )
    body = documents.render_agenda_ics(participant=participant, items=items, stamp=timezone.now())
    response = HttpResponse(body, content_type=documents.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = attachment(
        documents.agenda_file_name(participant, extension="ics")
    )
    return _private(response)


@login_required
@require_safe
def agenda_pdf(request: HttpRequest, session_id: int, participant_id: int) -> HttpResponse:
    """The agenda PDF's former address (bookmarks, older e-mails): the PDF is made in the
    background now, so this asks for it as the agenda page's button does and goes to the
    export's status page. Asking again while it is being made, or for an agenda that has not
    changed, hands out the same export or file (no new rendering)."""
    participant = _agenda_of(request, session_id, participant_id)
    export = export_services.request_export(
        user=request.user,
        kind=documents.AGENDA,
        subject=str(participant.pk),
        file_format="pdf",
        now=timezone.now(),
    )
    return redirect("exports:status", export_id=export.pk)


@login_required
@require_POST
def report_outcome(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    form = OutcomeForm(request.POST)

    def act() -> object:
        return services.record_outcome(
            user=request.user,
            participant=me,
            request=permissions.access_request(
                user=request.user, request_id=form.cleaned_data["request"]
            ),
            wave=form.cleaned_data["wave"],
            outcome=form.cleaned_data["outcome"],
            comment=form.cleaned_data["comment"],
            now=timezone.now(),
        )

    done = _("Thank you: your answer is saved.")
    return _on_agenda(request, me, "outcome_form", form, act, done)


def event_session(request: HttpRequest, event_id: int) -> HttpResponse:
    """From an event to its B2B session (the link the event page can use)."""
    session = permissions.access_session_of_event(user=request.user, event_id=event_id)
    return redirect(_session_url(session.pk))


@login_required
@require_POST
def record_agreement(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant records an agreement that came out of one of their meetings."""
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    form = AgreementForm(request.POST)

    def act() -> object:
        meeting_request = permissions.access_request(
            user=request.user, request_id=form.cleaned_data["request"]
        )
        return services.record_agreement(
            user=request.user,
            session=session,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            partner_ids=sorted({member.organisation_id for member in meeting_request.members()}),
            signed_date=form.cleaned_data["signed_date"],
            request_id=meeting_request.pk,
            now=timezone.now(),
        )

    done = _("The agreement is in the register.")
    return _on_agenda(request, me, "agreement_form", form, act, done)


@login_required
@require_POST
def capture_need(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant (or organiser) records a need heard at a meeting: a marketplace draft."""
    session = permissions.access_session(user=request.user, session_id=session_id)
    form = CapturedNeedForm(request.POST)

    def act() -> object:
        request_id = form.cleaned_data["request"]
        if request_id is not None:
            permissions.access_request(user=request.user, request_id=request_id)
        return services.capture_need(
            user=request.user,
            session=session,
            organisation_id=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            request_id=request_id,
            now=timezone.now(),
        )

    done = _("The need is recorded as a marketplace draft; its organisation's members publish it.")
    back = safe_next(request, _session_url(session.pk))
    me = queries.get_participant_of(session=session, user_id=request.user.pk)
    if me is not None:  # from their agenda: refused, it comes back as typed
        return _on_agenda(request, me, "need_form", form, act, done, back=back)
    if not form.is_valid():  # an organiser who takes no part: said as messages
        _report_form_errors(request, form)
    else:
        _attempt(request, act, done)
    return redirect(back)
