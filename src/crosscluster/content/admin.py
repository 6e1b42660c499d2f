"""Admin for news and documents. Saves go through the content services, so the admin renders
and sanitises Markdown, and deletes stored files, exactly as the site does."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from crosscluster.content import services
from crosscluster.content.models import Document, NewsPost


class NewsPostAdminForm(forms.ModelForm):
    """The service's checks, so the admin shows the same field errors as the site."""

    source_url = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = NewsPost
        fields = (
            "partnership",
            "title",
            "published_at",
            "visibility",
            "source_url",
            "body_markdown",
            "author",
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not self.errors:
            services.validate_news(
                title=cleaned.get("title", ""),
                body_markdown=cleaned.get("body_markdown", ""),
                published_at=cleaned.get("published_at"),
                visibility=cleaned.get("visibility", ""),
                source_url=cleaned.get("source_url", ""),
            )
        return cleaned


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    form = NewsPostAdminForm
    list_display = ("title", "partnership", "published_at", "visibility", "updated_at")
    list_filter = ("visibility", "partnership")
    search_fields = ("title", "slug", "body_markdown")
    date_hierarchy = "published_at"
    raw_id_fields = ("partnership", "author")
    readonly_fields = ("slug", "rendered", "created_at", "updated_at")
    fields = (
        "partnership",
        "title",
        "slug",
        "published_at",
        "visibility",
        "source_url",
        "body_markdown",
        "rendered",
        "author",
        "created_at",
        "updated_at",
    )

    @admin.display(description="Rendered and sanitised HTML")
    def rendered(self, post: NewsPost) -> SafeString:
        return format_html('<div class="news-body">{}</div>', SafeString(post.body_html))

    def save_model(
        self, request: HttpRequest, obj: NewsPost, form: ModelForm[NewsPost], change: bool
    ) -> None:
        services.save_news(user=request.user, post=obj)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Metadata only: files are uploaded through the site or the API, which check them."""

    list_display = (
        "title",
        "partnership",
        "kind",
        "document_date",
        "version",
        "visibility",
        "content_type",
        "size_bytes",
    )
    list_filter = ("kind", "visibility", "partnership")
    search_fields = ("title", "original_filename", "sha256")
    date_hierarchy = "document_date"
    fields = (
        "partnership",
        "title",
        "kind",
        "document_date",
        "version",
        "visibility",
        "download",
        "original_filename",
        "content_type",
        "size_bytes",
        "sha256",
        "file",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = (
        "partnership",
        "download",
        "original_filename",
        "content_type",
        "size_bytes",
        "sha256",
        "file",
        "uploaded_by",
        "uploaded_at",
    )

    @admin.display(description="Download")
    def download(self, document: Document) -> SafeString:
        url = reverse("content:document_download", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.original_filename)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads are validated by the site's upload page and the API

    def save_model(
        self, request: HttpRequest, obj: Document, form: ModelForm[Document], change: bool
    ) -> None:
        current = Document.objects.get(pk=obj.pk)
        changes = services.DocumentChanges(
            **{name: form.cleaned_data[name] for name in form.changed_data}
        )
        services.update_document(user=request.user, document=current, changes=changes)

    def delete_model(self, request: HttpRequest, obj: Document) -> None:
        services.delete_document(user=request.user, document=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        for document in queryset.select_related("partnership"):
            services.delete_document(user=request.user, document=document)
