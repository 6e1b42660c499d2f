"""An organisation import: the uploaded file, how its columns map to fields, what the check
found, and what the import did."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Being imported")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    CORDIS = "cordis", _("CORDIS organisations (JSON)")
    CORDIS_PROJECTS = "projects", _("CORDIS projects (JSON)")


#: problems kept for the page and the API (the count says how many there are in all)
PROBLEMS_KEPT = 1000
#: rows of the preview kept
PREVIEW_ROWS = 100


class OrganisationImport(models.Model):
    """One file of organisations to add as members of a cluster; only its uploader sees it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cluster = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=8, choices=ImportFormat.choices)
    content = models.BinaryField(editable=False)
    columns = models.JSONField(default=list)
    #: field -> the file's column
    mapping = models.JSONField(default=dict)
    #: the option "update matched organisations": the fields the file gives change the
    #: organisations it matches (``directory.services.import_updates``)
    update_matched = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    already_member_count = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    #: the first PROBLEMS_KEPT problems: {"row", "column", "message"}
    problems = models.JSONField(default=list)
    #: the first PREVIEW_ROWS rows' plans: {"row", "name", "country", "action", ...}
    preview = models.JSONField(default=list)
    #: matched organisations the import changes (checked) or changed (done), with the option
    updated_count = models.PositiveIntegerField(default=0)
    #: matched organisations the option leaves alone: their own people are on the platform
    kept_count = models.PositiveIntegerField(default=0)
    #: the first PROBLEMS_KEPT of them: {"row", "name", "organisation_id", "changes": [{"field",
    #: "before", "after"}]}
    changes = models.JSONField(default=list)
    created_count = models.PositiveIntegerField(null=True, blank=True)
    members_added = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    checked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values), name="import_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(file_format__in=ImportFormat.values),
                name="import_format_known",
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "created_at"], name="import_requester")]

    def __str__(self) -> str:
        return f"{self.file_name} into {self.cluster_id} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.IMPORTING)

    @property
    def can_be_imported(self) -> bool:
        return (
            self.status == ImportStatus.CHECKED and self.problem_count == 0 and self.rows_total > 0
        )

    @property
    def has_fixed_columns(self) -> bool:
        """A CORDIS export: its columns mean what the format says (nothing to map)."""
        return self.file_format in (ImportFormat.CORDIS, ImportFormat.CORDIS_PROJECTS)

    @property
    def is_projects_file(self) -> bool:
        return self.file_format == ImportFormat.CORDIS_PROJECTS

    @property
    def progress_percent(self) -> int:
        return round(100 * self.rows_checked / self.rows_total) if self.rows_total else 0


class CordisParticipation(models.Model):
    """An organisation's participation in an EU project, from an imported CORDIS organisation
    export (``organization.json``: one record per participation). The collaboration network
    reads them as "joint EU project" ties, beside the shipped CORDIS extract."""

    project_id = models.CharField(max_length=20)
    project_acronym = models.CharField(max_length=100, blank=True)
    #: the organisation's PIC (a directory organisation's ``source_reference`` with source cordis)
    pic = models.CharField(max_length=20)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project_id", "pic"], name="unique_cordis_participation"
            )
        ]
        indexes = [models.Index(fields=["pic"], name="cordis_participation_pic")]

    def __str__(self) -> str:
        return f"{self.pic} in {self.project_acronym or self.project_id}"


class CordisProject(models.Model):
    """An EU project from an imported CORDIS projects file (``project.json``: one record per
    project): its acronym, title and dates. The collaboration network dates its "joint EU
    project" ties by the start year of a project the shipped extract does not hold."""

    project_id = models.CharField(max_length=20, unique=True)
    acronym = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=600, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    #: the record's ``contentUpdateDate`` in CORDIS (its vintage)
    updated_in_source = models.CharField(max_length=20, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="cordis_project_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.acronym or self.project_id} ({self.start_date:%Y})"
