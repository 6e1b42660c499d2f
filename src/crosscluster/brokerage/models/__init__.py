"""B2B sessions of an event: slots and tables, participants, meeting requests, schedules, outcomes.

Times are stored in UTC; the event's ``timezone`` is the venue's zone for display.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

# on the day (check-in, attendance, free slots booked on site), re-exported
from crosscluster.brokerage.models.onsite import (  # noqa: F401
    Attendance,
    BookingStatus,
    MeetingAttendance,
    MeetingSeat,
    SlotBooking,
)


class SessionStatus(models.TextChoices):
    PREPARING = "preparing", _("Schedule in preparation")
    PUBLISHED = "published", _("Schedule published")


class B2BSession(models.Model):
    """The one-to-one meeting programme of an event (brokerage event or study visit)."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="b2b_session"
    )
    slot_minutes = models.PositiveSmallIntegerField(default=20)
    gap_minutes = models.PositiveSmallIntegerField(
        default=5, help_text=_("Minutes between two slots (to change tables).")
    )
    tables = models.PositiveSmallIntegerField(default=10, help_text=_("Tables per slot."))
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Approved participants at most; then a waiting list.")
    )
    max_meetings = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Meetings per participant at most (default).")
    )
    max_consecutive = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Meetings in a row at most (default).")
    )
    questions = models.JSONField(default=list, blank=True, help_text=_("Registration questions."))
    video_url = models.URLField(
        blank=True, help_text=_("Video meeting room for online meetings (per table: {table}).")
    )
    request_days = models.PositiveSmallIntegerField(
        default=7, help_text=_("Days a meeting request waits for an answer before it expires.")
    )
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PREPARING
    )
    registration_open = models.BooleanField(default=True)
    reminder_days = models.PositiveSmallIntegerField(
        default=2,
        help_text=_("Days before the event the approved participants get a reminder e-mail."),
    )
    compact_agendas = models.BooleanField(
        default=True,
        help_text=_(
            "Fewest idle gaps in participants' days, after the most (and highest-priority) "
            "meetings: never one meeting less."
        ),
    )
    max_break_difference = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Fairness: breaks of any two participants differ by at most this (empty: no limit)."
        ),
    )
    half_day_agendas = models.BooleanField(
        default=False,
        help_text=_("Keep each participant's meetings within one half-day when they can."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="b2b_slot_length"),
            models.CheckConstraint(condition=Q(tables__gte=1), name="b2b_tables_positive"),
            models.CheckConstraint(
                condition=Q(max_break_difference__isnull=True) | Q(max_break_difference__lte=50),
                name="b2b_max_break_difference",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="b2b_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"B2B meetings at {self.event}"


class SessionPeriod(models.Model):
    """A stretch of time filled with slots (a morning, an afternoon); gaps between are breaks."""

    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="periods")
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=F("start_at")), name="b2b_period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_at:%Y-%m-%d %H:%M}-{self.end_at:%H:%M} UTC"


def table_name(number: int) -> str:
    """A table's name where the organisers gave it none, in the active language."""
    return gettext("Table %(number)s") % {"number": number}


class Table(models.Model):
    """A named table; a host with a fixed table meets everyone there."""

    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="named_tables")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    host = models.OneToOneField(
        "Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fixed_table",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="unique_b2b_table_number")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The organisers' name, or "Table n" in the active language (a row kept only for a
        fixed host has no name)."""
        return self.name or table_name(self.number)


class Slot(models.Model):
    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="slots")
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    tables = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=F("start_at")), name="b2b_slot_ends_after_start"
            ),
            models.UniqueConstraint(fields=["session", "start_at"], name="unique_b2b_slot_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start_at:%Y-%m-%d %H:%M}-{self.end_at:%H:%M} UTC"


class ParticipantStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    WAITING = "waiting", _("On the waiting list")
    REJECTED = "rejected", _("Not admitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: the public-listing consent as the registration form shows it; give a new version whenever
#: the text changes, so each record says which wording the person agreed to
PUBLIC_LISTING_CONSENT_VERSION = "2025-06-01"
PUBLIC_LISTING_CONSENT_TEXT = _("Show me in the public participant list")


class Participant(models.Model):
    """A person registered to the session on behalf of an organisation."""

    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="b2b_participations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="b2b_participants"
    )
    display_name = models.CharField(max_length=120)
    profile = models.TextField(blank=True, help_text=_("What I offer and look for."))
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=ParticipantStatus.choices, default=ParticipantStatus.PENDING
    )
    listed_publicly = models.BooleanField(
        default=False, help_text=_("Consent to appear in the public participant list.")
    )
    listed_publicly_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the person consented to the public listing.")
    )
    listed_publicly_text = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("Version of the consent text agreed to (PUBLIC_LISTING_CONSENT_VERSION)."),
    )
    is_online = models.BooleanField(default=False, help_text=_("Meets by video."))
    unavailable_slots = models.ManyToManyField(Slot, blank=True, related_name="+")
    max_meetings = models.PositiveSmallIntegerField(null=True, blank=True)
    max_consecutive = models.PositiveSmallIntegerField(null=True, blank=True)
    registered_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the desk checked the person in on the day.")
    )
    arrival_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The organiser who checked the person in."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_b2b_participant"),
            models.CheckConstraint(
                condition=Q(status__in=ParticipantStatus.values), name="b2b_participant_status"
            ),
            models.CheckConstraint(
                condition=Q(listed_publicly=False)
                | (Q(listed_publicly_at__isnull=False) & ~Q(listed_publicly_text="")),
                name="b2b_participant_consent_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation})"

    @property
    def is_active(self) -> bool:
        return self.status == ParticipantStatus.APPROVED


class Priority(models.IntegerChoices):
    HIGH = 3, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 1, _("Low")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")
    EXPIRED = "expired", pgettext_lazy("request status", "Expired")
    CANCELLED = "cancelled", pgettext_lazy("request status", "Cancelled")


class MeetingRequest(models.Model):
    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sent")
    recipient = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="received")
    delegate = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joined",
        help_text=_("A second delegate of the requester's or recipient's organisation."),
    )
    message = models.TextField(blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "recipient"], name="unique_b2b_request_pair"
            ),
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")), name="b2b_request_not_to_self"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="b2b_request_status"
            ),
            models.CheckConstraint(condition=Q(priority__in=[1, 2, 3]), name="b2b_priority"),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} -> {self.recipient_id} ({self.status})"

    @property
    def weight(self) -> int:
        return int(self.priority)

    def members(self) -> list[Participant]:
        people = [self.requester, self.recipient]
        if self.delegate is not None:
            people.append(self.delegate)
        return people


class RunStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class RunState(models.TextChoices):
    """Where a run is in the background: queued, solving, finished or stopped with an error."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


RUN_IN_PROGRESS = (RunState.QUEUED, RunState.RUNNING)


class ScheduleRun(models.Model):
    """One run of the scheduler: its progress, meetings, quality and reasons.

    ``state`` is the run's progress in the background (queued -> running -> done or failed);
    ``status`` is what the organiser made of a finished run (provisional, published,
    superseded). Quality figures are meaningful once the run is done.
    """

    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=RunStatus.choices, default=RunStatus.PROVISIONAL
    )
    state = models.CharField(max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    error = models.TextField(blank=True, help_text=_("Why the run failed, for the organiser."))
    task_id = models.CharField(max_length=64, blank=True, help_text=_("django-tasks result id."))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seed = models.IntegerField(default=0)
    is_repair = models.BooleanField(default=False)
    time_limit = models.FloatField()
    objective = models.FloatField(default=0.0)
    upper_bound = models.FloatField(default=0.0)
    ratio = models.FloatField(default=0.0)
    bound_method = models.CharField(max_length=200, blank=True)
    # how the engine proved the bound, as its code (engines.scheduling.BOUND_METHODS) and the
    # time-indexed LP's solver: the page and the API word them (bound_method: its English)
    bound_code = models.CharField(max_length=20, blank=True)
    bound_solver = models.CharField(max_length=40, blank=True)
    moved = models.PositiveIntegerField(default=0)
    dropped = models.PositiveIntegerField(default=0)
    request_count = models.PositiveIntegerField(default=0)
    unscheduled = models.JSONField(default=list, help_text=_("[{request, reason}]"))
    without_meeting = models.JSONField(default=list, help_text=_("Participant ids."))
    compact_agendas = models.BooleanField(default=True, help_text=_("The session's option."))
    breaks = models.PositiveIntegerField(
        default=0, help_text=_("Idle periods between participants' first and last meetings.")
    )
    breaks_lower_bound = models.PositiveIntegerField(
        default=0, help_text=_("Proven: no schedule of these meetings has fewer breaks.")
    )
    breaks_before = models.PositiveIntegerField(
        default=0, help_text=_("Breaks of the same meetings before the agendas were compacted.")
    )
    breaks_distribution = models.JSONField(
        default=dict, help_text=_('Participants with 0, 1 and 2+ breaks: {"0": n, "1": n, "2+": n}')
    )
    worst_off = models.JSONField(
        default=list, help_text=_("[{participant, breaks}], most breaks first (at most 5).")
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="b2b_run_status"),
            models.CheckConstraint(condition=Q(state__in=RunState.values), name="b2b_run_state"),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(state__in=RUN_IN_PROGRESS),
                name="b2b_one_run_in_progress",
                violation_error_message="A scheduler run is already in progress for this session.",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="b2b_run_by_status")]

    def __str__(self) -> str:
        if self.state != RunState.DONE:
            return f"Run {self.pk} ({self.state})"
        return f"Run {self.pk} ({self.status}, {self.ratio:.1%} of the bound)"

    @property
    def is_in_progress(self) -> bool:
        return self.state in RUN_IN_PROGRESS

    @property
    def is_done(self) -> bool:
        return self.state == RunState.DONE

    @property
    def gap_percent(self) -> float:
        """How far below the proven upper bound, in percent (0 = proven optimal)."""
        return max(0.0, (1.0 - self.ratio) * 100.0)


#: the longest a scheduler run may take, in seconds (asked for by the organiser or the API)
MAX_TIME_LIMIT = 60.0

#: a session without slots cannot be scheduled (said when a run is asked for, and by the run if
#: the slots went while it waited)
NO_SLOTS = gettext_noop("The session has no slots: set its periods first.")


def default_time_limit(request_count: int) -> float:
    """Seconds the background solve may take by default (the engine's figures at these sizes)."""
    if request_count <= 2_000:
        return 2.0
    return 5.0 if request_count <= 10_000 else 10.0


def check_time_limit(time_limit: float | None) -> None:
    if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            {
                "time_limit": [
                    gettext("Give a time limit between 0 and %(limit)s seconds.")
                    % {"limit": f"{MAX_TIME_LIMIT:g}"}
                ]
            }
        )


def check_has_slots(has_slots: bool) -> None:
    if not has_slots:
        raise ValidationError({"session": [ValidationError(gettext(NO_SLOTS), code="no_slots")]})


class ScheduledMeeting(models.Model):
    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    table = models.PositiveSmallIntegerField()
    is_locked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="unique_b2b_meeting"),
            models.UniqueConstraint(
                fields=["run", "slot", "table"], name="unique_b2b_meeting_table"
            ),
        ]

    def __str__(self) -> str:
        return f"Request {self.request_id} in slot {self.slot_id} at table {self.table}"


class Outcome(models.TextChoices):
    NO_CONTACT = "no_contact", _("No further contact")
    FOLLOW_UP = "follow_up", _("Follow-up planned")
    NEGOTIATION = "negotiation", _("In negotiation")
    AGREEMENT = "agreement", _("Agreement reached")


class SurveyWave(models.TextChoices):
    AFTER_EVENT = "after_event", _("Right after the event")
    SIX_MONTHS = "six_months", _("Six months later")


class OutcomeReport(models.Model):
    """One participant's answer about one meeting, in one survey wave."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="outcome_reports"
    )
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="outcomes")
    wave = models.CharField(max_length=12, choices=SurveyWave.choices)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "request", "wave"], name="unique_b2b_outcome"
            ),
            models.CheckConstraint(condition=Q(wave__in=SurveyWave.values), name="b2b_wave"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="b2b_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.wave}: {self.outcome}"


class AgreementKind(models.TextChoices):
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    COMMERCIAL = "commercial", _("Commercial agreement")
    TECHNICAL = "technical", _("Technical cooperation")
    RESEARCH = "research", _("R&D cooperation")
    JOINT_VENTURE = "joint_venture", _("Joint venture")


class Agreement(models.Model):
    """The agreement register: what came out of the meetings (feeds monitoring)."""

    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="agreements")
    request = models.ForeignKey(
        MeetingRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=AgreementKind.choices)
    title = models.CharField(max_length=200)
    partners = models.ManyToManyField("directory.Organisation", related_name="b2b_agreements")
    signed_date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="b2b_agreement_kind"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CapturedNeed(models.Model):
    """A need heard at a meeting, recorded as a draft industrial need on the marketplace.

    The opportunity itself (owned by a participant's organisation) lives in the marketplace;
    this row says at which session, and at which meeting, it was heard and who recorded it.
    """

    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="needs")
    request = models.ForeignKey(
        MeetingRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="captured_needs",
        help_text=_("The meeting where the need was heard (empty: heard elsewhere at the event)."),
    )
    opportunity = models.OneToOneField(
        "marketplace.Opportunity", on_delete=models.CASCADE, related_name="captured_at"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Need {self.opportunity_id} heard at session {self.session_id}"


class ReminderKind(models.TextChoices):
    BEFORE_EVENT = "before_event", _("Reminder before the event")
    SURVEY_AFTER_EVENT = "survey_after_event", _("Outcome survey right after the event")
    SURVEY_SIX_MONTHS = "survey_six_months", _("Outcome survey six months later")


class ReminderSent(models.Model):
    """One e-mail sent to one participant (so a rerun of the command sends nothing twice)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="unique_b2b_reminder"),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="b2b_reminder_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to participant {self.participant_id}"
