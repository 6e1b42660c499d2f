"""Django admin for the JIS. Adopted versions are read-only: they are immutable snapshots."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from crosscluster.strategy.models import (
    Comment,
    Initiative,
    JointOffering,
    Kpi,
    MarketJudgement,
    OfferingContribution,
    PriorityMarket,
    RoadmapAction,
    Strategy,
    StrategyVersion,
    SupportMechanism,
    TechnologyDomain,
)


class TechnologyDomainInline(admin.TabularInline):
    model = TechnologyDomain
    raw_id_fields = ("tag",)
    extra = 0


class PriorityMarketInline(admin.TabularInline):
    model = PriorityMarket
    raw_id_fields = ("country",)
    fields = ("rank", "country", "rationale", "chosen_at")
    readonly_fields = ("chosen_at",)
    extra = 0
    max_num = 4

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # chosen from the ranking page (it stores the ranking with the market)


class StrategyVersionInline(admin.TabularInline):
    model = StrategyVersion
    fields = ("number", "adopted_at", "adopted_by_name", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ("partnership", "title", "state", "current_version", "updated_at")
    list_filter = ("state",)
    search_fields = ("partnership__name", "partnership__acronym", "title")
    raw_id_fields = ("partnership",)
    readonly_fields = ("state", "state_changed_at", "current_version")
    inlines = [TechnologyDomainInline, PriorityMarketInline, StrategyVersionInline]


class OfferingContributionInline(admin.TabularInline):
    model = OfferingContribution
    raw_id_fields = ("organisation",)
    extra = 0


@admin.register(JointOffering)
class JointOfferingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "strategy")
    search_fields = ("title",)
    raw_id_fields = ("strategy",)
    inlines = [OfferingContributionInline]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "target_group", "strategy")
    list_filter = ("kind", "target_group")
    search_fields = ("title",)
    raw_id_fields = ("strategy",)


@admin.register(SupportMechanism)
class SupportMechanismAdmin(admin.ModelAdmin):
    list_display = ("mechanism", "kind", "region", "authority", "strategy")
    list_filter = ("kind",)
    search_fields = ("mechanism", "authority")
    raw_id_fields = ("strategy", "region", "organisation")


class KpiInline(admin.TabularInline):
    model = Kpi
    extra = 0


@admin.register(RoadmapAction)
class RoadmapActionAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "owner", "start_date", "end_date", "budget_eur", "strategy")
    search_fields = ("code", "title")
    raw_id_fields = ("strategy", "owner")
    filter_horizontal = (
        "technology_domains",
        "offerings",
        "initiatives",
        "markets",
        "support_mechanisms",
    )
    inlines = [KpiInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("strategy", "section", "kind", "status", "author_name", "created_at")
    list_filter = ("kind", "status", "section")
    search_fields = ("body", "author_name")
    raw_id_fields = ("strategy", "author", "decided_by")


@admin.register(MarketJudgement)
class MarketJudgementAdmin(admin.ModelAdmin):
    list_display = ("strategy", "organisation", "updated_at")
    raw_id_fields = ("strategy", "organisation", "entered_by")


@admin.register(StrategyVersion)
class StrategyVersionAdmin(admin.ModelAdmin):
    """Read-only: a version is what was adopted; nobody changes it afterwards."""

    list_display = ("strategy", "number", "adopted_at", "adopted_by_name")
    search_fields = ("strategy__partnership__name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
