"""Opportunity profiles, expressions of interest, matches, follows and on-site notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crosscluster.core.i18n import language_label
from crosscluster.core.translations import TextTranslation


class OpportunityKind(models.TextChoices):
    """The profile types of the Enterprise Europe Network partnering database, adapted."""

    INDUSTRIAL_NEED = "industrial_need", _("Industrial need (modernisation challenge)")
    ICT_OFFER = "ict_offer", _("ICT competence / solution offer")
    TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    BUSINESS_COOPERATION = "business_cooperation", _("Business (commercial) cooperation")
    RESEARCH_COOPERATION = "research_cooperation", _("R&D cooperation request")


#: kinds on the buying side: they get "matches for my need"
NEED_KINDS = frozenset({OpportunityKind.INDUSTRIAL_NEED, OpportunityKind.TECHNOLOGY_REQUEST})
#: kinds on the providing side: they get "needs I could serve"
OFFER_KINDS = frozenset({OpportunityKind.ICT_OFFER, OpportunityKind.TECHNOLOGY_OFFER})
#: kinds that seek a peer; matched like needs (they look for partners) and offered as providers
COOPERATION_KINDS = frozenset(
    {OpportunityKind.BUSINESS_COOPERATION, OpportunityKind.RESEARCH_COOPERATION}
)


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("opportunity status", "Draft")
    PUBLISHED = "published", pgettext_lazy("opportunity status", "Published")
    CLOSED = "closed", pgettext_lazy("opportunity status", "Closed")
    EXPIRED = "expired", pgettext_lazy("opportunity status", "Expired")


class OpportunityVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERSHIP = "partnership", _("Partnership members")
    PRIVATE = "private", _("Private draft (my organisation and the brokers)")


class CooperationType(models.TextChoices):
    COMMERCIAL_AGREEMENT = "commercial_agreement", _("Commercial agreement")
    TECHNICAL_ASSISTANCE = (
        "technical_assistance",
        _("Commercial agreement with technical assistance"),
    )
    LICENCE_AGREEMENT = "licence_agreement", _("Licence agreement")
    RESEARCH_AGREEMENT = "research_agreement", _("Research cooperation agreement")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation agreement")
    SERVICES_AGREEMENT = "services_agreement", _("Services agreement")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    INVESTMENT = "investment", _("Investment / financial agreement")


class Opportunity(models.Model):
    """A typed profile an organisation publishes on the marketplace."""

    owner = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="marketplace_opportunities"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="marketplace_opportunities",
    )
    kind = models.CharField(max_length=24, choices=OpportunityKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField()
    #: ISO 639-1 code detected from the title and description ("" when too short to tell)
    language = models.CharField(max_length=8, blank=True)
    tags = models.ManyToManyField(
        "directory.Tag", blank=True, related_name="marketplace_opportunities"
    )
    target_countries = models.ManyToManyField(
        "directory.Country", blank=True, related_name="marketplace_opportunities"
    )
    cooperation_types = models.JSONField(default=list, blank=True)
    deadline_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    visibility = models.CharField(
        max_length=12, choices=OpportunityVisibility.choices, default=OpportunityVisibility.PUBLIC
    )
    status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    #: matching: set when the profile (or the pool it is matched against) changed ...
    matches_requested_at = models.DateTimeField(null=True, blank=True)
    #: ... and when the background worker last stored its matches
    matches_computed_at = models.DateTimeField(null=True, blank=True)
    #: the stored matches are the first, quick ones (words and tags; some providers were not
    #: embedded yet): the worker refines them when the embeddings are ready
    matches_provisional = models.BooleanField(default=False)
    #: demo content written for the demo, not published by its owner (docs/demo-data.md)
    is_illustrative = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["status", "kind"], name="opportunity_status_kind"),
            models.Index(fields=["owner", "status"], name="opportunity_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OpportunityKind.values), name="opportunity_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OpportunityStatus.values), name="opportunity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=OpportunityVisibility.values),
                name="opportunity_visibility_valid",
            ),
            models.CheckConstraint(
                condition=~Q(visibility="partnership") | Q(partnership__isnull=False),
                name="opportunity_partnership_visibility_needs_partnership",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_need(self) -> bool:
        return self.kind in NEED_KINDS

    @property
    def cooperation_type_labels(self) -> list[str]:
        labels = dict(CooperationType.choices)
        return [str(labels.get(value, value)) for value in self.cooperation_types]

    @property
    def language_label(self) -> str:
        """The detected language's name in the reader's language ("Englisch" in German)."""
        return language_label(self.language) if self.language else ""

    @property
    def is_offer(self) -> bool:
        return self.kind in OFFER_KINDS

    @property
    def seeks_providers(self) -> bool:
        """Needs and cooperation requests get "matches"; offers get "needs I could serve"."""
        return self.kind not in OFFER_KINDS

    @property
    def is_published(self) -> bool:
        return self.status == OpportunityStatus.PUBLISHED

    @property
    def matches_ready(self) -> bool:
        if self.matches_computed_at is None:
            return False
        return self.matches_requested_at is None or (
            self.matches_computed_at >= self.matches_requested_at
        )


class ProfileVector(models.Model):
    """A profile's embedding (float32 bytes) for one model; recomputed when its text changes."""

    opportunity = models.OneToOneField(
        Opportunity, on_delete=models.CASCADE, null=True, blank=True, related_name="vector"
    )
    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="marketplace_vector",
    )
    model_name = models.CharField(max_length=80)
    dimension = models.PositiveIntegerField()
    #: SHA-256 of the embedded text: a changed text makes the vector stale
    text_hash = models.CharField(max_length=64)
    passage = models.BinaryField()
    query = models.BinaryField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(opportunity__isnull=False, organisation__isnull=True)
                | Q(opportunity__isnull=True, organisation__isnull=False),
                name="profile_vector_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_name} vector of {self.opportunity_id or self.organisation_id}"


class MatchSource(models.TextChoices):
    ENGINE = "engine", _("Suggested by the engine")
    BROKER = "broker", _("Added by a broker")


class MatchSuggestion(models.Model):
    """A provider (an organisation or a published offer) suggested for an opportunity."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="matches")
    provider_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    provider_opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, null=True, blank=True, related_name="served_needs"
    )
    score = models.FloatField(default=0.0)
    #: the engine's score parts (semantic, lexical, taxonomy, geography)
    parts = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    #: the same reasons as structured parts (engines.matching.reasons.Reason.as_dict), worded in
    #: the viewer's language by marketplace.templatetags.marketplace_reasons
    reason_parts = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=8, choices=MatchSource.choices, default=MatchSource.ENGINE)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    broker_note = models.CharField(max_length=300, blank=True)
    cross_border = models.BooleanField(default=False)
    provider_country = models.CharField(max_length=2, blank=True)
    #: False when the last engine run no longer ranked it (kept for broker edits and feedback)
    is_current = models.BooleanField(default=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(provider_organisation__isnull=False, provider_opportunity__isnull=True)
                | Q(provider_organisation__isnull=True, provider_opportunity__isnull=False),
                name="match_one_provider",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "provider_organisation"],
                condition=Q(provider_organisation__isnull=False),
                name="unique_match_organisation",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "provider_opportunity"],
                condition=Q(provider_opportunity__isnull=False),
                name="unique_match_opportunity",
            ),
        ]

    def __str__(self) -> str:
        return f"match {self.pk} of opportunity {self.opportunity_id}"

    @property
    def provider_name(self) -> str:
        if self.provider_opportunity is not None:
            return self.provider_opportunity.title
        assert self.provider_organisation is not None
        return self.provider_organisation.name


class MatchFeedback(models.Model):
    """A person's verdict on a suggestion: useful or not."""

    match = models.ForeignKey(MatchSuggestion, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    is_useful = models.BooleanField()
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["match", "user"], name="unique_match_feedback"),
        ]

    def __str__(self) -> str:
        return f"{'useful' if self.is_useful else 'not useful'}: match {self.match_id}"


class Timeframe(models.TextChoices):
    IMMEDIATE = "immediate", _("Within 3 months")
    SOON = "soon", _("3 to 12 months")
    LATER = "later", _("More than 12 months")


class BudgetRange(models.TextChoices):
    UNKNOWN = "unknown", _("Not known yet")
    SMALL = "under_50k", _("Under EUR 50,000")
    MEDIUM = "50k_250k", _("EUR 50,000 to 250,000")
    LARGE = "over_250k", _("Over EUR 250,000")


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("interest status", "Accepted")
    DECLINED = "declined", pgettext_lazy("interest status", "Declined")


class ExpressionOfInterest(models.Model):
    """An organisation's answer to an opportunity; the owner accepts or declines it."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="marketplace_interests"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    offer = models.TextField()
    timeframe = models.CharField(max_length=10, choices=Timeframe.choices)
    budget_range = models.CharField(max_length=10, choices=BudgetRange.choices)
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    answer = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "organisation"], name="unique_interest_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InterestStatus.values), name="interest_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"interest {self.pk} in opportunity {self.opportunity_id}"


class Follow(models.Model):
    """A person follows an opportunity or a partnership (notified of what happens there)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marketplace_follows"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(opportunity__isnull=False, partnership__isnull=True)
                | Q(opportunity__isnull=True, partnership__isnull=False),
                name="follow_one_subject",
            ),
            models.UniqueConstraint(
                fields=["user", "opportunity"],
                condition=Q(opportunity__isnull=False),
                name="unique_follow_opportunity",
            ),
            models.UniqueConstraint(
                fields=["user", "partnership"],
                condition=Q(partnership__isnull=False),
                name="unique_follow_partnership",
            ),
        ]

    def __str__(self) -> str:
        return f"follow {self.pk}"


class OpportunityTranslation(TextTranslation):
    """A need's or offer's title and description in one more language (texts ``title`` and
    ``description``; core.translations). Matching and search read the original."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="translations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "language"],
                name="one_opportunity_translation_per_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} ({self.language})"
