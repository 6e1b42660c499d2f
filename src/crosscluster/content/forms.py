from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from crosscluster.content.models import DocumentKind
from crosscluster.core.choices import Visibility
from crosscluster.core.forms import DateInput

ACCEPT = ".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.gif,.webp"


TITLE_ERRORS = {"required": _("Give a title.")}


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages=TITLE_ERRORS)
    body_markdown = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown: paragraphs, headings, lists, emphasis, links, tables and code are kept; "
            "images, scripts, styles and raw HTML are removed."
        ),
    )
    published_at = forms.DateTimeField(
        label=_("Published"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time in your time zone; empty means now."),
        error_messages={"invalid": _("Give a date and time such as 2019-12-17 10:00.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        error_messages={"required": _("Choose who may read it, e.g. Public.")},
    )
    source_url = forms.URLField(
        label=_("Source"),
        required=False,
        assume_scheme="https",
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=_(
                    "Give the full address of the source, starting with https:// "
                    "(or leave it empty)."
                ),
            )
        ],
        error_messages={
            "invalid": _(
                "Give the full address of the source, starting with https:// (or leave it empty)."
            )
        },
        help_text=_("Where the news was first published, if elsewhere (cited under the post)."),
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # the service explains what to do with an empty file
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Choose the file to upload (PDF, DOCX, XLSX, PPTX or an image).")
        },
        help_text=_(
            "PDF, DOCX, XLSX, PPTX or an image (PNG, JPEG, GIF, WebP), checked by its content. "
            "SVG and old Office formats are not accepted."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200, error_messages=TITLE_ERRORS)
    kind = forms.ChoiceField(
        label=_("Type of document"),
        choices=DocumentKind.choices,
        error_messages={"required": _("Choose the type of document, e.g. Report.")},
    )
    document_date = forms.DateField(
        label=_("Document date"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the document's date, e.g. 2019-12-17."),
            "invalid": _("Give the document's date, e.g. 2019-12-17."),
        },
    )
    version = forms.CharField(
        label=_("Version"),
        max_length=20,
        initial="1.0",
        error_messages={"required": _("Give a version, e.g. 1.0.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who may download it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        error_messages={"required": _("Choose who may download it, e.g. Public.")},
    )


class DocumentEditForm(DocumentForm):
    file = forms.FileField(
        label=_("Replace the file (optional)"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=_("Upload a new version; the old file is deleted. Leave empty to keep it."),
    )
