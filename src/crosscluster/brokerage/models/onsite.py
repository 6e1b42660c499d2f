"""On the day of a B2B session: seats (no one twice in a slot), whether meetings took place,
and free slots booked on site (docs/brokerage.md, "On the day")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingSeat(models.Model):
    """One person's place in one slot of a schedule: at most one per person and slot (the
    database's guarantee that a meeting booked on site never double-books anyone)."""

    meeting = models.ForeignKey(
        "brokerage.ScheduledMeeting", on_delete=models.CASCADE, related_name="seats"
    )
    run = models.ForeignKey("brokerage.ScheduleRun", on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey("brokerage.Slot", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "brokerage.Participant", on_delete=models.CASCADE, related_name="seats"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "slot", "participant"], name="unique_b2b_seat_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"Participant {self.participant_id} in slot {self.slot_id}"


class Attendance(models.TextChoices):
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("The other side did not come")
    CANCELLED = "cancelled", pgettext_lazy("meeting attendance", "Cancelled")


class MeetingAttendance(models.Model):
    """Whether a meeting of the published schedule took place (recorded on the day)."""

    request = models.OneToOneField(
        "brokerage.MeetingRequest", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=10, choices=Attendance.choices)
    absent = models.ForeignKey(
        "brokerage.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who did not come (a no-show)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Attendance.values), name="b2b_attendance_status"
            ),
            models.CheckConstraint(
                condition=Q(status="no_show") | Q(absent__isnull=True),
                name="b2b_attendance_absent_only_for_no_show",
            ),
        ]

    def __str__(self) -> str:
        return f"Request {self.request_id}: {self.status}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    BOOKED = "booked", _("Booked")
    DECLINED = "declined", pgettext_lazy("booking status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("booking status", "Withdrawn")
    REMOVED = "removed", pgettext_lazy("booking status", "Taken off the schedule")


class SlotBooking(models.Model):
    """On the day, after publication: a participant proposes a free slot to another (who
    accepts or declines), or an organiser books it directly; a booking makes a meeting."""

    session = models.ForeignKey(
        "brokerage.B2BSession", on_delete=models.CASCADE, related_name="bookings"
    )
    slot = models.ForeignKey("brokerage.Slot", on_delete=models.CASCADE, related_name="+")
    proposer = models.ForeignKey(
        "brokerage.Participant", on_delete=models.CASCADE, related_name="bookings_proposed"
    )
    invitee = models.ForeignKey(
        "brokerage.Participant", on_delete=models.CASCADE, related_name="bookings_received"
    )
    message = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    meeting = models.ForeignKey(
        "brokerage.ScheduledMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(proposer=F("invitee")), name="b2b_booking_not_with_self"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="b2b_booking_status"
            ),
            models.UniqueConstraint(
                fields=["slot", "proposer", "invitee"],
                condition=Q(status="pending"),
                name="b2b_one_pending_booking_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposer_id} -> {self.invitee_id} in slot {self.slot_id} ({self.status})"
