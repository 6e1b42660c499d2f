"""An accepted slot is a calendar file for either side: the instant in UTC, the place, the two
organisations, in the reader's language; nobody else gets it, nor a slot not (or no longer)
accepted; the API gives its address."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.brokerage.tests.factories import NOW
from crosscluster.conversations import services
from crosscluster.conversations.models import SlotStatus
from tests.list_files import file_names

pytestmark = pytest.mark.django_db
API = "/api/v1/conversations"


def _accepted(cast, conversation, visit):  # type: ignore[no-untyped-def]
    proposal = services.propose_slot(
        user=cast.outsider, conversation=conversation, item_id=visit.pk, note="Lunch?", now=NOW
    )
    return services.answer_slot(user=cast.sme_member, proposal=proposal, accept=True, now=NOW)


def _logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _vevent(body: bytes) -> icalendar.Event:
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    return vevent


def test_both_sides_add_an_accepted_slot_to_their_calendar(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    proposal = _accepted(cast, conversation, visit)
    url = reverse("conversations:slot_meeting_ics", args=[conversation.pk, proposal.pk])
    page = _logged_in(cast.sme_member).get(reverse("conversations:detail", args=[conversation.pk]))
    assert url in page.content.decode()
    bodies = []
    for user in (cast.sme_member, cast.outsider):
        response = _logged_in(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "private" in response["Cache-Control"]
        bodies.append(response.content)
    vevent = _vevent(bodies[0])
    assert vevent.decoded("DTSTART") == visit.start_at.astimezone(dt.UTC)
    assert vevent.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert vevent.decoded("DTEND") == visit.end_at.astimezone(dt.UTC)
    assert str(vevent["SUMMARY"]) == (
        "Meeting of Vision Systems SME and Unrelated SME (Visit of a machine builder)"
    )
    assert str(vevent["LOCATION"]) == "Factory hall 2"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["UID"]).startswith(f"slot-meeting-{proposal.pk}@")
    description = str(vevent["DESCRIPTION"])
    assert "Lunch?" in description
    assert "Study visit to Berlin" in description
    assert f"/conversations/{conversation.pk}/#slots" in description
    # the same meeting for both sides: one UID, so importing both never doubles it
    assert str(_vevent(bodies[1])["UID"]) == str(vevent["UID"])


def test_the_file_is_in_the_readers_language(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    proposal = _accepted(cast, conversation, visit)
    with translation.override("de"):
        url = reverse("conversations:slot_meeting_ics", args=[conversation.pk, proposal.pk])
    response = _logged_in(cast.outsider).get(url)
    summary = str(_vevent(response.content)["SUMMARY"])
    assert summary.startswith("Gespräch zwischen Vision Systems SME und Unrelated SME")
    assert "Teil von Study visit to Berlin" in str(_vevent(response.content)["DESCRIPTION"])
    ascii_name, _utf8 = file_names(response)
    assert ascii_name.endswith(".ics")
    assert ascii_name.lower().startswith("gesprach")


@pytest.mark.parametrize("status", [SlotStatus.PENDING, SlotStatus.DECLINED, SlotStatus.WITHDRAWN])
def test_a_slot_not_accepted_has_no_calendar_file(cast, conversation, visit, status) -> None:  # type: ignore[no-untyped-def]
    proposal = services.propose_slot(
        user=cast.outsider, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    proposal.status = status
    proposal.save(update_fields=["status"])
    url = reverse("conversations:slot_meeting_ics", args=[conversation.pk, proposal.pk])
    assert _logged_in(cast.sme_member).get(url).status_code == 404
    page = _logged_in(cast.sme_member).get(reverse("conversations:detail", args=[conversation.pk]))
    assert url not in page.content.decode()


@pytest.mark.parametrize("role", ["cluster_manager", "coordinator"])
def test_people_of_neither_side_get_404_and_visitors_log_in(
    cast, conversation, visit, role
) -> None:  # type: ignore[no-untyped-def]
    proposal = _accepted(cast, conversation, visit)
    url = reverse("conversations:slot_meeting_ics", args=[conversation.pk, proposal.pk])
    assert _logged_in(getattr(cast, role)).get(url).status_code == 404
    visitor = Client().get(url)
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/")
    # through another conversation's address: 404 even for a side of this one
    other = reverse("conversations:slot_meeting_ics", args=[conversation.pk + 1000, proposal.pk])
    assert _logged_in(cast.sme_member).get(other).status_code == 404


def test_the_api_gives_the_address_of_an_accepted_slots_file(
    cast, conversation, visit, token_for
) -> None:  # type: ignore[no-untyped-def]
    pending = services.propose_slot(
        user=cast.outsider, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    auth = {"HTTP_AUTHORIZATION": token_for(cast.sme_member)}
    (row,) = Client().get(f"{API}/{conversation.pk}/slots", **auth).json()
    assert row["ics_url"] is None
    services.answer_slot(user=cast.sme_member, proposal=pending, accept=True, now=NOW)
    (row,) = Client().get(f"{API}/{conversation.pk}/slots", **auth).json()
    path = reverse("conversations:slot_meeting_ics", args=[conversation.pk, pending.pk])
    assert row["ics_url"].endswith(path)
    assert _logged_in(cast.outsider).get(path).status_code == 200
