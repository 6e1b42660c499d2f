"""Web forms: they only parse; the services validate and write."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import (
    PUBLIC_LISTING_CONSENT_TEXT,
    AgreementKind,
    Attendance,
    B2BSession,
    Outcome,
    Participant,
    Priority,
    Slot,
    SurveyWave,
)
from crosscluster.brokerage.services import SessionData
from crosscluster.core.forms import (
    EMPTY_CHOICE,
    CheckboxGroup,
    DateInput,
    PickerForm,
    SearchPickField,
    TimeInput,
    add_service_errors_with_rows,
    choice_errors,
    edit_rows,
    picker_query,
    preselect_only_choice,
    show_unchecked,
)
from crosscluster.core.times import format_slot, venue_zone

if TYPE_CHECKING:
    from django.http import QueryDict
    from django.utils.functional import _StrOrPromise

    from crosscluster.directory.models import Organisation


class RegistrationForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        queryset=None,  # the user's organisations, set in __init__
        label=_("Organisation"),
    )
    display_name = forms.CharField(max_length=120, label=_("Your name as others see it"))
    profile = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("What you offer and seek")
    )
    listed_publicly = forms.BooleanField(required=False, label=PUBLIC_LISTING_CONSENT_TEXT)
    is_online = forms.BooleanField(required=False, label=_("I will meet by video"))

    def __init__(self, *args: Any, session: B2BSession, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        preselect_only_choice(self.fields["organisation"])
        for index, question in enumerate(session.questions):
            self.fields[f"question_{index}"] = forms.CharField(label=question, max_length=2000)
        self.questions = list(session.questions)

    def answers(self) -> dict[str, str]:
        return {q: self.cleaned_data.get(f"question_{i}", "") for i, q in enumerate(self.questions)}


class RequestForm(forms.Form):
    recipient: forms.ModelChoiceField[Participant] = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        queryset=None,
        label=_("Meet"),  # set in __init__
    )
    priority = forms.TypedChoiceField(
        choices=Priority.choices, coerce=int, initial=Priority.MEDIUM, label=_("Priority")
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Message")
    )
    delegate: forms.ModelChoiceField[Participant] = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        queryset=None,  # set in __init__
        required=False,
        label=_("A colleague comes too"),
    )

    def __init__(self, *args: Any, others: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = others  # type: ignore[attr-defined]
        self.fields["delegate"].queryset = colleagues  # type: ignore[attr-defined]


def _own_limit(label: _StrOrPromise) -> forms.IntegerField:
    """A participant's own limit on their meetings; empty keeps the session's."""
    return forms.IntegerField(
        required=False,
        min_value=1,
        max_value=200,
        label=label,
        help_text=_("Leave empty to use the organisers' limit, if any."),
    )


class AvailabilityForm(forms.Form):
    slots: forms.ModelMultipleChoiceField[Slot] = forms.ModelMultipleChoiceField(
        queryset=None,  # the session's slots, set in __init__
        widget=CheckboxGroup,
        required=False,
    )
    max_meetings = _own_limit(_("Meetings at most"))
    max_consecutive = _own_limit(_("Meetings in a row at most"))

    def __init__(self, *args: Any, session: B2BSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = queries.list_slot_choices(session=session)  # type: ignore[attr-defined]
        zone = venue_zone(session.event.timezone)
        self.fields["slots"].label_from_instance = lambda slot: format_slot(  # type: ignore[attr-defined]
            slot.start_at, slot.end_at, zone
        )
        self.fields["slots"].label = _("Slots you can meet in (venue time, %(zone)s)") % {
            "zone": zone.key
        }


class AgreementForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=AgreementKind.choices)
    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Title: name the agreement, e.g. Memorandum of understanding.")
        },
    )
    signed_date = forms.DateField(
        widget=DateInput(),
        error_messages={
            "required": _("Signed on: give the day it was signed, e.g. 2026-03-04."),
            "invalid": _("Signed on: give the day it was signed, e.g. 2026-03-04."),
        },
    )


class FixedTableForm(forms.Form):
    participant = forms.IntegerField(label=_("Host"))
    number = forms.IntegerField(label=_("Table"), required=False, min_value=1)
    release = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("release") and data.get("number") is None:
            self.add_error("number", _("Choose the table the host stays at."))
        return data


class CapturedNeedForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = forms.IntegerField(label=_("Whose need"))
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
    wave = forms.ChoiceField(choices=SurveyWave.choices)
    outcome = forms.ChoiceField(choices=Outcome.choices)
    comment = forms.CharField(required=False, max_length=2000)


class PeriodForm(forms.Form):
    """One meeting period: a date and a start and end time at the venue. A row left empty is
    no period (so a row is removed by emptying it, and the extra empty row costs nothing)."""

    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    start = forms.TimeField(label=_("Starts"), required=False, widget=TimeInput())
    end = forms.TimeField(label=_("Ends"), required=False, widget=TimeInput())

    def __init__(self, *args: Any, number: int | str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.legend = _("Period %(number)s") % {"number": number}
        messages = {
            "date": _(
                "Period %(number)s: give the date as a day of the calendar, e.g. 2026-03-03."
            ),
            "start": _("Period %(number)s: give the start as a time of day, e.g. 09:00."),
            "end": _("Period %(number)s: give the end as a time of day, e.g. 12:30."),
        }
        for name, message in messages.items():
            self.fields[name].error_messages["invalid"] = message % {"number": number}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not any(data.get(name) for name in ("date", "start", "end")):
            return data
        missing = {
            "date": _("Period %(number)s: choose its date."),
            "start": _("Period %(number)s: give the time it starts."),
            "end": _("Period %(number)s: give the time it ends."),
        }
        for name, message in missing.items():
            if data.get(name) is None:
                self.add_error(name, message % {"number": self.number})
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error(
                "end",
                _("Period %(number)s: the end must be after the start.") % {"number": self.number},
            )
        return data

    def period(self) -> tuple[int | str, dt.datetime, dt.datetime] | None:
        """(number, start, end) as naive venue times, or None for an empty row."""
        data = self.cleaned_data
        if not (data.get("date") and data.get("start") and data.get("end")):
            return None
        return (
            self.number,
            dt.datetime.combine(data["date"], data["start"]),
            dt.datetime.combine(data["date"], data["end"]),
        )


class BasePeriodFormSet(forms.BaseFormSet[PeriodForm]):
    """The periods as rows; overlapping rows are refused by their numbers."""

    @property
    def row_legend_template(self) -> str:
        """The legend of a row site.js adds (it writes the row's number for ``__num__``)."""
        return str(self.empty_form.legend)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"number": "__num__" if index is None else index + 1}

    def periods(self) -> list[tuple[int | str, dt.datetime, dt.datetime]]:
        return [p for p in (form.period() for form in self.forms) if p is not None]

    def clean(self) -> None:
        if any(self.errors):
            return
        ordered = sorted(self.periods(), key=lambda row: (row[1], row[0]))
        for (first, _start, end), (second, start, _end) in itertools.pairwise(ordered):
            if start < end:
                raise forms.ValidationError(
                    _(
                        "Periods %(first)s and %(second)s overlap: make one end before the other starts."
                    ),
                    params={"first": min(first, second), "second": max(first, second)},
                )


PERIOD_FIELDS = ("date", "start", "end")

#: rows on the page: the periods saved, then one empty row to add another (more with the
#: "Add another period" button); at most ``max_num`` rows are read.
PeriodFormSet = forms.formset_factory(
    PeriodForm, formset=BasePeriodFormSet, extra=1, max_num=50, absolute_max=50
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SessionForm(forms.Form):
    """The session's settings; its periods are rows of their own (``self.periods``), added and
    removed on the page (site.js) or, without JavaScript, by the server (``editing_rows``)."""

    # Each help text adds what the label does not say: the accepted range (the service's
    # limits), what the value does, and what an empty field means.
    slot_minutes = forms.IntegerField(
        initial=20,
        label=_("Minutes per meeting"),
        help_text=_("5 to 240. Each period is cut into meetings of this length."),
    )
    gap_minutes = forms.IntegerField(
        initial=5,
        label=_("Minutes between meetings"),
        help_text=_("0 to 120, to change tables (0: back to back)."),
    )
    tables = forms.IntegerField(
        initial=10,
        label=_("Tables"),
        help_text=_("How many meetings run at the same time: 1 to 2,000."),
    )
    table_names = forms.CharField(
        label=_("Table names"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One a line, as many as there are tables; empty: numbered 1, 2, 3 …"),
    )
    capacity = forms.IntegerField(
        required=False,
        label=_("Participants at most"),
        help_text=_("Registrations beyond it go on a waiting list; empty: no limit."),
    )
    max_meetings = forms.IntegerField(
        required=False,
        label=_("Meetings per participant at most"),
        help_text=_("For everyone who sets no limit of their own; empty: no limit."),
    )
    max_consecutive = forms.IntegerField(
        required=False,
        label=_("Meetings in a row at most"),
        help_text=_(
            "Then the scheduler leaves a slot free. For everyone who sets no limit of their "
            "own; empty: no limit."
        ),
    )
    questions = forms.CharField(
        label=_("Registration questions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Asked on the registration form: one a line, up to 300 characters each."),
    )
    video_url = forms.CharField(
        required=False,
        label=_("Video meeting room"),
        help_text=_(
            "For online meetings: an https:// address; {table} in it becomes the table's number."
        ),
    )
    request_days = forms.IntegerField(
        initial=7,
        label=_("Days to answer a request"),
        help_text=_("1 to 90; an unanswered request then expires."),
    )
    reminder_days = forms.IntegerField(
        initial=2,
        label=_("Reminder e-mail"),
        required=False,
        help_text=_("Days before the event, 0 to 30 (0: no reminder)."),
    )

    compact_agendas = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Compact agendas"),
        help_text=_("Fewest idle gaps in participants' days (never one meeting less)."),
    )
    max_break_difference = forms.IntegerField(
        required=False,
        label=_("Most difference in breaks between participants"),
        help_text=_(
            "0 to 50: nobody has more than this many breaks above the participant with the "
            "fewest; empty: no limit."
        ),
    )
    half_day_agendas = forms.BooleanField(
        required=False, label=_("Keep each participant's meetings within one half-day")
    )

    def __init__(
        self, data: QueryDict | None = None, *, initial: dict[str, Any] | None = None
    ) -> None:
        initial = dict(initial or {})
        periods = initial.pop("periods", [])
        edited = edit_rows(data, prefix="periods", fields=PERIOD_FIELDS) if data else None
        super().__init__(data, initial=initial)
        self.periods = cast(
            BasePeriodFormSet, PeriodFormSet(edited or data, initial=periods, prefix="periods")
        )
        #: "Add another period" or "Remove" was pressed (without JavaScript): show the form
        #: again with the rows changed, check nothing and save nothing
        self.editing_rows = edited is not None
        if self.editing_rows:
            show_unchecked(self)
            show_unchecked(self.periods)

    def is_valid(self) -> bool:
        if self.editing_rows:
            return False
        periods_valid = self.periods.is_valid()
        return super().is_valid() and periods_valid

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's problems beside their fields; those of the periods above the rows."""
        add_service_errors_with_rows(self, error, rows=self.periods, key="periods")

    def session_data(self) -> SessionData:
        data = self.cleaned_data
        return SessionData(
            periods=[(start, end) for _number, start, end in self.periods.periods()],
            slot_minutes=data["slot_minutes"],
            gap_minutes=data["gap_minutes"],
            tables=data["tables"],
            table_names=_lines(data["table_names"]),
            capacity=data["capacity"],
            max_meetings=data["max_meetings"],
            max_consecutive=data["max_consecutive"],
            questions=_lines(data["questions"]),
            video_url=data["video_url"].strip(),
            request_days=data["request_days"],
            reminder_days=2 if data["reminder_days"] is None else data["reminder_days"],
            compact_agendas=data["compact_agendas"],
            max_break_difference=data["max_break_difference"],
            half_day_agendas=data["half_day_agendas"],
        )


class AgendaOptionsForm(forms.Form):
    """Compact agendas on or off (with fairness and half-days), from the next run on."""

    compact_agendas = forms.BooleanField(required=False, label=_("Compact agendas"))
    max_break_difference = forms.IntegerField(
        required=False, label=_("Most difference in breaks between participants")
    )
    half_day_agendas = forms.BooleanField(
        required=False, label=_("Keep each participant's meetings within one half-day")
    )


# On the day -----------------------------------------------------------------------------------


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Did the meeting take place?"), choices=Attendance.choices)
    absent = forms.IntegerField(label=_("Who did not come"), required=False)


class DeskSearchForm(forms.Form):
    """The check-in desk's search box: a name or organisation, or a badge's scanned code."""

    q = forms.CharField(label=_("Search by name or organisation"), max_length=200)


class BookingForm(forms.Form):
    """A participant proposes a free slot to another (the agenda page)."""

    invitee = forms.IntegerField(label=_("With"))
    slot = forms.IntegerField(label=_("Slot"))
    message = forms.CharField(label=_("Message"), required=False, max_length=500)


class ParticipantPickField(SearchPickField):
    """An approved participant of the session picked by name (a search picker, never a list of
    thousands); its value is the participant's id."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            choice_errors(_("Choose an approved participant of this session from the matches.")),
        )
        super().__init__(**kwargs)
        self.to_field_name = None


class DirectBookingForm(PickerForm):
    """An organiser books a free slot for two participants (the running day's page): each
    found by name among the session's approved participants (``pick_participants``), the slot
    among those not over yet."""

    first = ParticipantPickField(label=_("Participant"))
    second = ParticipantPickField(label=_("Meets"))
    slot: forms.ModelChoiceField[Slot] = forms.ModelChoiceField(
        label=_("Slot"),
        queryset=None,
        empty_label=None,
        error_messages=choice_errors(_("Choose one of the slots listed.")),
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        session: B2BSession,
        slots: Any,
        search_url: str,
    ) -> None:
        super().__init__(data, auto_id="book-%s")
        for name in ("first", "second"):
            field = cast(ParticipantPickField, self.fields[name])
            field.queryset = queries.list_approved_participants(session=session)
            field.offer(
                find=lambda words, chosen: queries.pick_participants(
                    session=session, q=words, chosen=chosen
                ),
                query=picker_query(data, name),
                search_url=search_url,
            )
        zone = venue_zone(session.event.timezone)
        cast(forms.ModelChoiceField, self.fields["slot"]).queryset = slots
        self.fields["slot"].label_from_instance = lambda slot: format_slot(  # type: ignore[attr-defined]
            slot.start_at, slot.end_at, zone
        )


class BookingPartnerForm(PickerForm):
    """Whom a participant books a free slot with (the agenda page, a GET form): found by name
    among the approved participants of the other organisations (``pick_booking_partners``),
    never a list of thousands."""

    with_ = ParticipantPickField(label=_("Book a free slot with"))

    def __init__(
        self,
        data: QueryDict | None,
        *,
        participant: Participant,
        search_url: str,
        chosen: Participant | None = None,
    ) -> None:
        """``chosen``: the one whose free slots are shown (after a refused proposal too)."""
        initial = {"with": str(chosen.pk)} if chosen is not None else None
        super().__init__(data, auto_id="free-%s", initial=initial)
        self.fields["with"] = field = cast(ParticipantPickField, self.fields.pop("with_"))
        field.queryset = queries.list_booking_partners(participant=participant)
        field.offer(
            find=lambda words, chosen: queries.pick_booking_partners(
                participant=participant, q=words, chosen=chosen
            ),
            query=picker_query(data, "with"),
            search_url=search_url,
        )


class RegisterAgreementForm(forms.Form):
    """An organiser's agreement, with or without a meeting, or any agreement being corrected:
    its partners are among the session's participants' organisations."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    partners = forms.TypedMultipleChoiceField(
        label=_("Partners (at least two)"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    signed_date = forms.DateField(label=_("Signed on"), widget=DateInput())
    request = forms.TypedChoiceField(
        label=_("At the meeting (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[int, str]],
        meetings: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partners"]).choices = organisations
        cast(forms.ChoiceField, self.fields["request"]).choices = [
            ("", _("None: not linked to a meeting")),
            *meetings,
        ]
