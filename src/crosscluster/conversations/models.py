"""Conversations between the owner of a need and a provider matched to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConversationStatus(models.TextChoices):
    INVITED = "invited", _("Invitation waiting for an answer")
    OPEN = "open", pgettext_lazy("conversation status", "Open")
    DECLINED = "declined", pgettext_lazy("conversation status", "Declined")


class Conversation(models.Model):
    """The need's owner (``seeker``) invited a provider to talk; accepted, it is a thread."""

    need = models.ForeignKey(
        "marketplace.Opportunity", on_delete=models.CASCADE, related_name="conversations"
    )
    seeker = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="conversations_started"
    )
    provider = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="conversations_invited"
    )
    status = models.CharField(
        max_length=10, choices=ConversationStatus.choices, default=ConversationStatus.INVITED
    )
    invitation = models.TextField(blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "provider"], name="one_conversation_per_match"),
            models.CheckConstraint(
                condition=~Q(seeker=F("provider")), name="conversation_between_two"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ConversationStatus.values), name="conversation_status"
            ),
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == ConversationStatus.OPEN


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_by_time")]

    def __str__(self) -> str:
        return f"message {self.pk}"


class SlotStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SlotProposal(models.Model):
    """One side of an open conversation proposes to meet during a slot of a coming event's
    programme (a company visit of a study visit, a networking dinner ...); the other side
    accepts or declines."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="slot_proposals"
    )
    item = models.ForeignKey(
        "events.ProgrammeItem", on_delete=models.CASCADE, related_name="slot_proposals"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=SlotStatus.choices, default=SlotStatus.PENDING)
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "item"],
                condition=Q(status__in=[SlotStatus.PENDING, SlotStatus.ACCEPTED]),
                name="one_live_slot_proposal_per_item",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SlotStatus.values), name="slot_proposal_status"
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="slot_proposal_by_time")
        ]

    def __str__(self) -> str:
        return f"slot proposal {self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == SlotStatus.PENDING

    @property
    def is_live(self) -> bool:
        """Pending or accepted: the proposing side may still withdraw it."""
        return self.status in (SlotStatus.PENDING, SlotStatus.ACCEPTED)
