"""Targets that coordinators set per indicator and period. The figures themselves are never
stored: they are computed from what happens on the platform (see ``registry``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Target(models.Model):
    """The value a partnership aims for on one indicator in one period (``2026`` or ``2026-Q2``)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "period"], name="unique_monitoring_target"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"


class SnapshotStatus(models.TextChoices):
    QUEUED = "queued", "being computed (queued)"
    RUNNING = "running", "being computed"
    DONE = "done", "computed"
    FAILED = "failed", "failed"


class NetworkSnapshot(models.Model):
    """The partnership's analysed collaboration network, computed in the background
    (``jobs.compute_network``) and served from here: the map's compact payload (gzipped JSON),
    the page's summary, and the ties of the table view (``NetworkTie``).

    ``version`` is a hash of everything the analysis reads (organisations, ties, the engine's
    version): a recomputation whose input has not changed keeps the payload and only records
    when it was checked. ``status`` is the state of the latest request; a snapshot being
    recomputed still serves its previous payload (``computed_at`` says how old)."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=SnapshotStatus.choices, default=SnapshotStatus.QUEUED
    )
    version = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField()
    checked_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    compute_seconds = models.FloatField(null=True, blank=True)
    #: the map's payload: compact JSON (arrays), gzipped once here, sent as is
    payload = models.BinaryField(blank=True, default=b"")
    payload_bytes = models.PositiveIntegerField(default=0)
    #: what the page shows above the map (counts, shares, brokers, suggestions, countries)
    summary = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"network of partnership {self.partnership_id}: {self.status}"


class NetworkTie(models.Model):
    """One tie of the latest snapshot, as the table view lists it (both ends named)."""

    snapshot = models.ForeignKey(NetworkSnapshot, on_delete=models.CASCADE, related_name="ties")
    position = models.PositiveIntegerField()
    source_id = models.CharField(max_length=20)
    source_label = models.CharField(max_length=300)
    source_country = models.CharField(max_length=2, blank=True)
    target_id = models.CharField(max_length=20)
    target_label = models.CharField(max_length=300)
    target_country = models.CharField(max_length=2, blank=True)
    kind = models.CharField(max_length=20)
    tie_class = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField()
    #: the reason as a code and its values (``adapters``), worded in the reader's language on
    #: the page (``wording.tie_reason``); empty for a reason stored before it existed that
    #: migration 0004 could not read back (shown as stored)
    reason_parts = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "position"], name="unique_monitoring_network_tie"
            )
        ]
        indexes = [
            models.Index(fields=["snapshot", "source_id"], name="monitoring_tie_source"),
            models.Index(fields=["snapshot", "target_id"], name="monitoring_tie_target"),
        ]

    def __str__(self) -> str:
        return f"{self.source_label} - {self.target_label} ({self.kind})"
