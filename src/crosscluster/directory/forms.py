"""Reading the search query string and the organisation edit form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crosscluster.core.forms import (
    EMPTY_CHOICE,
    PickerForm,
    SearchPickField,
    choice_errors,
    picker_query,
    preselect_only_choice,
)
from crosscluster.core.taxonomy import translate_label
from crosscluster.directory.models import (
    Facet,
    Organisation,
    OrganisationKind,
    OrganisationSize,
    Tag,
)
from crosscluster.directory.queries import (
    SearchFilters,
    country_choices,
    country_region_choices,
    find_nuts_region,
    joinable_clusters,
    organisation_picker,
    organisations_to_join,
    pick_joinable_clusters,
    region_in_country,
    region_labels,
)
from crosscluster.directory.services import OrganisationChanges, TagChoice

if TYPE_CHECKING:
    from crosscluster.accounts.queries import AnyUser

MAX_QUERY_LENGTH = 200
LEVEL_CHOICES = [
    ("", _("Not offered")),
    ("1", _("1: basic")),
    ("2", _("2: developing")),
    ("3", _("3: competent")),
    ("4", _("4: advanced")),
    ("5", _("5: expert")),
]


def _values(query: QueryDict, name: str) -> tuple[str, ...]:
    """All values of a repeated parameter (``?country=DE&country=FR``), trimmed, no blanks."""
    return tuple(value.strip() for value in query.getlist(name) if value.strip())


def filters_from_query(query: QueryDict) -> SearchFilters:
    return SearchFilters(
        q=query.get("q", "").strip()[:MAX_QUERY_LENGTH],
        countries=_values(query, "country"),
        regions=_values(query, "region"),
        kinds=_values(query, "type"),
        technologies=_values(query, "technology"),
        sectors=_values(query, "sector"),
        partnership=query.get("partnership", "").strip(),
    )


def page_from_query(query: QueryDict, name: str = "page") -> int:
    try:
        return max(1, int(query.get(name, "1")))
    except ValueError:
        return 1


class RegionField(forms.ChoiceField):
    """A NUTS region picked by name (grouped by country, the code after the name); any known
    region is accepted here, the form then checks it lies in the organisation's country."""

    def valid_value(self, value: str) -> bool:
        return find_nuts_region(code=value) is not None


class OrganisationForm(forms.Form):
    """The profile fields, then one level field per taxonomy tag (``tag_<id>``)."""

    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Type of organisation"), choices=OrganisationKind.choices)
    country = forms.ChoiceField(
        label=_("Country"),
        error_messages={
            "required": _("Choose the organisation's country from the list."),
            "invalid_choice": _("Choose the organisation's country from the list."),
        },
    )
    nuts_region = RegionField(
        label=_("Region"),
        required=False,
        error_messages={
            "invalid_choice": _("Region: choose a region from the list, or leave it empty.")
        },
        help_text=_(
            "The organisation's region in its country (the EU's NUTS 2024 regions, optional): "
            "choose the country first."
        ),
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    website = forms.CharField(
        label=_("Website"),
        max_length=300,
        required=False,
        help_text=_("Full address, e.g. https://www.example.eu."),
        widget=forms.URLInput,
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the organisation does, for whom; plain text."),
    )
    size = forms.ChoiceField(label=_("Size"), choices=OrganisationSize.choices, required=False)
    management_staff = forms.IntegerField(
        label=_("Management staff"),
        min_value=0,
        max_value=10_000,
        required=False,
        help_text=_("Clusters: people employed to manage the cluster."),
    )

    def __init__(self, *args: object, tags: Iterable[Tag], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # by its name in the reader's language; the ISO code is the value, as stored
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "—"), *country_choices()]
        # the regions of the country chosen (as posted, else as saved), none before a country
        # is chosen (every country's 1,500 regions weighed 94 KB); site.js lists the regions
        # of the country picked from the API, and without JavaScript the "List its regions"
        # button shows the form again with them
        country = str((self.data.get("country") if self.is_bound else None) or "")
        country = country or str(self.initial.get("country") or "")
        region = cast(forms.ChoiceField, self.fields["nuts_region"])
        region.choices = [("", "—"), *country_region_choices(country=country)]
        region.widget.attrs.update(
            {
                "data-regions": reverse("api-1.0.0:list_country_regions"),
                "data-regions-country": self["country"].auto_id,
            }
        )
        self.tags = list(tags)
        for tag in self.tags:
            self.fields[f"tag_{tag.pk}"] = forms.ChoiceField(
                label=translate_label(tag.label, facet=tag.facet),
                choices=LEVEL_CHOICES,
                required=False,
            )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        code, country = data.get("nuts_region"), data.get("country")
        region = find_nuts_region(code=str(code)) if code else None
        if region is not None and country and not region_in_country(region, str(country)):
            names = dict(country_choices())
            self.add_error(
                "nuts_region",
                _(
                    "Region: %(region)s is not in %(country)s. Choose one of %(country)s's "
                    "regions from the list, or leave it empty."
                )
                % {
                    "region": region_labels([region.code])[region.code][0],
                    "country": names.get(str(country), country),
                },
            )
        return data

    def tag_fields(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(facet, legend, fields) for the template's fieldsets."""
        grouped: list[tuple[str, str, list[forms.BoundField]]] = []
        for value, label in Facet.choices:
            fields = [self[f"tag_{tag.pk}"] for tag in self.tags if tag.facet == value]
            if fields:
                grouped.append((str(value), str(label), fields))
        return grouped

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("tag_")]

    def changes(self) -> OrganisationChanges:
        data = self.cleaned_data
        return OrganisationChanges(
            name=data["name"],
            kind=data["kind"],
            country=data["country"],
            nuts_region=data["nuts_region"],
            city=data["city"],
            website=data["website"],
            description=data["description"],
            size=data["size"],
            management_staff=data["management_staff"],
            tags=[
                TagChoice(facet=tag.facet, slug=tag.slug, level=int(data[f"tag_{tag.pk}"]))
                for tag in self.tags
                if data.get(f"tag_{tag.pk}")
            ],
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("validated", _("Validate for one year")), ("rejected", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the cluster"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when rejecting: say what must change."),
    )


class RegistrationForm(OrganisationForm):
    """Registering a new organisation: the profile, its tags, and the duplicate confirmation."""

    not_duplicate = forms.BooleanField(
        label=_("My organisation is none of the organisations listed above"),
        required=False,
    )

    def __init__(self, *args: object, tags: Iterable[Tag], **kwargs: object) -> None:
        super().__init__(*args, tags=tags, **kwargs)
        del self.fields["management_staff"]

    def profile_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in self.fields
            if not name.startswith("tag_") and name != "not_duplicate"
        ]

    def registration(self) -> dict[str, object]:
        changes = self.changes()
        return {
            "name": changes.name,
            "kind": changes.kind,
            "country": changes.country,
            "nuts_region": changes.nuts_region or "",
            "city": changes.city or "",
            "website": changes.website or "",
            "description": changes.description or "",
            "size": changes.size or "",
            "tags": changes.tags or (),
            "not_duplicate": self.cleaned_data["not_duplicate"],
        }

    def changes(self) -> OrganisationChanges:
        self.cleaned_data.setdefault("management_staff", None)
        return super().changes()


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("How you work for the organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your role there, so the person who decides can check it (optional)."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        error_messages=choice_errors(_("Decision: choose approve or decline.")),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=_("Required when declining."),
    )


class InviteForm(PickerForm):
    """A cluster's manager invites an organisation, found by its name (or by its profile's
    address pasted in the search box); any organisation but the cluster itself. "Find" without
    JavaScript shows the form again with the message typed."""

    organisation = SearchPickField(
        label=_("Organisation"),
        error_messages={
            "required": _("Organisation: type a few letters of its name, then choose it below."),
            "invalid_choice": _(
                "Organisation: choose one of the organisations listed, other than the cluster."
            ),
        },
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, data: QueryDict | None = None, *, cluster: Organisation, query: str = ""
    ) -> None:
        """``query``: the words of a search sent without JavaScript (the page's address)."""
        super().__init__(data, auto_id="invite-%s")
        field = self.fields["organisation"]
        assert isinstance(field, SearchPickField)
        picker = organisation_picker(picks={"exclude": cluster.slug}, exclude_ids=[cluster.pk])
        field.queryset = picker.queryset
        field.offer(
            find=picker.find,
            query=picker_query(data, "organisation") or query.strip()[:200],
            search_url=picker.search_url,
        )


def _join_message() -> forms.CharField:
    """The message of a request to join, to the cluster's managers."""
    return forms.CharField(
        label=_("Message to the cluster's managers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JoinForm(forms.Form):
    """On a cluster's page: which of the organisations the person manages asks to join it (a
    short list, never typed): those not yet its members, with no request or invitation
    waiting. Another one, posted by changing the page, is refused naming the field."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        label=_("Organisation"),
        queryset=None,
        to_field_name="slug",
        error_messages={
            "required": _("Organisation: choose the organisation that asks to join."),
            "invalid_choice": _(
                "Organisation: choose one of the organisations you manage listed (not yet a "
                "member of this cluster, no request waiting)."
            ),
        },
    )
    message = _join_message()

    def __init__(
        self, data: QueryDict | None = None, *, user: AnyUser, cluster: Organisation
    ) -> None:
        super().__init__(data, auto_id="join-%s")
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations_to_join(user=user, cluster=cluster)
        preselect_only_choice(field)

    @property
    def offers_any(self) -> bool:
        """Whether the person manages an organisation that may still ask to join."""
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        return field.queryset is not None and field.queryset.exists()


class ClusterJoinForm(PickerForm):
    """On an organisation's page, for its managers: the cluster it asks to join, found by name
    among the clusters it is not a member of and has no request or invitation waiting with.
    "Find" without JavaScript shows the form again with the message typed."""

    cluster = SearchPickField(
        label=_("Cluster"),
        error_messages={
            "required": _("Cluster: type a few letters of its name, then choose it below."),
            "invalid_choice": _(
                "Cluster: choose one of the clusters listed (not one the organisation belongs "
                "to or has a request waiting with)."
            ),
        },
    )
    message = _join_message()

    def __init__(
        self, data: QueryDict | None = None, *, organisation: Organisation, query: str = ""
    ) -> None:
        """``query``: the words of a search sent without JavaScript (the page's address)."""
        super().__init__(data, auto_id="join-cluster-%s")
        field = self.fields["cluster"]
        assert isinstance(field, SearchPickField)
        field.queryset = joinable_clusters(organisation=organisation)
        field.offer(
            find=lambda words, chosen: pick_joinable_clusters(
                organisation=organisation, q=words, chosen=chosen
            ),
            query=picker_query(data, "cluster") or query.strip()[:200],
            search_url=reverse("api-1.0.0:pick_organisations")
            + "?"
            + urlencode({"joinable_by": organisation.slug}),
        )
