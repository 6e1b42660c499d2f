"""Django admin for the S3 guidelines (for inspection; the pages and API are where they are
edited, through the services)."""

from __future__ import annotations

from django.contrib import admin

from crosscluster.regions.models import PartnerRegion, Recommendation, RegionProfile, S3Priority


class PartnerRegionInline(admin.TabularInline):
    model = PartnerRegion
    raw_id_fields = ("organisation", "partnership")
    extra = 0


class S3PriorityInline(admin.StackedInline):
    model = S3Priority
    filter_horizontal = ("tags",)
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0


@admin.register(RegionProfile)
class RegionProfileAdmin(admin.ModelAdmin):
    list_display = ("region", "partnership", "recommendations_generated_at")
    list_select_related = ("region", "partnership")
    raw_id_fields = ("partnership", "region")
    inlines = (PartnerRegionInline, S3PriorityInline, RecommendationInline)
