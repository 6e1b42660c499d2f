"""Partnerships of clusters, their partners, coordinators and work plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnershipKind(models.TextChoices):
    ESCP_4I = "escp-4i", _("ESCP-4i (going international)")
    ESCP_S3 = "escp-s3", _("ESCP-S3 (smart specialisation investment)")
    OTHER = "other", _("Other")


class FocusArea(models.Model):
    """A sectoral/industrial focus label, as used on the European Cluster Collaboration Platform."""

    label = models.CharField(max_length=120, unique=True)

    def __str__(self) -> str:
        return self.label


class ApprovalStatus(models.TextChoices):
    """Whether a platform administrator approved a partnership (``PARTNERSHIP_APPROVAL``)."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", pgettext_lazy("partnership approval", "Approved")
    DECLINED = "declined", pgettext_lazy("partnership approval", "Declined")


class Partnership(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=10, choices=PartnershipKind.choices)
    origin = models.CharField(
        max_length=200, blank=True, help_text=_("EU programme and call the partnership comes from.")
    )
    phase = models.CharField(max_length=120, blank=True)
    coordinator = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
    )
    coordinator_contact_name = models.CharField(max_length=200, blank=True)
    coordinator_contact_role = models.CharField(max_length=120, blank=True)
    target_countries = models.ManyToManyField(
        "directory.Country", blank=True, related_name="targeting_partnerships"
    )
    start_date = models.DateField()
    duration_months = models.PositiveSmallIntegerField()
    summary = models.TextField(help_text=_("Summary and objectives (Markdown)."))
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("The language the partnership's texts are written in (ISO 639-1)."),
    )
    results_expected = models.TextField(blank=True, help_text=_("Results expected (Markdown)."))
    funding_acknowledgement = models.TextField(blank=True)
    disclaimer = models.TextField(blank=True)
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="partnerships")
    provenance_note = models.TextField(
        blank=True, help_text=_("What is published fact and what is illustrative.")
    )
    is_public = models.BooleanField(default=True)
    approval_status = models.CharField(
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.APPROVED,
        help_text=_("Only approved partnerships are public (see PARTNERSHIP_APPROVAL)."),
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(
        blank=True, help_text=_("Why an administrator declined it (shown to its coordinators).")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_status__in=ApprovalStatus.values),
                name="partnership_approval_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(duration_months__gte=1) & Q(duration_months__lte=240),
                name="partnership_duration_1_to_240",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PartnershipKind.values), name="partnership_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name


class PartnerRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner")


class PartnershipMember(models.Model):
    """A partner organisation (normally a cluster) of a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="partnership_memberships"
    )
    role = models.CharField(max_length=12, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    joined_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="unique_partnership_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation status", "Declined")


class PartnerInvitation(models.Model):
    """A partnership's invitation of a cluster to become a partner; its managers answer it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="partner_invitations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="partner_invitations"
    )
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text=_("Why the invitation was declined."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=Q(status="pending"),
                name="unique_pending_partner_invitation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values),
                name="partner_invitation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} invited to {self.partnership} ({self.status})"


class PartnershipCoordinator(models.Model):
    """A person who coordinates (and may edit) a partnership."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="coordinator_users"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinated_partnerships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="unique_coordinator")
        ]

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.partnership}"


class WorkPackage(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="work_packages"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    leader = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="unique_work_package")
        ]

    def __str__(self) -> str:
        return f"WP{self.number} {self.title}"


class WorkItemKind(models.TextChoices):
    TASK = "task", _("Task")
    MILESTONE = "milestone", _("Milestone")
    DELIVERABLE = "deliverable", _("Deliverable")


class WorkItem(models.Model):
    """A task, milestone or deliverable of a work package, weighted for progress."""

    work_package = models.ForeignKey(WorkPackage, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=12, choices=WorkItemKind.choices)
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField(
        default=1, help_text=_("Relative effort; progress is the done share of total weight.")
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField()
    done_date = models.DateField(null=True, blank=True)
    owner_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_url = models.URLField(
        max_length=500, blank=True, help_text=_("Where the result can be checked (done items).")
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["work_package", "code"], name="unique_work_item_code"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="work_item_weight_positive"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__lte=models.F("due_date")),
                name="work_item_starts_before_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PartnershipTranslation(models.Model):
    """The partnership's texts in another language than the one they were written in; a
    language without one shows the original with a note "written in ..."."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    summary = models.TextField(help_text=_("Summary and objectives (Markdown)."))
    results_expected = models.TextField(blank=True, help_text=_("Results expected (Markdown)."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership} ({self.language})"
