"""The Joint Internationalisation Strategy (JIS) of a partnership: structured sections, a roadmap,
partners' comments and proposals, market judgements, and the immutable versions it was adopted in.

One ``Strategy`` per partnership is the working copy; it moves draft -> in review -> adopted (the
coordinator moves it). Every adoption stores a ``StrategyVersion``: a JSON snapshot that is never
changed afterwards. Sections are rows, not one text box, so actions can point at what they
implement and a business plan can later attach resources to ``RoadmapAction`` rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crosscluster.core.translations import TextTranslation

MAX_PRIORITY_MARKETS = 4


class StrategyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    ADOPTED = "adopted", _("Adopted")


class Strategy(models.Model):
    """The working copy of a partnership's JIS (one per partnership)."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="strategy"
    )
    title = models.CharField(max_length=200, default="Joint Internationalisation Strategy")
    summary = models.TextField(blank=True, help_text=_("Vision and objectives, in a few lines."))
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("The language it is written in.")
    )
    period_start_date = models.DateField(null=True, blank=True)
    period_end_date = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=StrategyState.choices, default=StrategyState.DRAFT
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # Number of the latest adopted version (0: never adopted).
    current_version = models.PositiveIntegerField(default=0)
    technologies = models.ManyToManyField(
        "directory.Tag", through="TechnologyDomain", related_name="strategies", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "strategies"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=StrategyState.values), name="strategy_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_start_date__isnull=True)
                | Q(period_end_date__isnull=True)
                | Q(period_start_date__lte=F("period_end_date")),
                name="strategy_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(state=StrategyState.ADOPTED) | Q(current_version__gte=1),
                name="adopted_strategy_has_a_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.partnership})"

    @property
    def is_editable(self) -> bool:
        return self.state != StrategyState.ADOPTED


class TechnologyDomain(models.Model):
    """A technology domain of the JIS: a label of the EDIH taxonomy (facet technologies)."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="technology_domains"
    )
    tag = models.ForeignKey("directory.Tag", on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["strategy", "tag"], name="unique_strategy_technology")
        ]

    def __str__(self) -> str:
        return str(self.tag)


class OfferingKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")
    BOTH = "both", _("Product and service")


class JointOffering(models.Model):
    """A product or service the partners develop together."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="offerings")
    kind = models.CharField(max_length=8, choices=OfferingKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OfferingKind.values), name="offering_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title


class OfferingContribution(models.Model):
    """What one partner organisation contributes to a joint product or service."""

    offering = models.ForeignKey(
        JointOffering, on_delete=models.CASCADE, related_name="contributions"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    contribution = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "organisation"], name="unique_offering_contribution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.contribution[:40]}"


class InitiativeKind(models.TextChoices):
    COMMERCIALISATION = "commercialisation", _("Joint commercialisation initiative")
    INTERNATIONALISATION = "internationalisation", _("Internationalisation initiative")


class TargetGroup(models.TextChoices):
    CLUSTERS = "clusters", _("Clusters")
    SMES = "smes", _("SMEs")
    BOTH = "both", _("Clusters and their SMEs")


class Initiative(models.Model):
    """A joint commercialisation initiative, or an internationalisation initiative for clusters
    and their SMEs (the two JIS sections share this shape)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="initiatives")
    kind = models.CharField(max_length=20, choices=InitiativeKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    target_group = models.CharField(
        max_length=8, choices=TargetGroup.choices, default=TargetGroup.BOTH
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InitiativeKind.values), name="initiative_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(target_group__in=TargetGroup.values),
                name="initiative_target_group_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PriorityMarket(models.Model):
    """One of at most 4 priority markets, with its rationale and the ranking it came from.

    ``slot`` (1..4, unique per strategy) is the database's guard on the limit of four: a fifth row
    has no free slot. ``rank`` is the order the partnership gives its markets (1..4; unique per
    strategy in the service, not in the database, so markets can be reordered in place).
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="markets")
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="+")
    slot = models.PositiveSmallIntegerField(editable=False)
    rank = models.PositiveSmallIntegerField()
    rationale = models.TextField(blank=True)
    # The ranking this market was chosen from: its score parts, p_top, method, weights, data
    # source and vintage, options and the time of the computation (JSON from the engine).
    ranking = models.JSONField(default=dict, blank=True)
    chosen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["strategy", "slot"], name="priority_market_slot"),
            models.UniqueConstraint(
                fields=["strategy", "country"], name="unique_priority_market_country"
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1) & Q(slot__lte=MAX_PRIORITY_MARKETS),
                name="at_most_4_priority_markets",
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=MAX_PRIORITY_MARKETS),
                name="priority_market_rank_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.country}"


class MechanismKind(models.TextChoices):
    FUNDING = "funding", _("Funding (grants, vouchers, loans)")
    ADVISORY = "advisory", _("Advice and coaching")
    NETWORK = "network", _("Networks and trade missions")
    POLICY = "policy", _("Policy and regulation")
    OTHER = "other", _("Other")


class SupportMechanism(models.Model):
    """A support mechanism a partner's regional government is to implement."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="support_mechanisms"
    )
    #: the country it serves: a national mechanism's, or its region's (the service fills it
    #: from the region and refuses a region of another country)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "directory.NutsRegion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The public authority in the directory, if it is there."),
    )
    authority = models.CharField(
        max_length=200, blank=True, help_text=_("The authority's name, as written.")
    )
    kind = models.CharField(max_length=10, choices=MechanismKind.choices)
    mechanism = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MechanismKind.values), name="mechanism_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(region__isnull=False)
                | Q(organisation__isnull=False)
                | ~Q(authority=""),
                name="mechanism_names_a_region_or_authority",
            ),
        ]

    def __str__(self) -> str:
        return self.mechanism


class ActionStatus(models.TextChoices):
    """Where a roadmap action stands (recorded by a coordinator, not derived from its dates)."""

    PLANNED = "planned", pgettext_lazy("roadmap action", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("roadmap action", "In progress")
    DONE = "done", pgettext_lazy("roadmap action", "Done")
    DROPPED = "dropped", pgettext_lazy("roadmap action", "Dropped")


class RoadmapAction(models.Model):
    """An action of the JIS roadmap: who, when, which budget line, which KPIs, what it implements.

    Other apps (the business plan) attach resources and financing to these rows by foreign key;
    ``code`` is unique per strategy and shown in exports.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField()
    budget_line = models.CharField(max_length=200, blank=True)
    budget_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # What the action implements (items of the other sections).
    technology_domains = models.ManyToManyField(
        TechnologyDomain, blank=True, related_name="actions"
    )
    offerings = models.ManyToManyField(JointOffering, blank=True, related_name="actions")
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="actions")
    markets = models.ManyToManyField(PriorityMarket, blank=True, related_name="actions")
    support_mechanisms = models.ManyToManyField(
        SupportMechanism, blank=True, related_name="actions"
    )
    # Completion (the strategy's execution, not its content: recorded in any state, kept out of
    # the adopted versions' snapshots; changes are in the audit log).
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_date = models.DateField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="unique_action_code"),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, done_date__isnull=False)
                | (~Q(status=ActionStatus.DONE) & Q(done_date__isnull=True)),
                name="action_done_date_when_done",
            ),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="action_starts_before_it_ends"
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="action_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Kpi(models.Model):
    """A key performance indicator of a roadmap action: name, target and unit."""

    action = models.ForeignKey(RoadmapAction, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "KPI"

    def __str__(self) -> str:
        return f"{self.name}: {self.target} {self.unit}".strip()


class SectionKey(models.TextChoices):
    """The JIS sections, in the order of the document (``general``: the strategy as a whole)."""

    GENERAL = "general", _("The strategy as a whole")
    TECHNOLOGIES = "technologies", _("Technology domains")
    OFFERINGS = "offerings", _("Joint products and services")
    COMMERCIALISATION = "commercialisation", _("Joint commercialisation initiatives")
    INTERNATIONALISATION = (
        "internationalisation",
        _("Internationalisation initiatives for clusters and their SMEs"),
    )
    MARKETS = "markets", _("Priority markets")
    SUPPORT = "support", _("Support mechanisms by regional governments")
    ROADMAP = "roadmap", _("Roadmap of actions")


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    PROPOSAL = "proposal", _("Proposed change")


class ProposalStatus(models.TextChoices):
    NONE = "", _("Not a proposal")
    OPEN = "open", pgettext_lazy("proposal status", "Open")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("proposal status", "Rejected")


class Comment(models.Model):
    """A partner's comment on a section, or a proposed change the coordinator accepts or rejects."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=20, choices=SectionKey.choices)
    item_key = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=8, choices=CommentKind.choices)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=ProposalStatus.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # The version the comment was written against (0: before the first adoption).
    version_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=SectionKey.values), name="comment_section_valid"
            ),
            models.CheckConstraint(
                condition=(Q(kind=CommentKind.COMMENT) & Q(status=ProposalStatus.NONE))
                | (
                    Q(kind=CommentKind.PROPOSAL)
                    & Q(
                        status__in=[
                            ProposalStatus.OPEN,
                            ProposalStatus.ACCEPTED,
                            ProposalStatus.REJECTED,
                        ]
                    )
                ),
                name="only_proposals_have_a_status",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[ProposalStatus.ACCEPTED, ProposalStatus.REJECTED],
                    decided_at__isnull=False,
                )
                | (~Q(status__in=[ProposalStatus.ACCEPTED, ProposalStatus.REJECTED]))
                & Q(decided_at__isnull=True),
                name="decided_proposals_have_a_date",
            ),
        ]
        indexes = [models.Index(fields=["strategy", "created_at"], name="comment_by_strategy")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author_name} on {self.section}"

    @property
    def is_open_proposal(self) -> bool:
        return self.kind == CommentKind.PROPOSAL and self.status == ProposalStatus.OPEN


class MarketJudgement(models.Model):
    """One partner's AHP pairwise comparisons of the market criteria (``matrix[i][j]`` = how much
    more important ``criteria[i]`` is than ``criteria[j]``, Saaty's 1-9 scale)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="judgements")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    criteria = models.JSONField()
    matrix = models.JSONField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "organisation"], name="one_judgement_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}'s market criteria"


class StrategyVersion(models.Model):
    """An adopted version: an immutable JSON snapshot of every section at adoption.

    Written once by ``services.move_strategy``; no service changes it and the admin shows it
    read-only.
    """

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    adopted_at = models.DateTimeField()
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adopted_by_name = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="unique_version_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} v{self.number}"


class StrategyTranslation(TextTranslation):
    """The strategy's texts in one more language: its title and vision (``title``,
    ``summary``) and its sections' items (``<item key>.<field>``, ``offering:12.description``;
    core.translations). A text is shown translated only where it is the original it was
    translated from, in the working copy or an adopted version alike."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "language"], name="one_strategy_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.strategy} ({self.language})"
