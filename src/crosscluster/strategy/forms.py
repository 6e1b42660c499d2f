"""Forms of the JIS pages: they parse input; the services validate and write."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from crosscluster.core.forms import (
    CheckboxGroup,
    LocalDecimalField,
    PickerForm,
    SearchPickField,
    add_service_errors_with_rows,
    choice_errors,
    edit_rows,
    parse_local_decimal,
    picker_query,
    show_unchecked,
)
from crosscluster.directory import queries as directory_queries
from crosscluster.strategy import adapters, services
from crosscluster.strategy.models import (
    MAX_PRIORITY_MARKETS,
    CommentKind,
    MechanismKind,
    OfferingKind,
    SectionKey,
    StrategyState,
    TargetGroup,
)

if TYPE_CHECKING:
    from django.http import QueryDict

    from crosscluster.directory.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StrategyHeaderForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Vision and objectives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few lines; the sections below carry the detail."),
    )
    period_start_date = forms.DateField(label=_("Period from"), required=False, widget=DATE)
    period_end_date = forms.DateField(label=_("Period to"), required=False, widget=DATE)

    def to_input(self) -> services.StrategyHeader:
        data = self.cleaned_data
        return services.StrategyHeader(
            title=data["title"],
            summary=data["summary"],
            period_start_date=data["period_start_date"],
            period_end_date=data["period_end_date"],
        )


class TechnologyDomainForm(forms.Form):
    tag = forms.ChoiceField(label=_("Technology (EDIH taxonomy)"))
    rationale = forms.CharField(
        label=_("Why this domain"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, tags: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["tag"]).choices = [("", "—"), *tags]

    def to_input(self) -> services.TechnologyDomainInput:
        return services.TechnologyDomainInput(
            tag=self.cleaned_data["tag"], rationale=self.cleaned_data["rationale"]
        )


class OfferingForm(forms.Form):
    """Title, kind and description, and one "contributes" box per partner organisation."""

    title = forms.CharField(label=_("Product or service"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OfferingKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, partners: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        for partner in self.partners:
            self.fields[f"contribution_{partner.pk}"] = forms.CharField(
                label=_("What %(partner)s contributes") % {"partner": partner.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Leave empty if it does not contribute."),
            )

    def to_input(self) -> services.OfferingInput:
        data = self.cleaned_data
        return services.OfferingInput(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            contributions={
                partner.pk: data.get(f"contribution_{partner.pk}", "") for partner in self.partners
            },
        )


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Initiative"), max_length=200)
    target_group = forms.ChoiceField(label=_("For"), choices=TargetGroup.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind

    def to_input(self) -> services.InitiativeInput:
        data = self.cleaned_data
        return services.InitiativeInput(
            kind=self.kind,
            title=data["title"],
            description=data["description"],
            target_group=data["target_group"],
        )


class PriorityMarketForm(forms.Form):
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=MAX_PRIORITY_MARKETS)
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Starts from the ranking's explanation; the score parts are kept with it."),
    )


class _RegionField(forms.ChoiceField):
    """A NUTS region picked by name among its country's; any known region is accepted here
    (the service then checks it lies in the country chosen)."""

    def valid_value(self, value: str) -> bool:
        return directory_queries.find_nuts_region(code=value) is not None


class SupportMechanismForm(PickerForm):
    """A support mechanism of a regional government. Its region is picked by name among the
    regions of the country chosen above it (as the directory's organisation forms do): site.js
    lists a country's regions when it changes, and without JavaScript "List the chosen
    country's regions" shows the form again, as typed, with them. The country is stored: a
    national mechanism's without a region, else filled from the region. "Find" of the
    authority's picker keeps what was typed too."""

    again_buttons = ("regions",)

    mechanism = forms.CharField(label=_("Mechanism"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MechanismKind.choices)
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_(
            "The country it serves (a national mechanism's, or its region's): its regions are "
            "listed below."
        ),
        error_messages={
            "invalid_choice": _("Country: choose a country from the list, or leave it empty.")
        },
    )
    region = _RegionField(
        label=_("Region"),
        required=False,
        help_text=_(
            "The region it serves, by name (the EU's NUTS 2024 regions), optional: choose the "
            "country first."
        ),
        error_messages={
            "invalid_choice": _("Region: choose a region from the list, or leave it empty.")
        },
    )
    authority = forms.CharField(
        label=_("Authority"),
        required=False,
        max_length=200,
        help_text=_("The regional government or agency, as written."),
    )
    organisation = SearchPickField(
        label=_("Authority in the directory"),
        required=False,
        help_text=_("Optional: the authority's profile, if the directory has one."),
        error_messages={
            "invalid_choice": _(
                "Authority in the directory: choose one of the organisations listed, or None."
            )
        },
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "—"), *directory_queries.country_choices()]
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        # read when the list is drawn, so that initial values set after the form is made
        # (an item's edit page) count too; never every country's 1,582 regions
        region.choices = lambda: [
            ("", "—"),
            *directory_queries.country_region_choices(country=self.region_country()),
        ]
        region.widget.attrs.update(
            {
                "data-regions": reverse("api-1.0.0:list_country_regions"),
                "data-regions-country": self["country"].auto_id,
            }
        )
        organisation = self.fields["organisation"]
        assert isinstance(organisation, SearchPickField)
        organisation.queryset = directory_queries.pickable_organisations()
        organisation.offer(
            find=lambda words, chosen: directory_queries.pick_choices(q=words, chosen=chosen),
            query=picker_query(data, "organisation"),
            search_url=reverse("api-1.0.0:pick_organisations"),
        )

    def _value(self, name: str) -> str:
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        return str(value or "").strip()

    def region_country(self) -> str:
        """The country whose regions the region list shows: the one chosen, else the region's
        own (an existing mechanism, or a region posted without its country)."""
        country = self._value("country").upper()
        if country:
            return country
        found = directory_queries.find_nuts_region(code=self._value("region").upper())
        return directory_queries.region_country(found) if found is not None else ""

    def to_input(self) -> services.SupportMechanismInput:
        data = self.cleaned_data
        return services.SupportMechanismInput(
            kind=data["kind"],
            mechanism=data["mechanism"],
            description=data["description"],
            country_code=data["country"],
            region_code=data["region"],
            organisation_slug=data["organisation"].slug if data["organisation"] else "",
            authority=data["authority"],
        )


class KpiForm(forms.Form):
    """One KPI of an action: its name, a target (a number in the reader's locale) and a unit.
    A row left empty is no KPI (so a row is removed by emptying it too)."""

    name = forms.CharField(label=_("Indicator"), required=False, max_length=200)
    target = forms.CharField(
        label=_("Target"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=60)

    def __init__(self, *args: Any, number: int | str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.legend = _("KPI %(number)s") % {"number": number}
        too_long = {
            "name": _("KPI %(number)s: use at most 200 characters for its name."),
            "unit": _("KPI %(number)s: use at most 60 characters for its unit."),
        }
        for name, message in too_long.items():
            self.fields[name].error_messages["max_length"] = message % {"number": number}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not any(str(data.get(name) or "").strip() for name in KPI_FIELDS):
            return data
        number = {"number": self.number}
        if not data.get("name", "").strip():
            self.add_error("name", _("KPI %(number)s: give its name.") % number)
        target = str(data.get("target") or "").strip()
        if not target:
            self.add_error("target", _("KPI %(number)s: give its target, e.g. 40.") % number)
            return data
        decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
        amount = parse_local_decimal(
            target, decimal=decimal, thousand=str(formats.get_format("THOUSAND_SEPARATOR"))
        )
        if amount is None or not amount.is_finite():
            self.add_error(
                "target",
                _(
                    "KPI %(number)s: the target must be a number, e.g. 40 or %(example)s "
                    "(got %(value)r)."
                )
                % {**number, "example": f"12{decimal}5", "value": target},
            )
        else:
            data["target"] = amount
        return data

    def kpi(self) -> services.KpiInput | None:
        """The KPI, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("name", "").strip():
            return None
        return services.KpiInput(
            name=data["name"].strip(), target=data["target"], unit=data.get("unit", "").strip()
        )


class BaseKpiFormSet(forms.BaseFormSet[KpiForm]):
    """An action's KPIs as rows, added and removed on the page (core/_rows.html)."""

    @property
    def row_legend_template(self) -> str:
        """The legend of a row site.js adds (it writes the row's number for ``__num__``)."""
        return str(self.empty_form.legend)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"number": "__num__" if index is None else index + 1}

    def kpis(self) -> list[services.KpiInput]:
        return [kpi for kpi in (form.kpi() for form in self.forms) if kpi is not None]


KPI_FIELDS = ("name", "target", "unit")

#: the KPIs saved, then one empty row to add another (more with "Add another KPI")
KpiFormSet = forms.formset_factory(
    KpiForm, formset=BaseKpiFormSet, extra=1, max_num=50, absolute_max=50
)


def kpi_rows_initial(kpis: Sequence[tuple[str, Decimal, str]]) -> list[dict[str, str]]:
    """The rows of saved KPIs (name, target, unit), the target written with the reader's
    decimal separator and without trailing zeros (40, 12,5)."""
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    rows = []
    for name, target, unit in kpis:
        written = format(target, "f")
        if "." in written:
            written = written.rstrip("0").rstrip(".")
        rows.append({"name": name, "target": written.replace(".", decimal), "unit": unit})
    return rows


class ActionForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), required=False, max_length=20, help_text=_("Empty: A1, A2, …")
    )
    title = forms.CharField(label=_("Action"), max_length=200)
    owner = forms.TypedChoiceField(label=_("Owner (partner)"), coerce=int)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    budget_line = forms.CharField(label=_("Budget line"), required=False, max_length=200)
    budget_eur = LocalDecimalField(
        label=_("Budget (EUR)"),
        required=False,
        min_value=Decimal(0),
        decimal_places=2,
        example="12000.50",
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    implements = forms.MultipleChoiceField(
        label=_("Implements"),
        required=False,
        widget=CheckboxGroup,
        help_text=_("The items of the other sections this action implements."),
    )

    def __init__(
        self,
        *args: Any,
        partners: Sequence[Organisation],
        items: Sequence[tuple[str, Sequence[tuple[str, str]]]],
        **kwargs: Any,
    ) -> None:
        """``items``: (section's name, [(item key, title), ...]) groups. The KPIs are rows of
        their own (``self.kpi_rows``), their initial values ``initial["kpis"]`` (a list of
        (name, target, unit)); "Add another KPI" and "Remove" change them (site.js, or the
        server when JavaScript is off: ``editing_rows``)."""
        super().__init__(*args, **kwargs)
        data = cast("QueryDict", self.data)  # a page's POST
        self.edited = edit_rows(data, prefix="kpis", fields=KPI_FIELDS) if data else None
        #: a row was added or removed without JavaScript: show the form again, save nothing
        self.editing_rows = self.edited is not None
        if self.editing_rows:
            show_unchecked(self)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            ("", "—"),
            *((partner.pk, partner.name) for partner in partners),
        ]
        cast(forms.ChoiceField, self.fields["implements"]).choices = list(items)

    @cached_property
    def kpi_rows(self) -> BaseKpiFormSet:
        """Built when first read: the edit page gives the form its initial values after
        making it."""
        data = self.edited or self.data
        if self.is_bound and "kpis-TOTAL_FORMS" not in data:  # posted without rows: no KPI
            data = {"kpis-TOTAL_FORMS": "0", "kpis-INITIAL_FORMS": "0"}
        rows = KpiFormSet(
            data if self.is_bound else None,
            initial=kpi_rows_initial(self.initial.get("kpis") or []),
            prefix="kpis",
        )
        if self.editing_rows:
            show_unchecked(rows)
        return cast(BaseKpiFormSet, rows)

    def is_valid(self) -> bool:
        if self.editing_rows:
            return False
        rows_valid = self.kpi_rows.is_valid()
        return super().is_valid() and rows_valid

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's problems beside their fields; those of the KPIs above their rows."""
        add_service_errors_with_rows(self, error, rows=self.kpi_rows, key="kpis")

    def to_input(self) -> services.ActionInput:
        data = self.cleaned_data
        return services.ActionInput(
            code=data["code"],
            title=data["title"],
            description=data["description"],
            owner_id=data["owner"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            budget_line=data["budget_line"],
            budget_eur=data["budget_eur"],
            kpis=self.kpi_rows.kpis(),
            implements=data["implements"],
        )


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=SectionKey.choices)
    item_key = forms.ChoiceField(label=_("Item (optional)"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=CommentKind.choices, widget=forms.RadioSelect)
    body = forms.CharField(
        label=_("Your comment or proposed change"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, items: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["item_key"]).choices = [
            ("", _("The whole section")),
            *items,
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        error_messages=choice_errors(_("Choose whether to accept or reject the proposal.")),
    )
    decision_note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting: say why."),
    )


class ProgressForm(forms.Form):
    """A roadmap action's progress as posted, kept as typed when refused (the view reads the
    day, the service checks the status)."""

    status = forms.CharField(required=False)
    done_date = forms.CharField(required=False)


class MoveForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Move to"),
        choices=StrategyState.choices,
        error_messages=choice_errors(_("Choose the state to move the strategy to.")),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class JudgementForm(forms.Form):
    """One select per pair of market criteria (Saaty's scale, first vs second)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        criteria = adapters.MARKET_CRITERIA
        self.pairs: list[tuple[str, adapters.MarketCriterion, adapters.MarketCriterion]] = []
        for row, first in enumerate(criteria):
            for column in range(row + 1, len(criteria)):
                second = criteria[column]
                name = f"pair_{row}_{column}"
                self.fields[name] = forms.ChoiceField(
                    label=_("%(first)s compared with %(second)s")
                    % {"first": first.label, "second": second.label},
                    # The label names both criteria; each option only how the first compares
                    # ("moderately more important (3)"): with the first's name before it, a
                    # phone's select showed "Market size and demand: equ…", cut before the
                    # judgement itself.
                    choices=[
                        (value, f"{wording} ({value})") for value, wording in adapters.SAATY_CHOICES
                    ],
                    initial="1",
                )
                self.pairs.append((name, first, second))

    def to_pairs(self) -> dict[tuple[int, int], float]:
        pairs = {}
        for name, value in self.cleaned_data.items():
            _, row, column = name.split("_")
            pairs[(int(row), int(column))] = adapters.parse_saaty(value)
        return pairs


def initial_from_matrix(matrix: Sequence[Sequence[float]]) -> dict[str, str]:
    """The form's values for a stored matrix (nearest value on the offered scale)."""
    scale = [(value, adapters.parse_saaty(value)) for value, _ in adapters.SAATY_CHOICES]
    initial = {}
    for row in range(len(matrix)):
        for column in range(row + 1, len(matrix)):
            stored = float(matrix[row][column])
            initial[f"pair_{row}_{column}"] = min(
                scale, key=lambda option: abs(option[1] - stored)
            )[0]
    return initial
