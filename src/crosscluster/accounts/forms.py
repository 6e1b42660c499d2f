from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crosscluster.accounts.models import OrganisationRole, TokenScope
from crosscluster.core.forms import choice_errors
from crosscluster.core.times import iana_zone_names, named_zone_choices, zone_choices


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,
        help_text=_("A read-only token cannot change anything (the default)."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("1 to 365; empty for the site's default."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail"),
        error_messages={
            "required": _("Colleague's e-mail: give their address, e.g. name@example.eu."),
            "invalid": _("Colleague's e-mail: give an address such as name@example.eu."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OrganisationRole.choices,
        error_messages=choice_errors(_("Role: choose member or manager.")),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("", _("Mine"))] + [(code, name) for code, name in settings.LANGUAGES],
        required=False,
        help_text=_("An address that already has an account gets the language it saved."),
    )


def _zone_choices() -> tuple[tuple[str, object], ...]:
    """The browser's zone (empty), then the zones by name in the reader's language."""
    return (("", pgettext_lazy("time zone", "The browser's")), *named_zone_choices())


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_zone_choices,
        required=False,
        help_text=_("Leave empty to use your browser's."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The browser's")), *settings.LANGUAGES],
        required=False,
        help_text=_("Pages, e-mails and documents (PDF, DOCX, XLSX) for you."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # a zone the picker does not list but the API accepts (a legacy name such as US/Eastern,
        # saved through the API) stays offered, so saving the name alone does not drop it
        offered = dict(zone_choices())
        kept = {str(self.initial.get("timezone") or ""), str(self.data.get("timezone") or "")}
        extra = sorted(name for name in kept if name in iana_zone_names() and name not in offered)
        field = self.fields["timezone"]
        if extra:
            assert isinstance(field, forms.ChoiceField)
            field.choices = [*_zone_choices(), *((name, name) for name in extra)]
