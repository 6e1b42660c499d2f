"""The business plan of a partnership's JIS: what each roadmap action costs per year and how it
is financed.

One ``BusinessPlan`` per strategy covers ``first_year``..``last_year``. Per roadmap action and
year it holds three kinds of lines:

- ``StaffEffort``: person-months of a partner organisation, with a monthly staff rate (the staff
  cost is derived: person-months x rate; a missing rate is allowed and reported by the checks);
- ``CostLine``: other costs by category (travel, events and study visits, subcontracting,
  communication, other; "staff" for staff costs not counted in person-months);
- ``FinancingLine``: an amount from an instrument of the catalogue (level regional, national or
  EU, copied from the instrument) or a partner's own contribution, with its status.

The catalogue of ``FundingInstrument`` rows is shared (``partnership`` empty, seeded from
``crosscluster/data/funding``, edited by platform administrators) or a partnership's own.
``FundingCall`` rows are the open calls a partnership follows, linked to the actions they could
finance. Money is EUR with cents; rates are percentages.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crosscluster.businessplan import catalogue

FIRST_ALLOWED_YEAR = 2000
LAST_ALLOWED_YEAR = 2100
MAX_PLAN_YEARS = 15


class FundingLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    EU = "eu", _("EU")


class FinancingLevel(models.TextChoices):
    """Where a financing line's money comes from: an instrument's level, or a partner."""

    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    EU = "eu", _("EU")
    OWN = "own", _("Own contribution")


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    TRAVEL = "travel", _("Travel")
    EVENTS = "events", _("Events and study visits")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Other")


class FinancingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")


class CallStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")


class BusinessPlan(models.Model):
    """The business plan of a JIS (one per strategy)."""

    strategy = models.OneToOneField(
        "strategy.Strategy", on_delete=models.CASCADE, related_name="business_plan"
    )
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True, help_text=_("Assumptions, in a few lines."))
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")), name="plan_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=FIRST_ALLOWED_YEAR)
                & Q(last_year__lte=LAST_ALLOWED_YEAR),
                name="plan_years_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"Business plan {self.first_year}-{self.last_year} ({self.strategy_id})"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class FundingInstrument(models.Model):
    """A financing instrument: shared catalogue entry (``partnership`` empty) or a partnership's
    own. ``key`` identifies seeded entries so the catalogue can be reloaded in place."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_instruments",
    )
    key = models.SlugField(max_length=80, blank=True)
    name = models.CharField(max_length=200)
    programme = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=10, choices=FundingLevel.choices)
    managing_body = models.CharField(max_length=200, blank=True)
    country_code = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166 code of the country, for national ones.")
    )
    region = models.CharField(
        max_length=200, blank=True, help_text=_("Region or programme area, where relevant.")
    )
    cofinancing_cap_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Highest share of an action's costs it may finance (published rule only)."),
    )
    url = models.URLField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text=_("Where these facts come from, and when."))
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=FundingLevel.values), name="instrument_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_cap_percent__isnull=True)
                | (Q(cofinancing_cap_percent__gt=0) & Q(cofinancing_cap_percent__lte=100)),
                name="instrument_cap_is_a_percentage",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(partnership__isnull=True) & ~Q(key=""),
                name="unique_shared_instrument_key",
            ),
        ]
        indexes = [models.Index(fields=["level", "name"], name="instrument_by_level")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.partnership_id is None

    @property
    def localised(self) -> catalogue.Localised:
        """Name, programme, region, notes and source in the active language: a shipped shared
        entry as translated in ``data/funding`` (official names where the EU publishes them),
        anything typed as typed (``catalogue.localise``)."""
        return catalogue.localise(
            key=self.key,
            name=self.name,
            programme=self.programme,
            region=self.region,
            notes=self.notes,
            source=self.source,
            shared=self.is_shared,
        )

    @property
    def display_name(self) -> str:
        return self.localised.name


class FundingCall(models.Model):
    """A funding call a partnership follows, with the roadmap actions it could finance.

    ``is_illustrative`` marks demo calls: they are not real calls and pages say so."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(max_length=300)
    instrument = models.ForeignKey(
        FundingInstrument, on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    programme = models.CharField(max_length=200, blank=True)
    deadline_date = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=CallStatus.choices, default=CallStatus.OPEN)
    notes = models.TextField(blank=True)
    is_illustrative = models.BooleanField(default=False)
    actions = models.ManyToManyField(
        "strategy.RoadmapAction", blank=True, related_name="funding_calls"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CallStatus.values), name="call_status_valid"
            )
        ]
        indexes = [models.Index(fields=["plan", "deadline_date"], name="call_by_deadline")]

    def __str__(self) -> str:
        return self.title


class StaffEffort(models.Model):
    """Person-months of one partner organisation on one action in one year."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="efforts")
    action = models.ForeignKey("strategy.RoadmapAction", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person_months = models.DecimalField(max_digits=7, decimal_places=2)
    monthly_rate_eur = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Staff cost per person-month; empty when not known yet."),
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year", "organisation"], name="one_effort_per_partner_year"
            ),
            models.CheckConstraint(
                condition=Q(person_months__gt=0), name="effort_person_months_positive"
            ),
            models.CheckConstraint(
                condition=Q(monthly_rate_eur__isnull=True) | Q(monthly_rate_eur__gte=0),
                name="effort_rate_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["plan", "year"], name="effort_by_plan_year")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.person_months} PM in {self.year}"


class CostLine(models.Model):
    """A cost of one action in one year, by category."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="costs")
    action = models.ForeignKey("strategy.RoadmapAction", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=16, choices=CostCategory.choices)
    description = models.CharField(max_length=300)
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=CostCategory.values), name="cost_category_valid"
            ),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="cost_amount_positive"),
        ]
        indexes = [models.Index(fields=["plan", "year"], name="cost_by_plan_year")]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount_eur}"


class FinancingLine(models.Model):
    """Money for one action in one year: from an instrument, or a partner's own contribution.

    ``level`` is the instrument's level (copied by the service so sums by level need no join) or
    ``own``; the database guards that own contributions name a partner and no instrument, and
    other lines an instrument."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="financing")
    action = models.ForeignKey("strategy.RoadmapAction", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=FinancingLevel.choices)
    instrument = models.ForeignKey(
        FundingInstrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financing_lines",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The partner contributing (own contributions only)."),
    )
    call = models.ForeignKey(
        FundingCall,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="financing_lines",
    )
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(
        max_length=10, choices=FinancingStatus.choices, default=FinancingStatus.PLANNED
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=FinancingLevel.values), name="financing_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=FinancingStatus.values), name="financing_status_valid"
            ),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="financing_amount_positive"),
            models.CheckConstraint(
                condition=(
                    Q(level=FinancingLevel.OWN)
                    & Q(organisation__isnull=False)
                    & Q(instrument__isnull=True)
                )
                | (
                    ~Q(level=FinancingLevel.OWN)
                    & Q(instrument__isnull=False)
                    & Q(organisation__isnull=True)
                ),
                name="financing_names_its_source",
            ),
        ]
        indexes = [models.Index(fields=["plan", "year"], name="financing_by_plan_year")]

    def __str__(self) -> str:
        return f"{self.level}: {self.amount_eur}"
