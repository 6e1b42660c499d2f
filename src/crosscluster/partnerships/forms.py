from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crosscluster.partnerships.models import PartnershipKind


class PartnershipForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Type of partnership"), choices=PartnershipKind.choices)
    origin = forms.CharField(label=_("Partnership origin"), max_length=200, required=False)
    phase = forms.CharField(label=_("Phase"), max_length=120, required=False)
    coordinator_contact_name = forms.CharField(
        label=_("Coordinator contact person"), max_length=200, required=False
    )
    coordinator_contact_role = forms.CharField(
        label=_("Contact person's role"), max_length=120, required=False
    )
    target_countries = forms.CharField(
        label=_("Target countries"),
        required=False,
        help_text=_("ISO 3166 two-letter codes separated by commas, e.g. US, JP."),
    )
    start_date = forms.DateField(
        label=_("Start of partnership"), widget=forms.DateInput(attrs={"type": "date"})
    )
    duration_months = forms.IntegerField(
        label=_("Partnership duration (months)"), min_value=1, max_value=240
    )
    summary = forms.CharField(
        label=_("Summary and objectives"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown."),
    )
    results_expected = forms.CharField(
        label=_("Results expected"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Markdown: lists, emphasis and links are kept; scripts are removed."),
    )
    focus_areas = forms.CharField(
        label=_("Sectoral and industrial focus"),
        required=False,
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    funding_acknowledgement = forms.CharField(
        label=_("Funding acknowledgement"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    disclaimer = forms.CharField(
        label=_("Disclaimer"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    is_public = forms.BooleanField(label=_("Public page"), required=False)
