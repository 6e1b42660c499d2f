"""Form helpers shared by the apps' views."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import formats
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.http import QueryDict

#: the empty choice of a select (a ``ModelChoiceField``'s ``empty_label``), as the site writes
#: it everywhere, never Django's "---------" (tests/test_empty_choice.py)
EMPTY_CHOICE = "—"


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on the form: beside its field, else above the form.
    ``aliases`` names the form's field for a service field the form does not have (on an
    organisation's page, the service's ``organisation`` problem is fixed by choosing another
    ``cluster``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, problems in error.message_dict.items():
        name = field if field in form.fields else (aliases or {}).get(field, field)
        form.add_error(name if name in form.fields else None, problems)


def forms_beside(
    items: Iterable[Any],
    *,
    attribute: str,
    blank: Callable[[], forms.BaseForm],
    refused: tuple[object, forms.BaseForm] | None = None,
    key: Callable[[Any], object] = lambda item: item.pk,
) -> forms.BaseForm | None:
    """Give each of ``items`` its own form in ``attribute``, for a list that repeats one form
    per item (a decision on each request): ``refused`` (the key of the item it was posted for,
    the bound form with its problems) beside its own item, a ``blank()`` one beside the others.
    Returns the refused form when none of ``items`` is its own (decided meanwhile), for the
    page to say its problems above the list; else None."""
    refused_key, refused_form = refused if refused is not None else (None, None)
    unlisted = refused_form
    for item in items:
        own = refused_form is not None and key(item) == refused_key
        setattr(item, attribute, refused_form if own else blank())
        if own:
            unlisted = None
    return unlisted


def choice_errors(message: object) -> dict[str, Any]:
    """A choice field's ``error_messages``: the same words (naming the field and the choices)
    whether nothing or something not offered was chosen."""
    return {"required": message, "invalid_choice": message}


def add_service_errors_with_rows(
    form: forms.BaseForm, error: ValidationError, *, rows: forms.BaseFormSet, key: str
) -> None:
    """:func:`add_service_errors` for a form with rows (``core/_rows.html``): the service's
    problems with ``key`` (the rows as a whole: "Period 2 overlaps period 1") above the rows,
    the others beside their fields."""
    if hasattr(error, "error_dict") and key in error.error_dict:
        rows.non_form_errors().extend(error.message_dict[key])
        rest = {name: problems for name, problems in error.error_dict.items() if name != key}
        if not rest:
            return
        error = ValidationError(rest)
    add_service_errors(form, error)


# ---------------------------------------------------------------- dates typed in a date picker


def preselect_only_choice(field: forms.Field) -> None:
    """A choice of the person's organisations with a single one: that one, without the empty
    "---------" line (several keep the empty line, so nobody acts for one by mistake)."""
    assert isinstance(field, forms.ModelChoiceField)
    choices = list(field.queryset[:2]) if field.queryset is not None else []
    if len(choices) == 1:
        field.initial = getattr(choices[0], field.to_field_name or "pk")  # its slug, if so
        field.empty_label = None


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """A choice of several as a list of checkboxes, each beside its words, in a box that scrolls
    when long (``div.check-group``, docs/pages.md): what a phone can use, where a native
    multi-select list needs ctrl-click. Grouped choices show their group's name above their
    boxes. Forms render it in a fieldset whose legend is the field's label."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "check-group", **(attrs or {})})

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"].pop("class", None)  # the box's class, not each checkbox's
        return option


class DateInput(forms.DateInput):
    """``<input type="date">``. The browser shows the date in the viewer's locale but reads and
    writes ISO 8601 (2026-12-06) whatever the language, so the value is always written that
    way: Django's default would write the active locale's format (06.12.2026 in German), which
    the browser discards, leaving the field empty."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """``<input type="time">``: the browser's time picker in the viewer's locale (24 hours or
    AM/PM), read and written as ``09:00`` whatever the language."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


# ---------------------------------------------------------------- rows added and removed


def edit_rows(data: QueryDict, *, prefix: str, fields: Sequence[str]) -> QueryDict | None:
    """A formset's posted rows after its "Add another" (``<prefix>-add``) or "Remove"
    (``<prefix>-remove`` = the row's index) button: the buttons site.js handles on the page, and
    the server here when JavaScript is off. None when neither button was pressed."""
    add, remove = f"{prefix}-add" in data, data.get(f"{prefix}-remove")
    if not add and remove is None:
        return None
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), 50)
    except ValueError:
        total = 0
    rows = [[data.get(f"{prefix}-{index}-{name}", "") for name in fields] for index in range(total)]
    if add:
        rows.append(["" for _name in fields])
    elif remove is not None and remove.isdigit() and int(remove) < len(rows):
        del rows[int(remove)]
    edited = data.copy()
    for key in list(edited):
        if re.fullmatch(rf"{re.escape(prefix)}-(\d+-\w+|add|remove)", key):
            del edited[key]
    for index, row in enumerate(rows):
        for name, value in zip(fields, row, strict=True):
            edited[f"{prefix}-{index}-{name}"] = value
    edited[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    edited[f"{prefix}-INITIAL_FORMS"] = "0"
    return edited


def show_unchecked(form: forms.BaseForm | forms.BaseFormSet[Any]) -> None:
    """Show a bound form (or formset) again as it was typed, without checking it: after a row
    was added or removed, nobody has finished filling it in."""
    if isinstance(form, forms.BaseFormSet):
        form._errors = []  # type: ignore[attr-defined]
        form._non_form_errors = form.error_class()  # type: ignore[attr-defined]
        for row in form.forms:
            show_unchecked(row)
        return
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    form.cleaned_data = {}


# ---------------------------------------------------------------- numbers in the viewer's locale

# A number as people type it: digits, optionally grouped by a thousands separator in threes,
# optionally a decimal separator and more digits; a leading minus.
_NUMBER = r"-?(?:\d+|\d{{1,3}}(?:{thousand}\d{{3}})+)(?:{decimal}\d+)?"


def parse_local_decimal(text: str, *, decimal: str, thousand: str) -> Decimal | None:
    """``text`` read with the locale's ``decimal`` and ``thousand`` separators, or ``None`` when
    it is not a number written that way. Thousands separators count only in groups of three
    (``1,200.5`` in English), so ``2,5`` in English is refused, never read as 25; in a locale
    whose decimal separator is a comma it is two and a half."""
    cleaned = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if thousand in {" ", "\u00a0", "\u202f"}:
        thousand = " "
    pattern = _NUMBER.format(thousand=re.escape(thousand), decimal=re.escape(decimal))
    if not re.fullmatch(pattern, cleaned):
        return None
    try:
        return Decimal(cleaned.replace(thousand, "").replace(decimal, "."))
    except InvalidOperation:
        return None


class LocalDecimalField(forms.DecimalField):
    """A decimal number typed in the viewer's locale (``<input inputmode="decimal">``), its
    separators taken from the active language's formats: the locale decides what "2,5" means.
    Input that is not a number in that locale is refused with a message naming the field and the
    expected form, e.g. "Person-months: give a number like 2.5 (got '2,5')"."""

    widget = forms.TextInput

    def __init__(self, *args: Any, example: str = "2.5", **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.example = example
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float):
            return Decimal(str(value))
        decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
        thousand = str(formats.get_format("THOUSAND_SEPARATOR"))
        number = parse_local_decimal(str(value), decimal=decimal, thousand=thousand)
        if number is None or not number.is_finite():
            example = self.example.replace(".", decimal)
            raise ValidationError(
                _("%(field)s: give a number like %(example)s (got %(value)r).")
                % {
                    "field": self.label or _("This number"),
                    "example": example,
                    "value": str(value),
                },
                code="invalid",
            )
        return number


# ---------------------------------------------------------------- a text in another language


class TranslationForm(forms.Form):
    """An item's texts in one more language (core.translations): one field per text, each
    marked with the language written in it (the browser checks spelling in that language)."""

    def __init__(self, *args: Any, texts: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for text in texts:
            widget = forms.Textarea(attrs={"rows": 6}) if text.multiline else forms.TextInput()
            widget.attrs["lang"] = language
            self.fields[text.key] = forms.CharField(
                label=text.label, widget=widget, required=False, strip=True
            )


# ---------------------------------------------------------------- one of many, found by name


class SearchPicker(forms.Widget):
    """One of many (an organisation among thousands) picked by its name: a search box, a short
    list of matches as radio buttons, and a "Find" button (``<name>-find``) that posts the form
    so the server lists the matches of the words typed (``<name>-q``) when JavaScript is off.
    With it, site.js lists them as the person types, from ``search_url`` (the API's JSON list
    of ``{"value", "label"}``). The form gives the ``query`` and ``find``, called when the
    widget is drawn with the words and the value chosen (posted or initial), which returns the
    options to show (:class:`SearchPickField`); nobody types an id, a slug or a code."""

    template_name = "core/widgets/search_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.find: Callable[[str, str], Sequence[tuple[str, str]]] = lambda query, chosen: ()
        self.query = ""
        self.search_url = ""
        self.allow_none = False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            options=list(self.find(self.query, str(value or ""))),
            query=self.query,
            search_url=self.search_url,
            allow_none=self.allow_none,
            value=str(value or ""),
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data


class SearchPickField(forms.ModelChoiceField):
    """A model object picked with a :class:`SearchPicker`; its value is the object's slug, and
    only an object of ``queryset`` (what the person may pick) is accepted: another one, posted
    by changing the page, gets ``invalid_choice`` (a message naming the field and the fix)."""

    widget = SearchPicker

    def __init__(self, *, search_url: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("queryset", None)
        super().__init__(to_field_name="slug", **kwargs)
        self.search_url = search_url

    def offer(
        self,
        *,
        find: Callable[[str, str], Sequence[tuple[str, str]]],
        query: str,
        search_url: str = "",
    ) -> None:
        """List what ``find(query, chosen)`` returns ((slug, label), the chosen one first)."""
        widget = self.widget
        assert isinstance(widget, SearchPicker)
        widget.find = find
        widget.query = query
        widget.search_url = search_url or self.search_url
        widget.allow_none = not self.required


class PickerForm(forms.Form):
    """A form with :class:`SearchPickField` pickers whose "Find" (``<name>-find``, JavaScript
    off) posts the whole form: the form is shown again bound, with everything typed so far (a
    note, a message, another field's choice) and the picker's matches, unchecked (no
    "required" beside the fields not filled in yet), and nothing is saved. The buttons named in
    ``again_buttons`` (a country's "List its regions") show it again in the same way.
    ``showing_again`` says whether one of them was pressed; ``is_valid()`` is then False."""

    #: names of other submit buttons that show the form again as typed, unchecked
    again_buttons: tuple[str, ...] = ()

    @property
    def showing_again(self) -> bool:
        if not self.is_bound:
            return False
        pickers = [
            name for name, field in self.fields.items() if isinstance(field, SearchPickField)
        ]
        return any(finding(self.data, self.add_prefix(name)) for name in pickers) or any(
            self.add_prefix(name) in self.data for name in self.again_buttons
        )

    def full_clean(self) -> None:
        if self.showing_again:
            show_unchecked(self)
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.showing_again and super().is_valid()


def picker_query(data: Any, name: str) -> str:
    """The words typed in a picker's search box (``<name>-q``), trimmed."""
    return str((data or {}).get(f"{name}-q", "") or "").strip()[:200]


def finding(data: Any, name: str) -> bool:
    """Whether the picker's "Find" button posted the form (JavaScript off): show the matches,
    save nothing."""
    return bool(data) and f"{name}-find" in data
