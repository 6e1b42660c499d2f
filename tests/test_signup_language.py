"""A person keeps the language they signed up in (or accepted an invitation in) as their
preference, so that their notifications and e-mails are not written in English
(docs/languages.md, "Rendering for someone else")."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from crosscluster.accounts import services as account_services
from crosscluster.accounts.models import User
from crosscluster.notifications import jobs, registry
from crosscluster.notifications.models import Notification
from tests.cast import PASSWORD, Cast, make_user

pytestmark = pytest.mark.django_db

INTERESTED = "%(organisation)s is interested in %(title)s"


def notice_email(user: User) -> mail.EmailMessage:
    values = {"organisation": "Nordcluster", "title": "Bildverarbeitung"}
    notice = Notification.objects.create(
        recipient=user,
        kind=registry.list_kinds()[0].key,
        message=INTERESTED,
        parameters=values,
        text=INTERESTED % values,
        url="/marketplace/",
        created_at=timezone.now(),
    )
    return jobs.immediate_message(notice)


def test_who_signs_up_on_a_german_page_gets_german_notifications(client: Client) -> None:
    address = {"email": "neu@example.de", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post("/de/accounts/signup/", address)
    assert response.status_code == 302
    person = User.objects.get(email="neu@example.de")
    assert person.language == "de"
    message = notice_email(person)
    assert message.subject == "Nordcluster interessiert sich für Bildverarbeitung"
    assert "Nordcluster interessiert sich für Bildverarbeitung" in message.body


def test_who_signs_up_on_an_english_page_keeps_english(client: Client) -> None:
    address = {"email": "new@example.eu", "password1": PASSWORD, "password2": PASSWORD}
    client.post("/accounts/signup/", address)
    assert User.objects.get(email="new@example.eu").language == "en"


def test_accepting_an_invitation_in_italian_saves_italian_unless_one_was_chosen(
    cast: Cast, client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    links = []
    for email in ("nuova@example.it", "chose@example.eu"):
        with django_capture_on_commit_callbacks(execute=True):
            new = account_services.invite_colleague(
                inviter=cast.cluster_manager,
                organisation_id=cast.other_cluster.pk,
                email=email,
                role="member",
                now=timezone.now(),
            )
        links.append(re.sub(r"^https?://[^/]+", "", new.accept_url))
    newcomer = make_user("nuova@example.it")
    chooser = make_user("chose@example.eu", language="sv")
    assert newcomer.language == ""
    for person, link in zip((newcomer, chooser), links, strict=True):
        client.force_login(person)
        response = client.post(f"/it{link}")
        assert response.status_code == 302, response.content
    newcomer.refresh_from_db()
    chooser.refresh_from_db()
    assert (newcomer.language, chooser.language) == ("it", "sv")
