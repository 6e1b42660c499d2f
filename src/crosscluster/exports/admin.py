from django.contrib import admin
from django.http import HttpRequest

from crosscluster.exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "subject",
        "file_format",
        "status",
        "requested_by",
        "requested_at",
        "size",
    )
    list_filter = ("status", "kind", "file_format")
    search_fields = ("subject", "requested_by__email")
    readonly_fields = (
        "kind", "subject", "file_format", "requested_by", "cache_key", "status", "error",
        "filename", "size", "requested_at", "started_at", "finished_at",
    )  # fmt: skip
    exclude = ("file",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
