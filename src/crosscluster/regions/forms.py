"""Forms of the S3 guidelines pages: they parse input; the services validate and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from crosscluster.core.forms import CheckboxGroup, choice_errors
from crosscluster.directory import queries as directory_queries
from crosscluster.regions import services


class PriorityForm(forms.Form):
    title = forms.CharField(label=_("Priority area"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tags = forms.MultipleChoiceField(
        label=_("Related EDIH tags"),
        required=False,
        widget=CheckboxGroup,
        help_text=_("Technologies and sectors of the EDIH taxonomy (they drive the matrix)."),
    )
    source_url = forms.CharField(
        label=_("Source address"),
        required=False,
        max_length=500,
        help_text=_("The region's S3 document or page."),
    )
    source_label = forms.CharField(
        label=_("Source"), required=False, max_length=300, help_text=_("Its title or publisher.")
    )
    source_vintage = forms.CharField(
        label=_("Vintage"),
        required=False,
        max_length=60,
        help_text=_("e.g. “S3 2021-2027” or “published 2022-05”."),
    )

    def __init__(
        self, *args: Any, tags: Sequence[tuple[str, Sequence[tuple[str, str]]]], **kwargs: Any
    ) -> None:
        """``tags``: (facet, [(key, label), ...]) groups."""
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["tags"]).choices = list(tags)

    def to_input(self) -> services.PriorityInput:
        data = self.cleaned_data
        return services.PriorityInput(
            title=data["title"],
            description=data["description"],
            tags=list(data["tags"]),
            source_label=data["source_label"],
            source_url=data["source_url"],
            source_vintage=data["source_vintage"],
        )


class PartnerRegionForm(forms.Form):
    """A partner's NUTS-2 region, picked by name (grouped by country) on the overview page;
    ``clearing``: its "Clear" button, which needs the partner only."""

    organisation = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose one of the partnership's partners."),
            "invalid": _("Choose one of the partnership's partners."),
        },
    )
    region = forms.ChoiceField(
        label=_("Region"),
        error_messages=choice_errors(_("Choose the partner's region from the list.")),
    )

    def __init__(self, *args: Any, clearing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if clearing:
            del self.fields["region"]
            return
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = directory_queries.region_choices(level=2)

    @property
    def organisation_id(self) -> int | None:
        """The partner the form was posted for, as posted (None: not a number)."""
        value = str(self.data.get("organisation", ""))
        return int(value) if value.isdigit() else None


class AdoptForm(forms.Form):
    """The candidate priorities checked on a region's page (their keys), kept as checked when
    refused; the service checks them, naming the candidates to choose among."""

    key = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    @property
    def keys(self) -> list[str]:
        """The keys checked, as posted."""
        return [str(key) for key in self["key"].value() or []]


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
