"""Notifications are read in the reader's language: stored as a message and its values when
the event happens, put together on the page and in the API in the viewer's language, and in
the e-mails (immediate and digest) in the recipient's saved language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils.translation import override

from crosscluster.accounts import services as account_services
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.marketplace import services as marketplace_services
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity
from crosscluster.notifications import jobs, services
from crosscluster.notifications.models import Notification

pytestmark = pytest.mark.django_db

ANSWER = {"offer": "Vision systems", "timeframe": "soon", "budget_range": "50k_250k"}
INTEREST = "marketplace.interest"


def _interest(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    return marketplace_services.express_interest(
        user=cast.outsider,
        opportunity=opportunity,
        organisation=cast.other_sme,
        message="",
        now=NOW,
        **ANSWER,
    )


def test_a_notice_keeps_its_message_and_values_not_only_the_english_text(cast) -> None:  # type: ignore[no-untyped-def]
    interest = _interest(cast)
    notice = Notification.objects.get(recipient=cast.sme_member, kind=INTEREST)
    assert notice.message == "%(organisation)s is interested in %(title)s"
    assert notice.parameters == {
        "organisation": "Unrelated SME",
        "title": interest.opportunity.title,
    }
    assert notice.text == f"Unrelated SME is interested in {interest.opportunity.title}"
    with override("de"):
        german = notice.display_text
    with override("fr"):
        french = notice.display_text
    assert german != notice.text
    assert german.startswith("Unrelated SME")
    assert interest.opportunity.title in german  # what people wrote stays as written
    assert french not in {german, notice.text}


def test_the_page_and_the_api_show_a_notice_in_the_viewers_language(cast) -> None:  # type: ignore[no-untyped-def]
    _interest(cast)
    notice = Notification.objects.get(recipient=cast.sme_member, kind=INTEREST)
    with override("de"):
        german = notice.display_text
    client = Client()
    client.force_login(cast.sme_member)
    english_page = client.get("/notifications/").content.decode()
    assert notice.text in english_page
    german_page = client.get("/de/notifications/").content.decode()
    assert german in german_page
    assert notice.text not in german_page
    key = account_services.create_api_token(user=cast.sme_member, name="r").key
    answer = Client().get(
        "/api/v1/notifications",
        headers={"Authorization": f"Bearer {key}", "Accept-Language": "de"},
    )
    assert answer.status_code == 200
    assert [row["text"] for row in answer.json()["items"]] == [german]


def test_the_immediate_email_is_in_the_recipients_saved_language(cast) -> None:  # type: ignore[no-untyped-def]
    account_services.set_language(user=cast.sme_member, language="de")
    _interest(cast)  # made while the site speaks English
    run_queued_tasks()
    [german] = [m for m in mail.outbox if m.to == [cast.sme_member.email]]
    [english] = [m for m in mail.outbox if m.to == [cast.outsider.email]]
    notice = Notification.objects.get(recipient=cast.sme_member, kind=INTEREST)
    with override("de"):
        expected = notice.display_text
        label = str(services.registry.get_kind(INTEREST).label)
    assert german.subject == expected
    assert label in german.body  # the unsubscribe footer names the kind in German
    assert "You receive this" not in german.body
    assert "Your interest in" in english.subject
    assert "You receive this" in english.body


def test_the_digest_is_in_the_recipients_language_with_their_date_format(cast) -> None:  # type: ignore[no-untyped-def]
    account_services.update_profile(
        user=cast.sme_member, full_name="", timezone="Europe/Stockholm", language="sv"
    )
    services.set_preferences(user=cast.sme_member, choices={INTEREST: "daily"}, now=NOW)
    _interest(cast)
    run_queued_tasks()
    mail.outbox.clear()
    notice = Notification.objects.get(recipient=cast.sme_member, kind=INTEREST)
    assert jobs.send_digests(now=NOW + dt.timedelta(days=1)) == 1
    [digest] = mail.outbox
    with override("sv"):
        swedish = notice.display_text
    assert swedish != notice.text
    assert swedish in digest.body
    stockholm = notice.created_at.astimezone(ZoneInfo("Europe/Stockholm"))
    assert stockholm.strftime("- %Y-%m-%d %H:%M ") in digest.body  # Swedish short format
    assert "notification" not in digest.subject  # "Your crosscluster digest" in Swedish
    assert "aviseringar" in digest.body


def test_a_message_without_its_values_is_a_programming_error(cast) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError):
        services.notify(
            kind=INTEREST,
            recipients=[cast.sme_member],
            message="Closed: %(title)s",
            parameters={},
            now=NOW,
        )
    with pytest.raises(ValueError, match="needs a message"):
        services.notify(kind=INTEREST, recipients=[cast.sme_member], now=NOW)
    assert not Notification.objects.exists()


def test_every_kind_is_labelled_in_the_readers_language(cast) -> None:  # type: ignore[no-untyped-def]
    """The kinds' labels and descriptions are catalogue strings: on the preferences page, in
    the API's list and on the unsubscribe page each reader sees them in their language."""
    from django.utils.functional import Promise

    from crosscluster.notifications.registry import list_kinds

    for kind in list_kinds():
        assert isinstance(kind.label, Promise), f"{kind.key}: label is not gettext_lazy"
        assert not kind.help_text or isinstance(kind.help_text, Promise), kind.key
    client = Client()
    token = account_services.create_api_token(user=cast.sme_member, name="r").key
    with override("en"):  # the German requests leave their language active: not beyond here
        _check_kind_labels_in_german(client, cast, token)


def _check_kind_labels_in_german(client: Client, cast, token: str) -> None:  # type: ignore[no-untyped-def]
    german = client.get(
        "/api/v1/notifications/preferences",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "de"},
    ).json()
    labels = {row["kind"]: row["label"] for row in german}
    assert labels["conversations.slot"] == "Vorgeschlagene Zeitfenster für Treffen"
    client.force_login(cast.sme_member)
    page = client.get("/de/notifications/preferences/").content.decode()
    assert "Vorgeschlagene Zeitfenster für Treffen" in page
    assert "Slots proposed to meet at" not in page
