from django.contrib import admin

from crosscluster.partnerships.models import (
    FocusArea,
    Partnership,
    PartnershipCoordinator,
    PartnershipMember,
    PartnershipTranslation,
    WorkItem,
    WorkPackage,
)


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    raw_id_fields = ("organisation",)
    extra = 0


class PartnershipCoordinatorInline(admin.TabularInline):
    model = PartnershipCoordinator
    raw_id_fields = ("user",)
    extra = 0


class PartnershipTranslationInline(admin.StackedInline):
    model = PartnershipTranslation
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "coordinator", "start_date", "is_public")
    search_fields = ("name", "acronym")
    raw_id_fields = ("coordinator",)
    filter_horizontal = ("target_countries", "focus_areas")
    inlines = [PartnershipMemberInline, PartnershipCoordinatorInline, PartnershipTranslationInline]


class WorkItemInline(admin.TabularInline):
    model = WorkItem
    extra = 0


@admin.register(WorkPackage)
class WorkPackageAdmin(admin.ModelAdmin):
    list_display = ("partnership", "number", "title", "leader")
    raw_id_fields = ("leader",)
    inlines = [WorkItemInline]


admin.site.register(FocusArea)
