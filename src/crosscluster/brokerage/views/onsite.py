"""Pages of the day itself: the check-in desk, the running day, whether a meeting took place,
free slots booked on site, and the organisers' agreement forms. Parse, make one call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crosscluster.brokerage import permissions, queries, services
from crosscluster.brokerage.forms import (
    AttendanceForm,
    BookingForm,
    DirectBookingForm,
    RegisterAgreementForm,
)
from crosscluster.brokerage.models import Agreement, B2BSession
from crosscluster.brokerage.views.common import (
    _attempt,
    _organise_url,
    _own,
    _report_form_errors,
)
from crosscluster.core.http import is_htmx, safe_next


def _check_in_url(session_id: int) -> str:
    return reverse("brokerage:check_in", args=[session_id])


def _day_url(session_id: int) -> str:
    return reverse("brokerage:running_day", args=[session_id])


def _agenda_url(session_id: int, participant_id: int) -> str:
    return reverse("brokerage:agenda", args=[session_id, participant_id])


@login_required
@require_safe
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    """The desk: approved participants by name, searchable, each with "Arrived" (or undo)."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    search = request.GET.get("q", "")[:100]
    context = {
        "session": session,
        "event": session.event,
        "search": search,
        "desk": queries.list_check_in(session=session, search=search),
    }
    if is_htmx(request):  # the list follows the search field as the desk types
        return render(request, "brokerage/_check_in_list.html", context)
    return render(request, "brokerage/check_in.html", context)


@login_required
@require_POST
def arrival(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = permissions.access_participant_for_organiser(
        user=request.user, participant_id=participant_id
    )
    arrived = request.POST.get("arrived") == "1"
    _attempt(
        request,
        lambda: services.check_in(
            user=request.user, participant=participant, arrived=arrived, now=timezone.now()
        ),
        (_("%(name)s has arrived.") if arrived else _("%(name)s is no longer checked in."))
        % {"name": participant.display_name},
    )
    return redirect(safe_next(request, _check_in_url(participant.session_id)))


@login_required
@require_safe
def running_day(request: HttpRequest, session_id: int) -> HttpResponse:
    """Per slot of the published schedule: tables, parties (arrived by the start or not) and
    whether each meeting took place; organisers book free slots here too."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    return render(
        request,
        "brokerage/running_day.html",
        {
            "session": session,
            "event": session.event,
            "day": queries.build_running_day(session=session),
            "counts": queries.count_attendance(session=session),
            "approved": queries.list_check_in(session=session).people,
            "slots": queries.list_upcoming_slots(session=session, now=timezone.now()),
            "attendance_form": AttendanceForm(),
        },
    )


@login_required
@require_POST
def attendance(request: HttpRequest, request_id: int) -> HttpResponse:
    """A party to the meeting, or an organiser, says whether it took place."""
    meeting_request = permissions.access_request(user=request.user, request_id=request_id)
    back = safe_next(request, reverse("brokerage:session", args=[meeting_request.session_id]))
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(back)
    _attempt(
        request,
        lambda: services.record_attendance(
            user=request.user,
            request=meeting_request,
            status=form.cleaned_data["status"],
            absent_id=form.cleaned_data["absent"],
            now=timezone.now(),
        ),
        _("Saved: the organisers see it on the running day."),
    )
    return redirect(back)


@login_required
@require_POST
def propose_booking(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant proposes a free slot to another ("Book a free slot with …")."""
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    form = BookingForm(request.POST)
    back = _agenda_url(session.pk, me.pk)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(back)
    _attempt(
        request,
        lambda: services.propose_booking(
            user=request.user,
            proposer=me,
            invitee_id=form.cleaned_data["invitee"],
            slot_id=form.cleaned_data["slot"],
            message=form.cleaned_data["message"],
            now=timezone.now(),
        ),
        _("Proposed: the meeting is booked when they accept."),
    )
    return redirect(back)


@login_required
@require_POST
def answer_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = permissions.access_booking(user=request.user, booking_id=booking_id)
    accept = request.POST.get("accept") == "1"
    _attempt(
        request,
        lambda: services.answer_booking(
            user=request.user, booking=booking, accept=accept, now=timezone.now()
        ),
        _("Booked: the meeting is on both agendas.") if accept else _("Declined."),
    )
    return redirect(_agenda_url(booking.session_id, booking.invitee_id))


@login_required
@require_POST
def withdraw_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = permissions.access_booking(user=request.user, booking_id=booking_id)
    _attempt(
        request,
        lambda: services.withdraw_booking(user=request.user, booking=booking, now=timezone.now()),
        _("Your proposal is withdrawn."),
    )
    return redirect(_agenda_url(booking.session_id, booking.proposer_id))


@login_required
@require_POST
def book_slot(request: HttpRequest, session_id: int) -> HttpResponse:
    """An organiser books a free slot for two participants directly."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    form = DirectBookingForm(request.POST)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(_day_url(session.pk))
    _attempt(
        request,
        lambda: services.book_slot(
            user=request.user,
            session=session,
            participant_ids=(form.cleaned_data["first"], form.cleaned_data["second"]),
            slot_id=form.cleaned_data["slot"],
            now=timezone.now(),
        ),
        _("Booked: the meeting is on both agendas."),
    )
    return redirect(_day_url(session.pk))


def _agreement_form(
    request: HttpRequest, session: B2BSession, agreement: Agreement | None
) -> RegisterAgreementForm:
    organisations, meetings = queries.list_agreement_choices(session=session)
    initial = None
    if agreement is not None:
        initial = {
            "kind": agreement.kind,
            "title": agreement.title,
            "partners": queries.list_agreement_partner_ids(agreement=agreement),
            "signed_date": agreement.signed_date,
            "request": agreement.request_id,
        }
    return RegisterAgreementForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organisations=organisations,
        meetings=meetings,
    )


def _save_agreement(
    request: HttpRequest, session: B2BSession, agreement: Agreement | None
) -> HttpResponse:
    form = _agreement_form(request, session, agreement)
    if request.method == "POST" and form.is_valid():
        values = {
            "kind": form.cleaned_data["kind"],
            "title": form.cleaned_data["title"],
            "partner_ids": form.cleaned_data["partners"],
            "signed_date": form.cleaned_data["signed_date"],
            "request_id": form.cleaned_data["request"],
            "now": timezone.now(),
        }
        try:
            if agreement is None:
                services.record_agreement(user=request.user, session=session, **values)
            else:
                services.update_agreement(user=request.user, agreement=agreement, **values)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                name = {"partner_ids": "partners", "request_id": "request"}.get(field, field)
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, _("The agreement register is up to date."))
            if permissions.is_organiser(user=request.user, session=session):
                return redirect(_organise_url(session.pk))
            return redirect(reverse("brokerage:session", args=[session.pk]))
    return render(
        request,
        "brokerage/agreement_form.html",
        {"session": session, "event": session.event, "form": form, "agreement": agreement},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_agreement(request: HttpRequest, session_id: int) -> HttpResponse:
    """Organisers record an agreement, with or without a meeting of the schedule."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    return _save_agreement(request, session, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_agreement(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Correct an agreement of the register (organisers, its signatories' participants)."""
    agreement = permissions.access_agreement_for_edit(user=request.user, agreement_id=agreement_id)
    return _save_agreement(request, agreement.session, agreement)
