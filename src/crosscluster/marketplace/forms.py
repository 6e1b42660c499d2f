"""Forms: parse and show errors; every rule lives in services."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from crosscluster.core.countries import by_local_name
from crosscluster.core.forms import (
    EMPTY_CHOICE,
    CheckboxGroup,
    DateInput,
    PickerForm,
    SearchPickField,
    picker_query,
    preselect_only_choice,
)
from crosscluster.core.taxonomy import translate_label
from crosscluster.directory import queries as directory_queries
from crosscluster.marketplace.models import (
    BudgetRange,
    CooperationType,
    OpportunityKind,
    OpportunityVisibility,
    Timeframe,
)

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, Organisation, Tag
    from crosscluster.marketplace.models import Opportunity
    from crosscluster.partnerships.models import Partnership

# Choice fields start empty (``queryset=None``); ``__init__`` gives them their choices from the
# directory's and the partnerships' queries.


class OpportunityForm(forms.Form):
    owner: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE, queryset=None, label=_("Organisation")
    )
    kind = forms.ChoiceField(choices=OpportunityKind.choices, label=_("Type"))
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Any EU language; the language is detected and matching works across languages."
        ),
    )
    technologies: forms.ModelMultipleChoiceField[Tag] = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Technologies"), widget=CheckboxGroup
    )
    sectors: forms.ModelMultipleChoiceField[Tag] = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Sectors"), widget=CheckboxGroup
    )
    services: forms.ModelMultipleChoiceField[Tag] = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Services"), widget=CheckboxGroup
    )
    partnership: forms.ModelChoiceField[Partnership] = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        queryset=None,
        required=False,
        label=_("Partnership"),
        help_text=_("The partnership this is published in (its coordinators act as brokers)."),
    )
    target_countries: forms.ModelMultipleChoiceField[Country] = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Target countries"), widget=CheckboxGroup
    )
    cooperation_types = forms.MultipleChoiceField(
        choices=CooperationType.choices,
        required=False,
        widget=CheckboxGroup,
        label=_("Cooperation types"),
    )
    deadline_date = forms.DateField(required=False, widget=DateInput, label=_("Deadline"))
    expiry_date = forms.DateField(required=False, widget=DateInput, label=_("Expiry date"))
    visibility = forms.ChoiceField(choices=OpportunityVisibility.choices, label=_("Visibility"))

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Partnership],
        owners: QuerySet[Organisation] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        """``owners``: the organisations the author may act for (not asked when ``editing``)."""
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["owner"]
        else:
            owner_field = self.fields["owner"]
            assert isinstance(owner_field, forms.ModelChoiceField)
            assert owners is not None
            owner_field.queryset = owners
            preselect_only_choice(owner_field)
        for facet in ("technologies", "sectors", "services"):
            field = self.fields[facet]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = directory_queries.list_tags(facet=facet)
            field.label_from_instance = _tag_label  # type: ignore[method-assign,assignment]
        countries_field = self.fields["target_countries"]
        assert isinstance(countries_field, forms.ModelMultipleChoiceField)
        countries_field.queryset = directory_queries.list_countries_by_name()
        # by the name in the reader's language, as the country pickers
        countries_field.choices = directory_queries.country_choices()
        partnership_field = self.fields["partnership"]
        assert isinstance(partnership_field, forms.ModelChoiceField)
        partnership_field.queryset = partnerships


def _tag_label(tag: Tag) -> str:
    """A taxonomy tag's label in the reader's language (the English label stays the value)."""
    return translate_label(tag.label, facet=tag.facet)


class InterestForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE, queryset=None, label=_("On behalf of")
    )
    offer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label=_("What does your organisation offer?")
    )
    timeframe = forms.ChoiceField(choices=Timeframe.choices, label=_("Timeframe"))
    budget_range = forms.ChoiceField(choices=BudgetRange.choices, label=_("Budget range"))
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Message")
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
        preselect_only_choice(field)


class BrowseForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", _("Any type")), *OpportunityKind.choices], required=False
    )
    country = forms.ChoiceField(required=False, label=_("Country"))
    technology = forms.CharField(max_length=140, required=False)
    sector = forms.CharField(max_length=140, required=False)
    q = forms.CharField(max_length=200, required=False, label=_("Search"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The country is picked by its name in the reader's language; its ISO code is the
        value, read in either case (a link written ``?country=se`` keeps working)."""
        super().__init__(*args, **kwargs)
        if self.data.get("country"):  # (every filter has one value)
            country = str(self.data["country"]).strip().upper()
            self.data = {key: self.data.get(key) for key in self.data} | {"country": country}
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any country")), *directory_queries.country_choices()]

    # The technology and sector pickers (read when the page shows them): each tag's slug the
    # value, its label in the reader's language, in the order of the reader's alphabet.
    @cached_property
    def technology_choices(self) -> list[tuple[str, str]]:
        return _tag_choices(facet="technologies")

    @cached_property
    def sector_choices(self) -> list[tuple[str, str]]:
        return _tag_choices(facet="sectors")


def _tag_choices(*, facet: str) -> list[tuple[str, str]]:
    return by_local_name(
        (tag.slug, _tag_label(tag)) for tag in directory_queries.list_tags(facet=facet)
    )


class MatchFilterForm(forms.Form):
    """Filters of a match list; the country picker lists the countries among the matches."""

    country = forms.ChoiceField(required=False, label=_("Country"))
    cross_border = forms.BooleanField(required=False, label=_("Cross-border only"))
    min_score = forms.FloatField(
        required=False, min_value=0.0, max_value=1.5, label=_("Minimum score")
    )
    hidden = forms.BooleanField(required=False, label=_("Show hidden"))

    def __init__(self, *args: Any, countries: Sequence[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any country")), *countries]


class InterestAnswerForm(forms.Form):
    """The owner's answer to an expression of interest, kept as typed when the service refuses
    it (the service checks its length)."""

    answer = forms.CharField(required=False, strip=False)


class AddMatchForm(PickerForm):
    """A broker adds a provider by hand, found by its name: any organisation of the directory
    but the need's owner (``services.add_match`` refuses it too). "Find" without JavaScript
    shows the form again with the note typed."""

    organisation = SearchPickField(
        label=_("Provider"),
        error_messages={
            "required": _("Provider: type a few letters of its name, then choose it below."),
            "invalid_choice": _(
                "Provider: choose one of the organisations listed, other than the need's owner."
            ),
        },
    )
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(
        self, data: Any = None, *, opportunity: Opportunity, query: str = "", **kwargs: Any
    ) -> None:
        """``query``: the words of a search sent without JavaScript (the page's address)."""
        super().__init__(data, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, SearchPickField)
        picker = directory_queries.organisation_picker(
            picks={"exclude": opportunity.owner.slug}, exclude_ids=[opportunity.owner_id]
        )
        field.queryset = picker.queryset
        field.offer(
            find=picker.find,
            query=picker_query(data, "organisation") or query.strip()[:200],
            search_url=picker.search_url,
        )
