from __future__ import annotations

from django.contrib import admin

from crosscluster.marketplace.models import (
    ExpressionOfInterest,
    Follow,
    MatchFeedback,
    MatchSuggestion,
    Opportunity,
)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "partnership", "status", "visibility", "language")
    list_filter = ("kind", "status", "visibility", "language")
    search_fields = ("title", "description", "owner__name")
    raw_id_fields = ("owner", "partnership", "created_by")
    filter_horizontal = ("tags", "target_countries")
    readonly_fields = ("created_at", "updated_at", "matches_requested_at", "matches_computed_at")


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "organisation", "status", "created_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("opportunity", "organisation", "author", "decided_by")


@admin.register(MatchSuggestion)
class MatchSuggestionAdmin(admin.ModelAdmin):
    list_display = ("opportunity", "provider_organisation", "provider_opportunity", "score")
    list_filter = ("source", "is_pinned", "is_hidden", "is_current")
    raw_id_fields = ("opportunity", "provider_organisation", "provider_opportunity")


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(admin.ModelAdmin):
    list_display = ("match", "user", "is_useful", "created_at")
    raw_id_fields = ("match", "user")


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "opportunity", "partnership", "created_at")
    raw_id_fields = ("user", "opportunity", "partnership")
