"""E-mails and the agenda PDF in the recipient's language (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from crosscluster.brokerage import documents
from crosscluster.brokerage.tests.test_documents import _pdf_objects, agenda_pdf, login, published
from crosscluster.brokerage.tests.test_reminders import START, publish, world

pytestmark = pytest.mark.django_db
__all__ = ["published", "world"]  # the fixtures, shared with the documents' and reminders' tests


def test_the_reminder_is_written_in_each_recipients_language(cast, world) -> None:  # type: ignore[no-untyped-def]
    cast.sme_member.language = "de"  # Ada reads German
    cast.sme_member.save()
    cast.outsider.language = "fr"  # Carla French
    cast.outsider.save()
    publish(cast, world["session"])
    documents.send_reminders(now=START - dt.timedelta(days=2))
    sent = {message.to[0]: message for message in mail.outbox}
    # dates in the recipient's language (Django's own month and day names) ...
    assert "03 März 2026" in sent["member@example.eu"].subject
    assert "Dienstag 3 März 2026" in sent["member@example.eu"].body
    assert "03 mars 2026" in sent["outsider@example.eu"].subject
    assert "mardi 3 mars 2026" in sent["outsider@example.eu"].body
    # ... and English for who chose nothing
    assert "03 March 2026" in sent["manager@example.eu"].subject
    assert "Tuesday 3 March 2026" in sent["manager@example.eu"].body


def test_the_agenda_pdf_is_in_the_language_of_its_reader(cast, client: Client, published) -> None:  # type: ignore[no-untyped-def]
    _session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    german = agenda_pdf(client, ada, "de")  # asked on the German page, made by the worker
    assert german.startswith(b"%PDF-")
    assert "/Lang (de)" in _pdf_objects(german) or b"/Lang (de)" in german
    english = agenda_pdf(client, ada)
    assert b"/Lang (en)" in english or "/Lang (en)" in _pdf_objects(english)


def test_the_agenda_pdf_numbers_its_pages_in_its_readers_language(
    cast, client: Client, published
) -> None:  # type: ignore[no-untyped-def]
    from crosscluster.strategy.tests.helpers import pdf_text

    _session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    german = pdf_text(agenda_pdf(client, ada, "de"))
    assert "Seite 1 von 1" in german
    assert "Page 1 of 1" not in german
    english = pdf_text(agenda_pdf(client, ada))
    assert "Page 1 of 1" in english


def test_the_agenda_ics_is_in_the_language_of_its_address(cast, client: Client, published) -> None:  # type: ignore[no-untyped-def]
    import icalendar

    session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    german = client.get(f"/de/brokerage/{session.pk}/agenda/{ada.pk}/agenda.ics")
    calendar = icalendar.Calendar.from_ical(german.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(calendar["x-wr-calname"]).startswith("Meine B2B-Gespräche: ")
    assert str(vevent["summary"]).startswith("B2B-Gespräch mit Carla Unrelated")
    assert "Terminplan: " in str(vevent["description"])
    english = client.get(f"/brokerage/{session.pk}/agenda/{ada.pk}/agenda.ics")
    [vevent] = icalendar.Calendar.from_ical(english.content).walk("VEVENT")
    assert str(vevent["summary"]).startswith("B2B meeting with Carla Unrelated")
