"""Notifications of every app, and each person's e-mail preference per kind of notification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How a person wants to be e-mailed about one kind of notification."""

    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    NEVER = "never", _("Never (only on the site)")


class Notification(models.Model):
    """Something that happened, for one person; shown on the site, e-mailed per preference.

    ``kind`` names a registered kind (``registry``); ``subject_id`` is what the kind's
    visibility check is asked about (an opportunity, a meeting request, a conversation ...).

    ``message`` is the English sentence with ``%(name)s`` placeholders (a catalogue msgid) and
    ``parameters`` its values (names, titles): the text is put together when it is read, in
    the reader's language (the page's, the API request's, the recipient's for e-mails).
    ``text`` keeps the English sentence as made (for notices without a message, and a fallback).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    subject_id = models.BigIntegerField(null=True, blank=True)
    text = models.CharField(max_length=300)
    message = models.CharField(max_length=300, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    #: the e-mail planned when the notice was made, from the person's preference then:
    #: ``immediately``, ``daily`` or empty (none)
    email_due = models.CharField(max_length=12, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread"),
            models.Index(
                fields=["email_due", "created_at"],
                name="notice_email_pending",
                condition=Q(emailed_at__isnull=True) & ~Q(email_due=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(email_due__in=["", "immediately", "daily"]),
                name="notice_email_due_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def display_text(self) -> str:
        """The notice in the active language (the English text where no message is stored or
        a translation does not fit its parameters)."""
        if not self.message:
            return self.text
        try:
            return gettext(self.message) % self.parameters
        except (KeyError, ValueError, TypeError):
            return self.text


class NotificationPreference(models.Model):
    """A person's choice for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_notice_preference"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="notice_preference_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"
