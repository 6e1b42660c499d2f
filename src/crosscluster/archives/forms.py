"""The form of the import page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ArchiveUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Archive"),
        help_text=_("The .zip a partnership archive export made (archive.json and its documents)."),
    )
    slug = forms.SlugField(
        label=_("Slug"),
        required=False,
        max_length=80,
        help_text=_(
            "Leave empty to keep the archived slug; give another when that one is taken here."
        ),
    )
