"""Forms of the business-plan pages: they parse input; the services validate and write.

Amounts, rates and person-months are number fields read in the viewer's locale
(``core.forms.LocalDecimalField``: in English "2.5" is two and a half and "2,5" is refused with a
message naming the field; in a locale with a decimal comma "2,5" is two and a half). The services
check the ranges and decimal places and their errors say what to type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from crosscluster.businessplan import services
from crosscluster.businessplan.models import (
    CallStatus,
    CostCategory,
    FinancingStatus,
    FundingCall,
    FundingInstrument,
    FundingLevel,
)
from crosscluster.core.forms import CheckboxGroup, LocalDecimalField
from crosscluster.directory import queries as directory_queries

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation
    from crosscluster.strategy.models import RoadmapAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


class PlanForm(forms.Form):
    first_year = forms.IntegerField(label=_("First year"))
    last_year = forms.IntegerField(label=_("Last year"))
    notes = forms.CharField(
        label=_("Assumptions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. how staff rates were set, exchange rates, what is not included."),
    )

    def to_input(self) -> services.PlanInput:
        data = self.cleaned_data
        return services.PlanInput(
            first_year=data["first_year"], last_year=data["last_year"], notes=data["notes"]
        )


class _LineForm(forms.Form):
    """The action and year every line has."""

    action = forms.ChoiceField(label=_("Action"))
    year = forms.ChoiceField(label=_("Year"))

    def __init__(
        self, *args: Any, actions: Sequence[RoadmapAction], years: Sequence[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            (str(action.pk), f"{action.code} {action.title}") for action in actions
        ]
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (str(year), str(year)) for year in years
        ]


class EffortForm(_LineForm):
    organisation = forms.ChoiceField(label=_("Partner"))
    person_months = LocalDecimalField(label=_("Person-months"), example="2.5")
    monthly_rate_eur = LocalDecimalField(
        label=_("Monthly staff rate (EUR)"),
        example="6200.50",
        required=False,
        help_text=_("Cost of one person-month; leave empty if not known yet."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, partners: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(partner.pk), partner.name) for partner in partners
        ]

    def to_input(self) -> services.EffortInput:
        data = self.cleaned_data
        return services.EffortInput(
            action_id=_int(data["action"]),
            year=_int(data["year"]),
            organisation_id=_int(data["organisation"]),
            person_months=data["person_months"],
            monthly_rate_eur=data["monthly_rate_eur"],
            note=data["note"],
        )


class CostForm(_LineForm):
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount_eur = LocalDecimalField(label=_("Amount (EUR)"), example="1200.50")

    def to_input(self) -> services.CostInput:
        data = self.cleaned_data
        return services.CostInput(
            action_id=_int(data["action"]),
            year=_int(data["year"]),
            category=data["category"],
            description=data["description"],
            amount_eur=data["amount_eur"],
        )


class FinancingForm(_LineForm):
    source = forms.ChoiceField(
        label=_("Source"),
        help_text=_("An instrument of the catalogue, or a partner's own contribution."),
    )
    amount_eur = LocalDecimalField(label=_("Amount (EUR)"), example="1200.50")
    status = forms.ChoiceField(label=_("Status"), choices=FinancingStatus.choices)
    call = forms.ChoiceField(label=_("Call"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(
        self,
        *args: Any,
        instruments: Sequence[FundingInstrument],
        partners: Sequence[Organisation],
        calls: Sequence[FundingCall],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        levels = dict(FundingLevel.choices)
        cast(forms.ChoiceField, self.fields["source"]).choices = [
            ("", "—"),
            (
                str(_("Instruments")),
                [
                    (f"instrument:{item.pk}", f"{item.display_name} ({levels[item.level]})")
                    for item in instruments
                ],
            ),
            (
                str(_("Own contribution of")),
                [(f"partner:{partner.pk}", partner.name) for partner in partners],
            ),
        ]
        cast(forms.ChoiceField, self.fields["call"]).choices = [
            ("", "—"),
            *[(str(call.pk), call.title) for call in calls],
        ]

    def to_input(self) -> services.FinancingInput:
        data = self.cleaned_data
        kind, _sep, number = data["source"].partition(":")
        return services.FinancingInput(
            action_id=_int(data["action"]),
            year=_int(data["year"]),
            amount_eur=data["amount_eur"],
            instrument_id=_int(number) if kind == "instrument" else None,
            organisation_id=_int(number) if kind == "partner" else None,
            status=data["status"],
            call_id=_int(data["call"]) if data["call"] else None,
            note=data["note"],
        )


class InstrumentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    programme = forms.CharField(label=_("Programme"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=FundingLevel.choices)
    managing_body = forms.CharField(label=_("Managing body"), max_length=200, required=False)
    country_code = forms.ChoiceField(
        label=_("Country"), required=False, help_text=_("For a national instrument.")
    )
    region = forms.CharField(label=_("Region"), max_length=200, required=False)
    cofinancing_cap_percent = LocalDecimalField(
        label=_("Co-financing cap (%)"),
        example="50",
        required=False,
        help_text=_("Only the programme's published rule; leave empty when it varies."),
    )
    url = forms.CharField(label=_("Official address"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(
        label=_("Source of these facts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the facts come from, and when (e.g. the programme's page, 2026)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["country_code"]).choices = [
            ("", "—"),
            *directory_queries.country_choices(),
        ]

    def to_input(self) -> services.InstrumentInput:
        data = self.cleaned_data
        return services.InstrumentInput(
            name=data["name"],
            level=data["level"],
            programme=data["programme"],
            managing_body=data["managing_body"],
            country_code=data["country_code"],
            region=data["region"],
            cofinancing_cap_percent=data["cofinancing_cap_percent"],
            url=data["url"],
            notes=data["notes"],
            source=data["source"],
        )


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)
    programme = forms.CharField(
        label=_("Programme"),
        max_length=200,
        required=False,
        help_text=_("Needed when no instrument is chosen."),
    )
    deadline_date = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    url = forms.CharField(label=_("Address of the call"), max_length=500, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=CallStatus.choices, initial=CallStatus.OPEN
    )
    actions = forms.MultipleChoiceField(
        label=_("Actions it could finance"),
        required=False,
        widget=CheckboxGroup,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        instruments: Sequence[FundingInstrument],
        actions: Sequence[RoadmapAction],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["instrument"]).choices = [
            ("", "—"),
            *[(str(item.pk), item.display_name) for item in instruments],
        ]
        cast(forms.MultipleChoiceField, self.fields["actions"]).choices = [
            (str(action.pk), f"{action.code} {action.title}") for action in actions
        ]

    def to_input(self, *, is_illustrative: bool = False) -> services.CallInput:
        data = self.cleaned_data
        return services.CallInput(
            title=data["title"],
            deadline_date=data["deadline_date"],
            instrument_id=_int(data["instrument"]) if data["instrument"] else None,
            programme=data["programme"],
            url=data["url"],
            status=data["status"],
            notes=data["notes"],
            action_ids=tuple(
                number for number in (_int(value) for value in data["actions"]) if number
            ),
            is_illustrative=is_illustrative,
        )
