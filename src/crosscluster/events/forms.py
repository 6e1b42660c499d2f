from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from crosscluster.core.choices import Visibility
from crosscluster.core.forms import EMPTY_CHOICE, PickerForm, SearchPickField, picker_query
from crosscluster.core.times import named_zone_choices
from crosscluster.directory import queries as directory_queries
from crosscluster.events import queries
from crosscluster.events.models import EventKind, ProgrammeItemKind
from crosscluster.events.services import EventData, ProgrammeItemData

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
LOCAL_TIME_HELP = _(
    "Local time at the venue, in the venue's time zone above (what the clock on the wall there "
    "shows). It is stored in UTC and every visitor also sees it in their own time zone."
)


class VenueDateTimeField(forms.DateTimeField):
    """A date and time *at the venue*: kept naive here, placed in the venue's zone by the service.

    Django's own field would read the time in the viewer's time zone, which is wrong for a
    coordinator in Paris entering a study visit in Stockholm.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)
    default_error_messages = {
        "invalid": _("Enter a date and time such as 2026-03-03 09:00 (local time at the venue)."),
    }

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        text = str(value).strip()
        try:
            parsed = parse_datetime(text)
        except ValueError:
            parsed = None
        if parsed is None:
            for input_format in (LOCAL_INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
                try:
                    parsed = dt.datetime.strptime(text, input_format)
                    break
                except ValueError:
                    continue
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def prepare_value(self, value: Any) -> Any:
        return value  # naive venue time: never shift it into the viewer's zone


def offer_partnership_organisations(
    form: forms.Form,
    name: str,
    *,
    partnership: Partnership,
    including: int | None,
    data: tuple[Any, ...],
) -> None:
    """Make ``name`` a search picker of the partnership's organisations (its partners and the
    members of its partner clusters, and ``including``: one set through the API stays
    choosable), fed by the directory's picks of that partnership: never a list of them all."""
    field = form.fields[name]
    assert isinstance(field, SearchPickField)
    picker = directory_queries.organisation_picker(
        picks={"partnership": partnership.slug},
        among=queries.list_organisation_choices(
            partnership=partnership, including=including
        ).values("pk"),
    )
    field.queryset = picker.queryset
    field.offer(
        find=picker.find,
        query=picker_query(data[0] if data else None, form.add_prefix(name)),
        search_url=picker.search_url,
    )


class EventForm(PickerForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    timezone = forms.ChoiceField(
        label=_("Time zone of the venue"),
        choices=named_zone_choices,
        help_text=_("For online events, the organiser's time zone."),
    )
    start_at = VenueDateTimeField(
        label=_("Starts (local time at the venue)"), help_text=LOCAL_TIME_HELP
    )
    end_at = VenueDateTimeField(
        label=_("Ends (local time at the venue)"), help_text=LOCAL_TIME_HELP
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Markdown: lists, emphasis and links are kept; scripts are removed."),
    )
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.ModelChoiceField(
        empty_label=EMPTY_CHOICE,
        label=_("Country"),
        queryset=queries.list_country_choices(),
        to_field_name="iso2",
        required=False,
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give a venue, an online link, or both."),
    )
    held_online = forms.BooleanField(
        label=_("Held online"),
        required=False,
        help_text=_("Tick it when people take part online; the link can follow later."),
    )
    host = SearchPickField(
        label=_("Host organisation"),
        required=False,
        help_text=_("Partners of the partnership and the members of partner clusters."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        current_host_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ModelChoiceField)
        # by the name in the reader's language, in its alphabet's order (the ISO code the value)
        country_field.choices = [("", country_field.empty_label), *queries.list_country_names()]
        offer_partnership_organisations(
            self, "host", partnership=partnership, including=current_host_id, data=args
        )

    def to_data(self, base: EventData | None = None) -> EventData:
        """The cleaned form as service input; ``base`` keeps what the form does not show."""
        cleaned = self.cleaned_data
        country = cleaned["country"]
        host = cleaned["host"]
        values: dict[str, Any] = {
            "title": cleaned["title"],
            "kind": cleaned["kind"],
            "timezone": cleaned["timezone"],
            "start_at": cleaned["start_at"],
            "end_at": cleaned["end_at"],
            "description": cleaned["description"],
            "venue_name": cleaned["venue_name"],
            "venue_address": cleaned["venue_address"],
            "city": cleaned["city"],
            "country": country.pk if country else "",
            "online_url": cleaned["online_url"],
            "held_online": cleaned["held_online"],
            "host_id": host.pk if host else None,
            "visibility": cleaned["visibility"],
        }
        if base is None:
            return EventData(**values)
        return dataclasses.replace(base, **values)


def initial_from(data: EventData) -> dict[str, object]:
    """Form values for an existing event (times as the venue's clock shows them)."""
    return {
        "title": data.title,
        "kind": data.kind,
        "timezone": data.timezone,
        "start_at": data.start_at,
        "end_at": data.end_at,
        "description": data.description,
        "venue_name": data.venue_name,
        "venue_address": data.venue_address,
        "city": data.city,
        "country": data.country or None,
        "online_url": data.online_url,
        "held_online": data.held_online,
        "host": directory_queries.find_organisation_slug(pk=data.host_id),
        "visibility": data.visibility,
    }


# Service errors are keyed by EventData fields; the form names one of them differently.
FORM_FIELD_FOR = {"host_id": "host"}


class ProgrammeItemForm(PickerForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeItemKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    start_at = VenueDateTimeField(
        label=_("Starts (local time at the venue)"), help_text=LOCAL_TIME_HELP
    )
    end_at = VenueDateTimeField(
        label=_("Ends (local time at the venue)"), help_text=LOCAL_TIME_HELP
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("Room, or address for a visit."),
    )
    speakers = forms.CharField(label=_("Speakers or hosts"), max_length=300, required=False)
    visited_organisation = SearchPickField(
        label=_("Visited organisation"),
        required=False,
        help_text=_(
            "For a company visit: partners of the partnership and the members of partner clusters."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Markdown: lists, emphasis and links are kept; scripts are removed."),
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        current_organisation_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_partnership_organisations(
            self,
            "visited_organisation",
            partnership=partnership,
            including=current_organisation_id,
            data=args,
        )

    def to_data(self) -> ProgrammeItemData:
        cleaned = self.cleaned_data
        organisation = cleaned["visited_organisation"]
        return ProgrammeItemData(
            title=cleaned["title"],
            kind=cleaned["kind"],
            start_at=cleaned["start_at"],
            end_at=cleaned["end_at"],
            description=cleaned["description"],
            place=cleaned["place"],
            speakers=cleaned["speakers"],
            visited_organisation_id=organisation.pk if organisation else None,
        )


def programme_initial_from(data: ProgrammeItemData) -> dict[str, object]:
    """Form values for an existing item (times as the venue's clock shows them)."""
    return {
        "kind": data.kind,
        "title": data.title,
        "start_at": data.start_at,
        "end_at": data.end_at,
        "place": data.place,
        "speakers": data.speakers,
        "visited_organisation": directory_queries.find_organisation_slug(
            pk=data.visited_organisation_id
        ),
        "description": data.description,
    }


PROGRAMME_FORM_FIELD_FOR = {"visited_organisation_id": "visited_organisation"}


def keyed_for_form(error: ValidationError, field_for: Mapping[str, str]) -> ValidationError:
    """A service's errors keyed by the form's field names (``host_id`` is the ``host`` field),
    for ``core.forms.add_service_errors``."""
    if not hasattr(error, "error_dict"):
        return error
    keyed: dict[str, list[str]] = {}
    for field, problems in error.message_dict.items():
        keyed.setdefault(field_for.get(field, field), []).extend(problems)
    return ValidationError(keyed)
