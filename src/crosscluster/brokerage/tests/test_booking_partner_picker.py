"""The agenda's "Book a free slot with": a search picker of the approved participants of the
other organisations (never a list of every participant), fed by the participant's own picks
endpoint; without JavaScript "Find" lists the matches, and choosing one shows the free slots
shared with them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage.models import ParticipantStatus
from crosscluster.brokerage.tests.factories import NOW, join
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from crosscluster.brokerage.tests.test_onsite_pages import api, login
from tests.cast import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cast):  # type: ignore[no-untyped-def]
    session = coming_session(cast)
    people, _ = published_day(cast, session, now=NOW)
    return {"session": session, **people}


def _free_slot_form(page: str) -> str:
    start = page.index('data-testid="free-slot-partner"')
    return page[start : page.index("</form>", start)]


def test_the_agenda_lists_nobody_until_searched(cast, day, client: Client) -> None:  # type: ignore[no-untyped-def]
    login(client, cast.sme_member)
    url = reverse("brokerage:agenda", args=[day["session"].pk, day["ada"].pk])
    form = _free_slot_form(client.get(url).content.decode())
    assert "<select" not in form
    assert "Max (" not in form
    assert "Carla (" not in form
    picks = reverse("api-1.0.0:pick_booking_partners", args=[day["ada"].pk])
    assert f'data-picker="{picks}"' in form
    # without JavaScript: "Find" lists the matches (the other organisations' only)
    found = _free_slot_form(client.get(url, {"with-q": "a", "with-find": "1"}).content.decode())
    assert "Max (Baltic Test Cluster)" in found
    assert "Carla (Unrelated SME)" in found
    assert "Ada (" not in found  # herself, of her own organisation
    # choosing Max shows the free slots shared with him, Max still chosen in the picker
    page = client.get(url, {"with": day["max"].pk}).content.decode()
    assert "Free slots you share with Max" in page
    assert f'value="{day["max"].pk}" checked' in _free_slot_form(page)
    # a proposal refused (no such slot): the page again, Max still chosen beside his free slots
    refused = client.post(
        reverse("brokerage:propose_booking", args=[day["session"].pk]),
        {"invitee": day["max"].pk, "slot": 999_999},
    )
    assert refused.status_code == 400
    again = refused.content.decode()
    assert "Free slots you share with Max" in again
    assert f'value="{day["max"].pk}" checked' in _free_slot_form(again)


def test_the_picks_are_the_participants_own(cast, day, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    session = day["session"]
    pia = make_user("pia@example.eu")
    join(session, pia, cast.other_cluster, name="Pia", status=ParticipantStatus.PENDING)
    url = reverse("api-1.0.0:pick_booking_partners", args=[day["ada"].pk])
    login(client, cast.sme_member)
    assert client.get(url, {"q": "BALTIC"}).json() == [
        {"value": str(day["max"].pk), "label": "Max (Baltic Test Cluster)"}
    ]
    assert client.get(url, {"q": "pia"}).json() == []  # not approved
    assert client.get(url, {"q": "vision"}).json() == []  # her own organisation
    token = token_for(cast.sme_member)
    path = f"/participants/{day['ada'].pk}/booking-picks?q=carla"
    assert [row["label"] for row in api(client, "get", path, token).json()] == [
        "Carla (Unrelated SME)"
    ]
    # another participant's picks: 404, as for their agenda; the organisers may read them
    login(client, cast.outsider)
    assert client.get(url, {"q": "max"}).status_code == 404
    login(client, cast.coordinator)
    assert client.get(url, {"q": "max"}).status_code == 200
    client.logout()
    assert client.get(url, {"q": "max"}).status_code in {401, 403, 404}
