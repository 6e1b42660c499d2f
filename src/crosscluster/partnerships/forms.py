from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from crosscluster.core.forms import CheckboxGroup, DateInput
from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships.models import PartnershipKind, WorkItemKind


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
    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"), required=False, widget=CheckboxGroup
    )
    start_date = forms.DateField(label=_("Start of partnership"), widget=DateInput())
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # by the name in the reader's language; the ISO codes are the values, as stored
        countries = self.fields["target_countries"]
        assert isinstance(countries, forms.MultipleChoiceField)
        countries.choices = directory_queries.country_choices()


class NewPartnershipForm(PartnershipForm):
    """Every field of the partnership page, and the cluster that coordinates it."""

    coordinator_organisation = forms.TypedChoiceField(
        label=_("Coordinating cluster"),
        coerce=int,
        help_text=_("A cluster you manage; you become the partnership's first coordinator."),
    )

    field_order = ["coordinator_organisation"]

    def __init__(self, *args: Any, clusters: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["coordinator_organisation"]).choices = clusters
        self.fields["is_public"].initial = True


class InvitePartnerForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Cluster to invite"), coerce=int)
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, clusters: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = clusters


class AnswerForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (when declining)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Its coordinators read this on the partnership's page."),
    )


class CoordinatorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the new coordinator"),
        help_text=_("A person who works for a partner organisation."),
    )


class WorkPackageForm(forms.Form):
    title = forms.CharField(label=_("Title of the work package"), max_length=200)
    leader = forms.TypedChoiceField(label=_("Leader"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, partners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["leader"]).choices = [("", _("No leader")), *partners]


class WorkItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkItemKind.choices)
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("T1.1, M1.1, D1.1 ..."))
    title = forms.CharField(label=_("Title"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    owner_organisation = forms.TypedChoiceField(
        label=_("Owner organisation"), coerce=int, required=False, empty_value=None
    )
    owner_person = forms.TypedChoiceField(
        label=_("Owner person"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        partners: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner_organisation"]).choices = [
            ("", _("None")),
            *partners,
        ]
        cast(forms.ChoiceField, self.fields["owner_person"]).choices = [("", _("None")), *people]


class CompletionForm(forms.Form):
    evidence_url = forms.CharField(
        label=_("Link to the evidence"),
        max_length=500,
        required=False,
        help_text=_("A report or a page; or choose a document of the library below."),
    )
    evidence_document_id = forms.TypedChoiceField(
        label=_("Or a document of the partnership's library"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Upload it to the library first if it is not there."),
    )
    done_date = forms.DateField(label=_("Done on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, documents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["evidence_document_id"]).choices = [
            ("", _("None")),
            *documents,
        ]


class PartnershipTranslationForm(forms.Form):
    """The partnership's texts in one more language (empty summary: no translation)."""

    summary = forms.CharField(
        label=_("Summary and objectives"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Markdown. Leave empty to show the original text in this language."),
    )
    results_expected = forms.CharField(
        label=_("Results expected"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_("Markdown."),
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # spelling checked in the language written
            field.widget.attrs["lang"] = language
