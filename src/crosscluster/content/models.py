"""News posts and documents of a partnership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crosscluster.content.files import label_for
from crosscluster.core.choices import Visibility
from crosscluster.core.translations import TextTranslation


class NewsPost(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="news_posts"
    )
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=200)
    body_markdown = models.TextField(blank=True)
    # Rendered from body_markdown and sanitised by the content service; never edited by hand.
    body_html = models.TextField(blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("The language it is written in.")
    )
    published_at = models.DateTimeField(db_index=True)
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    source_url = models.URLField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="unique_news_slug"),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="news_visibility_valid"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "published_at"], name="news_by_date")]

    def __str__(self) -> str:
        return self.title


class NewsTranslation(TextTranslation):
    """A news post's title and text in one more language (texts ``title`` and ``body``,
    Markdown; core.translations)."""

    post = models.ForeignKey(NewsPost, on_delete=models.CASCADE, related_name="translations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "language"], name="one_news_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.language})"


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Report")
    DELIVERABLE = "deliverable", _("Deliverable")
    PRESENTATION = "presentation", _("Presentation")
    AGREEMENT = "agreement", _("Agreement")
    DATA = "data", _("Data")
    IMAGE = "image", _("Image")
    OTHER = "other", _("Other")


class Document(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=14, choices=DocumentKind.choices)
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=300)
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    document_date = models.DateField()
    version = models.CharField(max_length=20, default="1.0")
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(size_bytes__gt=0), name="document_not_empty"),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="document_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "document_date"], name="document_by_date")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def type_label(self) -> str:
        """``PDF``, ``Word (DOCX)``...: what the stored bytes were found to be."""
        return label_for(self.content_type)
