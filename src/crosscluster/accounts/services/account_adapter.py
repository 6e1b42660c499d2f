"""django-allauth's hooks (``settings.ACCOUNT_ADAPTER``): its e-mails in the recipient's language.

allauth renders its e-mails (the confirmation of an address, a password reset, an unknown
account, an account that exists already) and the links in them in the language of the request
that sends them. An e-mail to an account is written in the language its owner saved, as every
other e-mail of the platform is (docs/languages.md), its links to that language's pages
(``/de/accounts/...``); to an address of no account, or of one that saved none, in the language
of the page the visitor asked from.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailConfirmation
from django.http import HttpRequest
from django.utils import translation

from crosscluster.accounts.models import User
from crosscluster.accounts.queries import saved_languages
from crosscluster.accounts.services import remember_language
from crosscluster.core.i18n import supported_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """A new account keeps the language of the page it signed up on as its preference (its
        notifications and e-mails are written in it), unless one was chosen."""
        remember_language(user)
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        with translation.override(recipient_language(email, account=context.get("user"))):
            super().send_mail(template_prefix, email, context)

    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation, signup: bool
    ) -> None:
        address = emailconfirmation.email_address
        with translation.override(recipient_language(address.email, account=address.user)):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_account_already_exists_mail(self, email: str) -> None:
        with translation.override(recipient_language(email)):
            super().send_account_already_exists_mail(email)

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        """allauth made the link before it knew the language: made again in the reader's."""
        with translation.override(recipient_language(email, account=user)):
            key = f"{context['uid']}-{context['key']}"
            context = {**context, "password_reset_url": self.get_reset_password_from_key_url(key)}
            super().send_password_reset_mail(user, email, context)


def recipient_language(email: str, *, account: User | None = None) -> str:
    """The saved language of the account the e-mail is about (an address being added to it is
    not its address yet), else of the account the address belongs to, else the active one."""
    saved = supported_language(getattr(account, "language", ""))
    return saved or saved_languages(emails=[email]).get(email.lower()) or translation.get_language()
