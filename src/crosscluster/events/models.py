"""Events of a partnership: study visits, brokerage events, workshops, webinars, trade fairs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crosscluster.core.choices import Visibility


class EventKind(models.TextChoices):
    STUDY_VISIT = "study_visit", _("Study visit")
    BROKERAGE = "brokerage", _("Brokerage event")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    TRADE_FAIR = "trade_fair", _("Trade fair")
    MEETING = "meeting", _("Partnership meeting")


class Event(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="events"
    )
    slug = models.SlugField(max_length=120)
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Stored in UTC; ``timezone`` is the venue's IANA zone for display.
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC")
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    online_url = models.URLField(blank=True)
    #: held online (alone or beside a venue); the link may follow later (``online_url``)
    held_online = models.BooleanField(default=False)
    host = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_illustrative = models.BooleanField(
        default=False, help_text=_("Demo content, not a published event.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="unique_event_slug"),
            models.CheckConstraint(
                condition=Q(end_at__gt=models.F("start_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="event_visibility_valid"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "start_at"], name="event_by_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return self.held_online or bool(self.online_url)

    @property
    def has_place(self) -> bool:
        return bool(self.venue_name or self.venue_address or self.city or self.country_id)


class ProgrammeItemKind(models.TextChoices):
    TALK = "talk", _("Talk or session")
    NEEDS_PRESENTATION = "needs", _("Industrial players present their needs")
    COMPANY_VISIT = "company_visit", _("Company visit")
    B2B_MEETINGS = "b2b", _("B2B meetings")
    NETWORKING = "networking", _("Networking or meal")
    TRAVEL = "travel", _("Travel or transfer")
    OTHER = "other", _("Other")


class ProgrammeItem(models.Model):
    """One entry of an event's programme (agenda): a talk, a company visit, a dinner ...

    Times are stored in UTC like the event's and lie within the event (checked by the service).
    Items may overlap (parallel tracks); ``position`` orders items that start at the same time.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme_items")
    kind = models.CharField(max_length=16, choices=ProgrammeItemKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True, help_text=_("Room or address."))
    visited_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_visits",
    )
    speakers = models.CharField(max_length=300, blank=True, help_text=_("Speakers or hosts."))
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_at__gt=models.F("start_at")),
                name="programme_item_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProgrammeItemKind.values), name="programme_item_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["event", "start_at"], name="programme_item_by_start")]

    def __str__(self) -> str:
        return self.title
