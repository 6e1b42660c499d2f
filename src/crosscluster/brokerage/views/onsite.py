"""Pages of the day itself: the check-in desk, the running day, whether a meeting took place,
free slots booked on site, and the organisers' agreement forms. Parse, make one call, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crosscluster.brokerage import permissions, queries, services
from crosscluster.brokerage.forms import (
    AttendanceForm,
    BookingForm,
    DeskSearchForm,
    DirectBookingForm,
    RegisterAgreementForm,
)
from crosscluster.brokerage.models import Agreement, B2BSession, SlotBooking
from crosscluster.brokerage.views.common import (
    _no_problems,
    _organise_url,
    _own,
    _report_form_errors,
)
from crosscluster.brokerage.views.participants import _agenda_of, _agenda_page
from crosscluster.core.forms import add_service_errors, forms_beside
from crosscluster.core.http import is_htmx, safe_next

#: participants a page of the check-in desk lists
CHECK_IN_PAGE = 50


def _check_in_url(session_id: int) -> str:
    return reverse("brokerage:check_in", args=[session_id])


def _day_url(session_id: int) -> str:
    return reverse("brokerage:running_day", args=[session_id])


def _agenda_url(session_id: int, participant_id: int) -> str:
    return reverse("brokerage:agenda", args=[session_id, participant_id])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    """The desk: approved participants by name, searchable, each with "Arrived" (or undo). The
    search box takes a badge's scanned code too (posted: the scanner types it, then Enter):
    that participant has arrived."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    if request.method != "POST":
        return _check_in_page(request, session, search=request.GET.get("q", ""))
    search = request.POST.get("q", "").strip()
    if not queries.looks_like_badge(search):  # the Search button without JavaScript
        return _check_in_page(request, session, search=search)
    form = DeskSearchForm(request.POST)
    try:
        person = services.check_in_by_badge(
            user=request.user, session=session, token=search, now=timezone.now()
        )
    except ValidationError as error:
        add_service_errors(form, error, aliases={"token": "q"})
        return _check_in_page(request, session, search="", scanned=form)
    messages.success(request, _("%(name)s has arrived.") % {"name": person.display_name})
    return redirect(_check_in_url(session.pk))


def _check_in_page(
    request: HttpRequest,
    session: B2BSession,
    *,
    search: str,
    refused: tuple[int, forms.Form] | None = None,
    scanned: forms.Form | None = None,
) -> HttpResponse:
    """The desk; ``refused``: an arrival refused (the participant's id, the form with the
    service's problem), shown (400) beside that participant's row, else above the list;
    ``scanned``: a badge's code refused, the problem beside the search box (400)."""
    search = search[:100]
    waiting = request.GET.get("show") == "waiting"
    desk = queries.list_check_in(session=session, search=search, waiting=waiting)
    # a page at a time: the desk of 3,000 participants is not one page of 3,000 forms
    page = Paginator(desk.people, CHECK_IN_PAGE).get_page(request.GET.get("page"))
    unlisted = forms_beside(
        page.object_list, attribute="arrival_form", blank=_no_problems, refused=refused
    )
    context = {
        "session": session,
        "event": session.event,
        "search": search,
        "waiting": waiting,
        "desk": desk,
        "page": page,
        "unlisted_form": unlisted,
        "scanned": scanned,
    }
    status = 400 if refused is not None or scanned is not None else 200
    if is_htmx(request) and refused is None:  # the list follows the search field as the desk types
        return render(request, "brokerage/_check_in_list.html", context)
    return render(request, "brokerage/check_in.html", context, status=status)


@login_required
@require_POST
def arrival(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = permissions.access_participant_for_organiser(
        user=request.user, participant_id=participant_id
    )
    arrived = request.POST.get("arrived") == "1"
    back = safe_next(request, _check_in_url(participant.session_id))
    form = forms.Form(request.POST)
    try:
        services.check_in(
            user=request.user, participant=participant, arrived=arrived, now=timezone.now()
        )
    except ValidationError as error:
        add_service_errors(form, error)
        search = QueryDict(urlsplit(back).query).get("q", "")
        return _check_in_page(
            request, participant.session, search=search, refused=(participant.pk, form)
        )
    messages.success(
        request,
        (_("%(name)s has arrived.") if arrived else _("%(name)s is no longer checked in."))
        % {"name": participant.display_name},
    )
    return redirect(back)


@login_required
@require_safe
def running_day(request: HttpRequest, session_id: int) -> HttpResponse:
    """One slot of the published schedule (the one under way by default, ``?slot=<id>`` another,
    ``?slot=all`` every one): tables, parties (arrived by the start or not) and whether each
    meeting took place; organisers book free slots here too."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    return _running_day(request, session)


def _booking_form(
    session: B2BSession, data: QueryDict | None = None, *, now: dt.datetime
) -> DirectBookingForm:
    return DirectBookingForm(
        data,
        session=session,
        slots=queries.list_upcoming_slots(session=session, now=now),
        search_url=reverse("api-1.0.0:pick_session_participants", args=[session.pk]),
    )


def _running_day(
    request: HttpRequest,
    session: B2BSession,
    *,
    refused: forms.Form | None = None,
    refused_attendance: tuple[int, forms.Form] | None = None,
    wanted: str | None = None,
) -> HttpResponse:
    """The running day (the slot ``wanted``, else the address's ``slot``); ``refused``: the
    booking form shown again (400) as typed, each problem beside its field;
    ``refused_attendance``: a meeting's attendance refused (its request id, the form), shown
    (400) beside that meeting, else above the slot."""
    now = timezone.now()
    slots = queries.list_session_slots(session=session)
    wanted = request.GET.get("slot", "") if wanted is None else wanted
    everything = wanted == "all"
    slot = next((item for item in slots if str(item.pk) == wanted), None) or (
        None if everything else queries.current_slot(slots, now=now)
    )
    position = slots.index(slot) if slot is not None else -1
    context = {
        "session": session,
        "event": session.event,
        "published": queries.get_published_run(session=session) is not None,
        "slots": slots,
        "slot": slot,
        "everything": everything,
        "previous": slots[position - 1] if position > 0 else None,
        "following": slots[position + 1] if 0 <= position < len(slots) - 1 else None,
        "here": _day_url(session.pk)
        + ("?slot=all" if everything else f"?slot={slot.pk}" if slot else ""),
    }
    day = queries.build_running_day(session=session, slot_id=None if slot is None else slot.pk)
    context["day"] = day
    context["booked"] = queries.list_booked_meetings(
        meetings=[item.meeting for row in day for item in row.meetings]
    )
    context["unlisted_form"] = forms_beside(
        [item.meeting for row in day for item in row.meetings],
        attribute="attendance_form",
        blank=_no_problems,
        refused=refused_attendance,
        key=lambda meeting: meeting.request_id,
    )
    refusing = refused_attendance is not None or refused is not None
    if is_htmx(request) and not refusing:  # another slot: its table only
        return render(request, "brokerage/_running_day_slots.html", context)
    context["counts"] = queries.count_attendance(session=session)
    context["booking_form"] = refused or _booking_form(session, now=now)
    status = 400 if refusing and not getattr(refused, "showing_again", False) else 200
    return render(request, "brokerage/running_day.html", context, status=status)


@login_required
@require_POST
def attendance(request: HttpRequest, request_id: int) -> HttpResponse:
    """A party to the meeting, or an organiser, says whether it took place; refused, the page
    it was said on (the running day or an agenda) again, the problem beside the meeting."""
    meeting_request = permissions.access_request(user=request.user, request_id=request_id)
    back = safe_next(request, reverse("brokerage:session", args=[meeting_request.session_id]))
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.record_attendance(
                user=request.user,
                request=meeting_request,
                status=form.cleaned_data["status"],
                absent_id=form.cleaned_data["absent"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"absent_id": "absent"})
        else:
            messages.success(request, _("Saved: the organisers see it on the running day."))
            return redirect(back)
    return _beside_meeting(request, meeting_request.session, meeting_request.pk, back, form)


def _beside_meeting(
    request: HttpRequest, session: B2BSession, request_id: int | None, back: str, form: forms.Form
) -> HttpResponse:
    """A meeting's action refused: the page it was taken on (``back``: the running day or an
    agenda) again (400), the problem beside the meeting of ``request_id`` (above the meetings
    when it is not there); from anywhere else, said as messages on the way back."""
    address = urlsplit(back)
    try:
        page = resolve(address.path)
    except Resolver404:
        page = None
    if (
        page is not None
        and page.url_name == "running_day"
        and page.kwargs.get("session_id") == session.pk
    ):
        return _running_day(
            request,
            session,
            refused_attendance=(request_id or 0, form),
            wanted=QueryDict(address.query).get("slot", ""),
        )
    if page is not None and page.url_name == "agenda":
        participant = _agenda_of(request, page.kwargs["session_id"], page.kwargs["participant_id"])
        return _agenda_page(
            request, participant, refused=("attendance_form", form), refused_request=request_id
        )
    _report_form_errors(request, form)
    return redirect(back)


@login_required
@require_POST
def remove_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Take a meeting booked on site off the schedule (organisers; its sides before it starts)."""
    booking = permissions.access_booking(user=request.user, booking_id=booking_id)
    request_id = booking.meeting.request_id if booking.meeting is not None else None
    back = safe_next(request, _agenda_url(booking.session_id, booking.proposer_id))
    form = forms.Form(request.POST)
    try:
        services.remove_booking(user=request.user, booking=booking, now=timezone.now())
    except ValidationError as error:
        add_service_errors(form, error)
        return _beside_meeting(request, booking.session, request_id, back, form)
    messages.success(request, _("The meeting is off the schedule: the slot is free again."))
    return redirect(back)


@login_required
@require_POST
def propose_booking(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant proposes a free slot to another ("Book a free slot with …")."""
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    form = BookingForm(request.POST)
    if form.is_valid():
        try:
            services.propose_booking(
                user=request.user,
                proposer=me,
                invitee_id=form.cleaned_data["invitee"],
                slot_id=form.cleaned_data["slot"],
                message=form.cleaned_data["message"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"invitee_id": "invitee", "slot_id": "slot"})
        else:
            messages.success(request, _("Proposed: the meeting is booked when they accept."))
            return redirect(_agenda_url(session.pk, me.pk))
    other = form.cleaned_data.get("invitee")
    return _agenda_page(request, me, refused_booking=(None, form), other_id=other)


def _answered(
    request: HttpRequest,
    booking: SlotBooking,
    participant_id: int,
    action: Callable[[], object],
    done: str,
) -> HttpResponse:
    """Answer or withdraw a proposal; refused, the agenda of ``participant_id`` again (400)
    with the problem beside the proposal."""
    form = forms.Form(request.POST)
    try:
        action()
    except ValidationError as error:
        add_service_errors(form, error)
        participant = _agenda_of(request, booking.session_id, participant_id)
        return _agenda_page(request, participant, refused_booking=(booking.pk, form))
    messages.success(request, done)
    return redirect(_agenda_url(booking.session_id, participant_id))


@login_required
@require_POST
def answer_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = permissions.access_booking(user=request.user, booking_id=booking_id)
    accept = request.POST.get("accept") == "1"
    return _answered(
        request,
        booking,
        booking.invitee_id,
        lambda: services.answer_booking(
            user=request.user, booking=booking, accept=accept, now=timezone.now()
        ),
        _("Booked: the meeting is on both agendas.") if accept else _("Declined."),
    )


@login_required
@require_POST
def withdraw_booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = permissions.access_booking(user=request.user, booking_id=booking_id)
    return _answered(
        request,
        booking,
        booking.proposer_id,
        lambda: services.withdraw_booking(user=request.user, booking=booking, now=timezone.now()),
        _("Your proposal is withdrawn."),
    )


@login_required
@require_POST
def book_slot(request: HttpRequest, session_id: int) -> HttpResponse:
    """An organiser books a free slot for two participants directly, each found by name."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    form = _booking_form(session, request.POST, now=timezone.now())
    if form.is_valid():
        try:
            services.book_slot(
                user=request.user,
                session=session,
                participant_ids=(form.cleaned_data["first"].pk, form.cleaned_data["second"].pk),
                slot_id=form.cleaned_data["slot"].pk,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases=BOOKING_FIELDS)
        else:
            messages.success(request, _("Booked: the meeting is on both agendas."))
            return redirect(_day_url(session.pk))
    return _running_day(request, session, refused=form)


#: the booking service's names of the running day's booking form's fields
BOOKING_FIELDS = {"participant_ids": "first", "participant_id": "second", "slot_id": "slot"}


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
            add_service_errors(
                form, error, aliases={"partner_ids": "partners", "request_id": "request"}
            )
        else:
            messages.success(request, _("The agreement register is up to date."))
            if permissions.is_organiser(user=request.user, session=session):
                return redirect(_organise_url(session.pk))
            return redirect(reverse("brokerage:session", args=[session.pk]))
    return render(
        request,
        "brokerage/agreement_form.html",
        {"session": session, "event": session.event, "form": form, "agreement": agreement},
        status=400 if form.is_bound else 200,
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
