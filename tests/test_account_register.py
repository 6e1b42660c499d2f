"""The account pages and e-mails address the reader formally, as the rest of the platform does
(docs/glossary.md: German "Sie", Italian "Lei"). django-allauth's own German and Italian
catalogues say "du" and "tu": what our users see of allauth (its pages, the messages its views
leave, its e-mails) is worded by our catalogue instead (docs/languages.md).

The check reads every account page a visitor and a signed-in person reach, the messages the
account actions leave, and every e-mail the account flows send, in German and Italian, and fails
on an informal pronoun or possessive ("du", "dich", "dir", "dein…"; "tu", "ti", "tuo", "tua",
"tuoi", "tue": the Italian words that are only informal; its informal imperatives are not read).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from crosscluster.accounts.models import User
from tests.cast import PASSWORD, give_second_factor, make_user

pytestmark = pytest.mark.django_db

INFORMAL = {
    "de": re.compile(r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.IGNORECASE),
    "it": re.compile(r"\b(?:tu|ti|tuo|tua|tuoi|tue)\b", re.IGNORECASE),
}
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
READ_ATTRIBUTE = re.compile(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"')

#: the pages a visitor reaches (allauth's under /accounts/)
VISITOR_PAGES = (
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/password/reset/key/done/",
    "/accounts/inactive/",
)
#: the pages a signed-in person reaches
PERSON_PAGES = (
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/password/set/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/recovery-codes/generate/",
)


def text_of(html: str) -> str:
    """What a person reads of a page: its text and the attributes read aloud or shown."""
    html = HIDDEN.sub(" ", html)
    attributes = " ".join(READ_ATTRIBUTE.findall(html))
    return unescape(re.sub(r"<[^>]+>", " ", html) + " " + attributes)


def informal_words(language: str, where: str, text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if INFORMAL[language].search(line):
            found.append(f"{where}: {line[:160]!r}")
    return found


def read(client: Client, language: str, path: str, **kwargs: Any) -> list[str]:
    response = client.get(f"/{language}{path}", follow=True, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return informal_words(language, path, text_of(response.content.decode()))


def post(client: Client, language: str, path: str, data: dict[str, str]) -> list[str]:
    """An action, and the page it leads to (with the message it leaves)."""
    response = client.post(f"/{language}{path}", data, follow=True)
    return informal_words(language, f"POST {path}", text_of(response.content.decode()))


def test_the_check_finds_an_informal_word() -> None:
    assert informal_words("de", "x", "Hast du dein Passwort vergessen?") != []
    assert informal_words("de", "x", "Haben Sie Ihr Passwort vergessen? Dieses Dunkel") == []
    assert informal_words("it", "x", "Hai dimenticato la tua password?") != []
    assert informal_words("it", "x", "Ha dimenticato la Sua password? Tutti i titoli") == []


@pytest.mark.parametrize("language", ["de", "it"])
def test_the_account_pages_and_emails_are_formal(
    language: str, client: Client, settings: Any
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    person = make_user("person@example.eu", language=language)
    found: list[str] = []
    for path in VISITOR_PAGES:
        found += read(client, language, path)
    new = {"email": "neu@example.eu", "password1": PASSWORD, "password2": PASSWORD}
    found += post(client, language, "/accounts/signup/", new)  # confirmation e-mail
    found += post(client, language, "/accounts/signup/", {**new, "email": person.email})
    found += post(client, language, "/accounts/password/reset/", {"email": person.email})
    found += post(client, language, "/accounts/password/reset/", {"email": "nobody@example.eu"})
    found += post(client, language, "/accounts/login/", {"login": "x@example.eu", "password": "x"})
    client.logout()
    person.emailaddress_set.update_or_create(
        email=person.email, defaults={"verified": True, "primary": True}
    )
    found += post(
        client, language, "/accounts/login/", {"login": person.email, "password": PASSWORD}
    )
    for path in PERSON_PAGES:
        found += read(client, language, path)
    found += post(client, language, "/accounts/reauthenticate/", {"password": PASSWORD})
    for path in ("/accounts/2fa/totp/activate/", "/accounts/2fa/recovery-codes/generate/"):
        found += read(client, language, path)  # the forms themselves, once reauthenticated
    found += post(client, language, "/accounts/email/", {"action_add": "", "email": "b@example.eu"})
    found += post(
        client,
        language,
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": PASSWORD + "!", "password2": PASSWORD + "!"},
    )
    found += post(client, language, "/accounts/logout/", {})
    guarded = make_user("guarded@example.eu", language=language)
    guarded.emailaddress_set.create(email=guarded.email, verified=True, primary=True)
    give_second_factor(guarded)
    login = {"login": guarded.email, "password": PASSWORD}
    found += post(client, language, "/accounts/login/", login)  # asks for the code
    assert len(mail.outbox) >= 5, [message.subject for message in mail.outbox]
    for message in mail.outbox:
        found += informal_words(language, f"e-mail {message.subject!r}", message.subject)
        found += informal_words(language, f"e-mail {message.subject!r}", message.body)
    assert not found, "\n".join(found)
    assert User.objects.filter(email="neu@example.eu").exists()
