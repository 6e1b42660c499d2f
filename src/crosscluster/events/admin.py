from django.contrib import admin

from crosscluster.events.models import Event, ProgrammeItem


class ProgrammeItemInline(admin.TabularInline):
    """Times in UTC here; the service's checks (within the event) apply on the event pages."""

    model = ProgrammeItem
    extra = 0
    fields = ("position", "kind", "title", "start_at", "end_at", "place", "visited_organisation")
    raw_id_fields = ("visited_organisation",)
    ordering = ("start_at", "position")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Times here are entered and shown in UTC (the site's TIME_ZONE); ``timezone`` is the
    venue's zone used on the pages. Coordinators use the event pages, which take venue time."""

    list_display = (
        "title",
        "partnership",
        "kind",
        "start_at",
        "end_at",
        "timezone",
        "visibility",
        "is_illustrative",
    )
    list_filter = ("kind", "visibility", "is_illustrative", "partnership")
    list_select_related = ("partnership",)
    search_fields = ("title", "slug", "city", "venue_name")
    date_hierarchy = "start_at"
    raw_id_fields = ("host",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (ProgrammeItemInline,)
    fieldsets = (
        (None, {"fields": ("partnership", "title", "slug", "kind", "description")}),
        (
            "When (UTC)",
            {
                "fields": ("start_at", "end_at", "timezone"),
                "description": "Start and end are in UTC; timezone is the venue's IANA zone.",
            },
        ),
        ("Where", {"fields": ("venue_name", "venue_address", "city", "country", "online_url")}),
        (None, {"fields": ("host", "visibility", "is_illustrative", "created_at", "updated_at")}),
    )
