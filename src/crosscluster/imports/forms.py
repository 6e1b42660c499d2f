"""Forms of the import pages: the upload, and the column mapping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crosscluster.directory.services import IMPORT_FIELDS, REQUIRED_FIELDS

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation

FIELD_LABELS = {
    "name": _("Name"),
    "kind": _("Type"),
    "country": _("Country (ISO code or name)"),
    "nuts_region": _("NUTS region"),
    "city": _("City"),
    "website": _("Website"),
    "description": _("Description"),
    "size": _("Size"),
    "source_reference": _("Reference in the source (e.g. a CORDIS PIC)"),
    "technologies": _("Technologies (taxonomy labels, e.g. Robotics:4; Cybersecurity)"),
    "sectors": _("Sectors (taxonomy labels, e.g. Automotive; Energy:2)"),
    "services": _("Services (taxonomy labels, e.g. Prototyping; Knowledge transfer:4)"),
}


def _update_matched_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Update matched organisations"),
        required=False,
        help_text=_(
            "Organisations already in the directory that rows match take the website, city, "
            "NUTS region, description and tags the file gives (each facet's tags replaced); "
            "never their name. The check shows every change before anything is imported."
        ),
    )


class UploadForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster the organisations join"))
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or XLSX with one organisation a row and the column names in the first row, a "
            "CORDIS organisation export (organization.json), or a CORDIS projects file "
            "(project.json: its projects' dates, for the collaboration network)."
        ),
    )
    update_matched = _update_matched_field()

    def __init__(self, *args: Any, clusters: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cluster"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(cluster.slug, cluster.name) for cluster in clusters]


class MappingForm(forms.Form):
    """One choice per field: which of the file's columns holds it."""

    def __init__(
        self,
        *args: Any,
        columns: list[str],
        initial_mapping: dict[str, str],
        update_matched: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"update_matched": update_matched})
        super().__init__(*args, **kwargs)
        choices = [("", _("Not in the file")), *((column, column) for column in columns)]
        for field in IMPORT_FIELDS:
            self.fields[field] = forms.ChoiceField(
                label=FIELD_LABELS[field],
                choices=choices,
                required=field in REQUIRED_FIELDS,
                initial=initial_mapping.get(field, ""),
            )
        self.fields["update_matched"] = _update_matched_field()

    def mapping(self) -> dict[str, str]:
        return {field: self.cleaned_data.get(field) or "" for field in IMPORT_FIELDS}
