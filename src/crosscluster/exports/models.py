"""Documents rendered in the background: what was asked, by whom, its status and the file.

A made file is stored once (:class:`ExportFile`) and referred to by every export that hands it
out: an adopted version's document asked for by a hundred readers is one file, not a hundred
copies. A file is deleted only when no export refers to it any more (``services``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    ZIP = "zip", "ZIP"


class ExportFile(models.Model):
    """The bytes of a made document, shared by the exports that hand it out."""

    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"file {self.pk} ({self.size} bytes)"


class Export(models.Model):
    """One request for a document; its id is unguessable and shown only to who asked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64, help_text=_("A registered export kind."))
    subject = models.CharField(max_length=200, help_text=_("What is exported (e.g. a slug)."))
    file_format = models.CharField(max_length=8, choices=FileFormat.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a visitor's request (public content only)."),
    )
    cache_key = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Set when the content cannot change (an adopted version): reused by anyone."),
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text=_("The language the document is written in: the one its requester read in."),
    )
    status = models.CharField(
        max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    error = models.TextField(blank=True)
    filename = models.CharField(max_length=200, blank=True)
    file = models.ForeignKey(
        ExportFile,
        # an export never loses its file from under it: files are deleted only once unreferenced
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exports",
        editable=False,
    )
    size = models.PositiveIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExportStatus.values), name="export_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(file_format__in=FileFormat.values), name="export_format_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ExportStatus.DONE)
                | (
                    models.Q(file__isnull=False)
                    & models.Q(finished_at__isnull=False)
                    & ~models.Q(filename="")
                ),
                name="export_done_has_file",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "subject", "file_format"], name="export_lookup"),
            models.Index(fields=["requested_at"], name="export_requested_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.file_format}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def seconds_to_make(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
