from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from crosscluster.accounts.models import OrganisationRole, TokenScope


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
    email = forms.EmailField(label=_("Colleague's e-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationRole.choices)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("", _("Mine"))] + [(code, name) for code, name in settings.LANGUAGES],
        required=False,
        help_text=_("An address that already has an account gets the language it saved."),
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        help_text=_("IANA name such as Europe/Rome; leave empty to use your browser's."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The browser's")), *settings.LANGUAGES],
        required=False,
        help_text=_("Pages, e-mails and documents (PDF, DOCX, XLSX) for you."),
    )
