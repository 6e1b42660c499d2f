"""Pages of a B2B session: parse, make one call, render or redirect. Nothing else."""

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
    AgendaOptionsForm,
    AgreementForm,
    AttendanceForm,
    AvailabilityForm,
    CapturedNeedForm,
    FixedTableForm,
    OutcomeForm,
    RegistrationForm,
    RequestForm,
    SessionForm,
)
from crosscluster.brokerage.models import B2BSession, Participant
from crosscluster.core.documents.names import attachment
from crosscluster.core.http import is_htmx, safe_next
from crosscluster.core.times import zone_label
from crosscluster.exports import services as export_services


def _session_url(session_id: int) -> str:
    return reverse("brokerage:session", args=[session_id])


def _organise_url(session_id: int) -> str:
    return reverse("brokerage:organise", args=[session_id])


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


def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
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
    return render(request, "brokerage/session.html", context)


@login_required
@require_POST
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    form = RegistrationForm(
        request.POST,
        session=session,
        organisations=queries.list_registrable_organisations(user=request.user),
    )
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(_session_url(session.pk))
    data = services.RegistrationData(
        organisation_id=form.cleaned_data["organisation"].pk,
        display_name=form.cleaned_data["display_name"],
        profile=form.cleaned_data["profile"],
        answers=form.answers(),
        listed_publicly=form.cleaned_data["listed_publicly"],
        is_online=form.cleaned_data["is_online"],
    )
    _attempt(
        request,
        lambda: services.register(
            user=request.user, session=session, data=data, now=timezone.now()
        ),
        _("You are registered; the organisers will confirm."),
    )
    return redirect(_session_url(session.pk))


def _own(request: HttpRequest, session: B2BSession) -> Participant:
    me = queries.get_participant_of(session=session, user_id=request.user.pk)
    if me is None:
        raise Http404(_("You are not registered for this session."))
    return me


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
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(_session_url(session.pk))
    _attempt(
        request,
        lambda: services.set_availability(
            user=request.user,
            participant=me,
            available_slot_ids=[slot.pk for slot in form.cleaned_data["slots"]],
            max_meetings=form.cleaned_data["max_meetings"],
            max_consecutive=form.cleaned_data["max_consecutive"],
        ),
        _("Your availability is saved."),
    )
    return redirect(_session_url(session.pk))


@login_required
@require_POST
def send_request(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    approved = queries.list_approved_participants(session=session)
    form = RequestForm(request.POST, others=approved, colleagues=approved)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(_session_url(session.pk))
    delegate = form.cleaned_data["delegate"]
    _attempt(
        request,
        lambda: services.send_request(
            user=request.user,
            requester=me,
            recipient_id=form.cleaned_data["recipient"].pk,
            message=form.cleaned_data["message"],
            priority=form.cleaned_data["priority"],
            delegate_id=delegate.pk if delegate else None,
            now=timezone.now(),
        ),
        _("Your request is sent."),
    )
    return redirect(_session_url(session.pk))


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


@login_required
def organise(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    page = queries.get_organiser_page(session=session)
    return render(
        request,
        "brokerage/organise.html",
        {"session": session, "event": session.event, **page.as_context()},
    )


@login_required
@require_POST
def decide(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = permissions.access_participant_for_organiser(
        user=request.user, participant_id=participant_id
    )
    approve = request.POST.get("approve") == "1"
    _attempt(
        request,
        lambda: services.decide_registration(
            user=request.user, participant=participant, approve=approve, now=timezone.now()
        ),
        _("Decision saved."),
    )
    return redirect(_organise_url(participant.session_id))


@login_required
@require_POST
def run(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    _attempt(
        request,
        lambda: services.run_scheduler(user=request.user, session=session, now=timezone.now()),
        _("The scheduler is running in the background: this page shows the schedule when done."),
    )
    return redirect(_organise_url(session.pk))


@login_required
@require_safe
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run's progress (htmx polls it; when the run finishes, the page reloads itself)."""
    schedule_run = permissions.access_run_for_organiser(user=request.user, run_id=run_id)
    if not is_htmx(request):
        return redirect(_organise_url(schedule_run.session_id))
    response = render(request, "brokerage/_run_status.html", {"current": schedule_run})
    if not schedule_run.is_in_progress:
        response["HX-Refresh"] = "true"  # show the finished schedule with the rest of the page
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def lock(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = permissions.access_meeting_for_organiser(user=request.user, meeting_id=meeting_id)
    locked = request.POST.get("locked") == "1"
    _attempt(
        request,
        lambda: services.lock_meeting(user=request.user, meeting=meeting, locked=locked),
        _("Locked.") if locked else _("Unlocked."),
    )
    return redirect(_organise_url(meeting.run.session_id))


@login_required
@require_POST
def publish(request: HttpRequest, run_id: int) -> HttpResponse:
    schedule_run = permissions.access_run_for_organiser(user=request.user, run_id=run_id)
    _attempt(
        request,
        lambda: services.publish_run(user=request.user, run=schedule_run, now=timezone.now()),
        _("The schedule is published: participants see their agendas."),
    )
    return redirect(_organise_url(schedule_run.session_id))


@login_required
@require_POST
def agenda_options(request: HttpRequest, session_id: int) -> HttpResponse:
    """Organisers turn compact agendas on or off (and fairness, half-days): next run on."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    form = AgendaOptionsForm(request.POST)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(_organise_url(session.pk))
    _attempt(
        request,
        lambda: services.set_agenda_options(
            user=request.user,
            session=session,
            compact_agendas=form.cleaned_data["compact_agendas"],
            max_break_difference=form.cleaned_data["max_break_difference"],
            half_day_agendas=form.cleaned_data["half_day_agendas"],
        ),
        _("Agenda options saved: they apply from the next scheduler run."),
    )
    return redirect(_organise_url(session.pk))


@login_required
@require_POST
def fixed_table(request: HttpRequest, session_id: int) -> HttpResponse:
    """Organisers fix (or release) the table a host stays at for all their meetings."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    form = FixedTableForm(request.POST)
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(_organise_url(session.pk))
    participant = permissions.access_participant_for_organiser(
        user=request.user, participant_id=form.cleaned_data["participant"]
    )
    if form.cleaned_data["release"]:
        _attempt(
            request,
            lambda: services.release_fixed_table(
                user=request.user, session=session, participant=participant
            ),
            _("%(name)s no longer has a fixed table (from the next run).")
            % {"name": participant.display_name},
        )
    else:
        _attempt(
            request,
            lambda: services.assign_fixed_table(
                user=request.user,
                session=session,
                participant=participant,
                number=form.cleaned_data["number"],
            ),
            _("%(name)s stays at one table (from the next run).")
            % {"name": participant.display_name},
        )
    return redirect(_organise_url(session.pk))


@login_required
def table_plan(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    published = queries.get_published_run(session=session)
    return render(
        request,
        "brokerage/tables.html",
        {
            "session": session,
            "event": session.event,
            "plan": queries.build_table_plan(run=published) if published else [],
            "tables": queries.list_tables(session=session),
        },
    )


def _agenda_of(request: HttpRequest, session_id: int, participant_id: int) -> Participant:
    participant = permissions.access_own_participant(
        user=request.user, participant_id=participant_id
    )
    if participant.session_id != session_id:
        raise Http404(_("No such participant in this session."))
    return participant


@login_required
def agenda(request: HttpRequest, session_id: int, participant_id: int) -> HttpResponse:
    participant = _agenda_of(request, session_id, participant_id)
    published = queries.get_published_run(session=participant.session)
    items = queries.list_agenda(participant=participant, run=published)
    other = request.GET.get("with", "")
    return render(
        request,
        "brokerage/agenda.html",
        {
            "participant": participant,
            "session": participant.session,
            "event": participant.session.event,
            "items": items,
            "onsite": queries.get_onsite_agenda(
                participant=participant,
                request_ids=[item.meeting.request_id for item in items],
                other_id=int(other) if other.isdigit() and len(other) < 10 else None,
                now=timezone.now(),
            ),
            "attendance_form": AttendanceForm(),
            "fixed_table": queries.get_fixed_table(participant=participant),
            "needs": queries.list_needs_of(participant=participant),
            "need_form": CapturedNeedForm(),
            "outcome_form": OutcomeForm(),
            "agreement_form": AgreementForm(),
        },
    )


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
    back = reverse("brokerage:agenda", args=[session.pk, me.pk])
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(back)
    meeting_request = permissions.access_request(
        user=request.user, request_id=form.cleaned_data["request"]
    )
    _attempt(
        request,
        lambda: services.record_outcome(
            user=request.user,
            participant=me,
            request=meeting_request,
            wave=form.cleaned_data["wave"],
            outcome=form.cleaned_data["outcome"],
            comment=form.cleaned_data["comment"],
            now=timezone.now(),
        ),
        _("Thank you: your answer is saved."),
    )
    return redirect(back)


def event_session(request: HttpRequest, event_id: int) -> HttpResponse:
    """From an event to its B2B session (the link the event page can use)."""
    session = permissions.access_session_of_event(user=request.user, event_id=event_id)
    return redirect(_session_url(session.pk))


@login_required
def set_up(request: HttpRequest, event_id: int) -> HttpResponse:
    """Organisers set up (or, before the first run, change) an event's B2B session."""
    event = permissions.access_event_for_set_up(user=request.user, event_id=event_id)
    initial = queries.get_set_up_initial(event_id=event.pk)
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.configure_session(
                user=request.user, event=event, data=form.session_data()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The B2B session is set up."))
            return redirect(_organise_url(session.pk))
    context = {"event": event, "form": form, "zone": zone_label(event.timezone)}
    return render(request, "brokerage/set_up.html", context)


@login_required
@require_POST
def record_agreement(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant records an agreement that came out of one of their meetings."""
    session = permissions.access_session(user=request.user, session_id=session_id)
    me = _own(request, session)
    form = AgreementForm(request.POST)
    back = reverse("brokerage:agenda", args=[session.pk, me.pk])
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(back)
    meeting_request = permissions.access_request(
        user=request.user, request_id=form.cleaned_data["request"]
    )
    partner_ids = sorted({member.organisation_id for member in meeting_request.members()})
    _attempt(
        request,
        lambda: services.record_agreement(
            user=request.user,
            session=session,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            partner_ids=partner_ids,
            signed_date=form.cleaned_data["signed_date"],
            request_id=meeting_request.pk,
            now=timezone.now(),
        ),
        _("The agreement is in the register."),
    )
    return redirect(back)


@login_required
@require_POST
def capture_need(request: HttpRequest, session_id: int) -> HttpResponse:
    """A participant (or organiser) records a need heard at a meeting: a marketplace draft."""
    session = permissions.access_session(user=request.user, session_id=session_id)
    form = CapturedNeedForm(request.POST)
    back = safe_next(request, _session_url(session.pk))
    if not form.is_valid():
        _report_form_errors(request, form)
        return redirect(back)
    request_id = form.cleaned_data["request"]
    if request_id is not None:
        permissions.access_request(user=request.user, request_id=request_id)
    _attempt(
        request,
        lambda: services.capture_need(
            user=request.user,
            session=session,
            organisation_id=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            request_id=request_id,
            now=timezone.now(),
        ),
        _("The need is recorded as a marketplace draft; its organisation's members publish it."),
    )
    return redirect(back)


@login_required
@require_POST
def registration(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    is_open = request.POST.get("open") == "1"
    services.set_registration_open(user=request.user, session=session, is_open=is_open)
    messages.success(
        request, _("Registration is open.") if is_open else _("Registration is closed.")
    )
    return redirect(_organise_url(session.pk))
