from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from crosscluster.directory import services
from crosscluster.directory.models import (
    ClusterJoinRequest,
    ClusterMembership,
    ClusterReview,
    Country,
    NutsRegion,
    Organisation,
    OrganisationClaim,
    OrganisationKind,
    OrganisationTag,
    Tag,
    ValidationStatus,
)
from crosscluster.directory.wording import refusal


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("iso2", "iso3", "name", "region", "is_eu_member")
    list_filter = ("is_eu_member", "region")
    search_fields = ("iso2", "iso3", "name")


@admin.register(NutsRegion)
class NutsRegionAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "level", "country_code")
    list_filter = ("level", "country_code")
    search_fields = ("code", "label")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("label", "facet", "slug")
    list_filter = ("facet",)
    search_fields = ("label", "slug")


class OrganisationTagInline(admin.TabularInline):
    model = OrganisationTag
    fields = ("tag", "level")
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "country",
        "city",
        "validation_status",
        "validated_until_date",
        "review_requested_at",
        "source",
    )
    list_filter = ("kind", "validation_status", "source", "size")
    search_fields = ("name", "slug", "city")
    raw_id_fields = ("country", "nuts_region")
    readonly_fields = ("review_link", "created_at", "updated_at")
    list_select_related = ("country",)
    show_full_result_count = False  # no COUNT(*) over the whole directory on every page
    inlines = [OrganisationTagInline]
    actions = ["validate_clusters", "expire_overdue_validations"]

    @admin.display(description="Review")
    def review_link(self, organisation: Organisation) -> SafeString | str:
        if not organisation.pk or organisation.kind != OrganisationKind.CLUSTER:
            return "—"
        return format_html(
            '<a href="{}">Review against the published criteria</a>',
            reverse("directory:review", args=[organisation.slug]),
        )

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        obj.search_text = services.search_text_of(obj)
        super().save_model(request, obj, form, change)

    @admin.action(description="Validate the selected clusters (every criterion must be met)")
    def validate_clusters(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        now = timezone.now()
        for cluster in queryset.filter(kind=OrganisationKind.CLUSTER):
            try:
                services.review_cluster(
                    reviewer=request.user,
                    cluster=cluster,
                    decision=ValidationStatus.VALIDATED,
                    comment="Validated from the admin.",
                    now=now,
                )
            except services.UnmetCriteriaError as refused:
                messages.error(request, f"{cluster.name}: {refusal(refused.results)}")
            except (ValidationError, PermissionDenied) as error:
                messages.error(
                    request,
                    f"{cluster.name}: {' '.join(error.messages) if isinstance(error, ValidationError) else error}",
                )
            else:
                messages.success(request, f"{cluster.name}: validated for one year.")

    @admin.action(description="Expire every validation whose year is over")
    def expire_overdue_validations(
        self, request: HttpRequest, queryset: QuerySet[Organisation]
    ) -> None:
        expired = services.expire_cluster_validations(now=timezone.now())
        messages.info(request, f"{expired} cluster validation(s) expired.")


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(admin.ModelAdmin):
    list_display = ("cluster", "member", "joined_date")
    raw_id_fields = ("cluster", "member")
    search_fields = ("cluster__name", "member__name")
    list_select_related = ("cluster", "member")
    show_full_result_count = False


@admin.register(ClusterReview)
class ClusterReviewAdmin(admin.ModelAdmin):
    """Reviews are a record: recorded through the review page or the validate action."""

    list_display = ("cluster", "decision", "decided_at", "valid_until_date", "reviewer")
    list_filter = ("decision",)
    search_fields = ("cluster__name", "comment")
    raw_id_fields = ("cluster", "reviewer")
    list_select_related = ("cluster", "reviewer")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(OrganisationClaim)
class OrganisationClaimAdmin(admin.ModelAdmin):
    """Read-only record: claims are decided on /directory/requests/ (or the API)."""

    list_display = ("organisation", "claimant", "status", "proof", "created_at", "decided_at")
    list_filter = ("status", "proof")
    raw_id_fields = ("organisation", "claimant", "decided_by")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ClusterJoinRequest)
class ClusterJoinRequestAdmin(admin.ModelAdmin):
    """Read-only record: requests are decided on /directory/requests/ (or the API)."""

    list_display = ("organisation", "cluster", "direction", "status", "created_at", "decided_at")
    list_filter = ("status", "direction")
    raw_id_fields = ("cluster", "organisation", "asked_by", "decided_by")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
