from django.contrib import admin

from crosscluster.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "partnership", "kind", "start_at", "end_at", "timezone", "visibility")
    list_filter = ("kind", "visibility", "partnership")
    search_fields = ("title", "city")
    raw_id_fields = ("host",)
