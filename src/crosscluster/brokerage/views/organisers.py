"""The organisers' pages of a B2B session: set-up, registrations, scheduler runs,
agenda options and tables. Parse, make one call, render or redirect."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from crosscluster.brokerage import permissions, queries, services
from crosscluster.brokerage.forms import (
    AgendaOptionsForm,
    FixedTableForm,
    SessionForm,
)
from crosscluster.brokerage.models import B2BSession, Participant
from crosscluster.brokerage.views.common import (
    _attempt,
    _organise_url,
)
from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx
from crosscluster.core.times import zone_label


@login_required
def organise(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    return _organise_page(request, session)


def _organise_page(
    request: HttpRequest, session: B2BSession, *, refused: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The organisers' page; ``refused``: a form refused (``options_form`` or ``table_form``),
    shown again (400) as chosen, each problem beside its field."""
    page = queries.get_organiser_page(session=session)
    return render(
        request,
        "brokerage/organise.html",
        {"session": session, "event": session.event, **page.as_context(), **(refused or {})},
        status=400 if refused else 200,
    )


def _on_organise(
    request: HttpRequest,
    session: B2BSession,
    name: str,
    form: forms.Form,
    action: Callable[[], object],
    done: Callable[[], str],
) -> HttpResponse:
    """Do ``action`` with the valid ``form``: done, back to the organisers' page; refused, the
    page again with ``form`` (``name`` in its context) as chosen."""
    if form.is_valid():
        try:
            action()
        except ValidationError as error:
            add_service_errors(form, error, aliases={"participant_id": "participant"})
        else:
            messages.success(request, done())
            return redirect(_organise_url(session.pk))
    return _organise_page(request, session, refused={name: form})


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

    def act() -> object:
        return services.set_agenda_options(
            user=request.user,
            session=session,
            compact_agendas=form.cleaned_data["compact_agendas"],
            max_break_difference=form.cleaned_data["max_break_difference"],
            half_day_agendas=form.cleaned_data["half_day_agendas"],
        )

    def done() -> str:
        return _("Agenda options saved: they apply from the next scheduler run.")

    return _on_organise(request, session, "options_form", form, act, done)


@login_required
@require_POST
def fixed_table(request: HttpRequest, session_id: int) -> HttpResponse:
    """Organisers fix (or release) the table a host stays at for all their meetings."""
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    form = FixedTableForm(request.POST)
    hosts: list[Participant] = []

    def act() -> object:
        participant = permissions.access_participant_for_organiser(
            user=request.user, participant_id=form.cleaned_data["participant"]
        )
        hosts.append(participant)
        if form.cleaned_data["release"]:
            services.release_fixed_table(
                user=request.user, session=session, participant=participant
            )
            return None
        return services.assign_fixed_table(
            user=request.user,
            session=session,
            participant=participant,
            number=form.cleaned_data["number"],
        )

    def done() -> str:
        name = {"name": hosts[0].display_name}
        if form.cleaned_data["release"]:
            return _("%(name)s no longer has a fixed table (from the next run).") % name
        return _("%(name)s stays at one table (from the next run).") % name

    return _on_organise(request, session, "table_form", form, act, done)


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
def registration(request: HttpRequest, session_id: int) -> HttpResponse:
    session = permissions.access_session_for_organiser(user=request.user, session_id=session_id)
    is_open = request.POST.get("open") == "1"
    services.set_registration_open(user=request.user, session=session, is_open=is_open)
    messages.success(
        request, _("Registration is open.") if is_open else _("Registration is closed.")
    )
    return redirect(_organise_url(session.pk))
