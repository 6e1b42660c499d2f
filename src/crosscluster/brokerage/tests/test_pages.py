"""The session page, registration and requests on the web, and the organiser's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.models import MeetingRequest, Participant, ParticipantStatus
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def test_register_on_the_web_with_answers_and_consent(cast, client: Client) -> None:
    session = make_session(cast, questions=["What do you seek?"])
    url = reverse("brokerage:session", args=[session.pk])
    assert "Sign in to register" in client.get(url).content.decode()
    login(client, cast.sme_member)
    page = client.get(url).content.decode()
    assert "What do you seek?" in page
    response = client.post(
        reverse("brokerage:register", args=[session.pk]),
        {
            "organisation": cast.sme.pk,
            "display_name": "Ada",
            "question_0": "Robotics partners",
            "listed_publicly": "on",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.answers == {"What do you seek?": "Robotics partners"}
    assert participant.status == ParticipantStatus.PENDING
    assert "Awaiting approval" in client.get(url).content.decode()
    # Not approved yet: not in the public list.
    client.logout()
    assert "No public participants yet" in client.get(url).content.decode()


def test_the_member_forms_name_their_fields_and_preselect_the_only_organisation(
    cast, client: Client
) -> None:
    session = make_session(cast)
    url = reverse("brokerage:session", args=[session.pk])
    login(client, cast.sme_member)  # a member of one organisation
    page = client.get(url).content.decode()
    assert '<label for="id_organisation">Organisation</label>' in page
    assert f'<option value="{cast.sme.pk}" selected>' in page
    assert "---------" not in page
    join(session, cast.sme_member, cast.sme, name="Ada")
    page = client.get(url).content.decode()
    assert "Meetings at most" in page
    assert "Meetings in a row at most" in page
    assert "Max meetings" not in page
    assert "Max consecutive" not in page


def test_a_registration_for_someone_elses_organisation_is_refused(cast, client: Client) -> None:
    session = make_session(cast)
    login(client, cast.sme_member)
    response = client.post(
        reverse("brokerage:register", args=[session.pk]),
        {"organisation": cast.other_sme.pk, "display_name": "Ada"},
        follow=True,
    )
    assert "organisation" in response.content.decode()
    assert not Participant.objects.exists()


def test_a_refused_registration_comes_back_as_typed(cast, client: Client) -> None:
    session = make_session(cast)
    login(client, cast.sme_member)
    response = client.post(
        reverse("brokerage:register", args=[session.pk]),
        {
            "organisation": cast.other_sme.pk,  # not the member's: refused, naming the field
            "display_name": "Ada Lovelace",
            "profile": "Machine vision for bottling lines.",
        },
    )
    assert response.status_code == 400
    assert not Participant.objects.exists()
    form = response.context["registration_form"]
    assert form.errors["organisation"]
    page = response.content.decode()
    assert 'value="Ada Lovelace"' in page
    assert "Machine vision for bottling lines.</textarea>" in page


def test_a_refused_meeting_request_comes_back_as_typed(cast, client: Client) -> None:
    session = make_session(cast)
    join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    login(client, cast.sme_member)
    send = reverse("brokerage:send_request", args=[session.pk])
    client.post(send, {"recipient": carla.pk, "priority": 3, "message": "Let us talk"})
    again = client.post(
        send, {"recipient": carla.pk, "priority": 2, "message": "About the conveyor, too."}
    )
    assert again.status_code == 400  # the service refuses a second request to Carla
    assert MeetingRequest.objects.count() == 1
    assert again.context["request_form"].errors["recipient"] == [
        "You already have a request with this participant."
    ]
    assert "About the conveyor, too.</textarea>" in again.content.decode()


def test_requests_and_answers_on_the_web(cast, client: Client) -> None:
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla", listed_publicly=True)
    login(client, cast.sme_member)
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    assert "Carla, Unrelated SME" in page
    client.post(
        reverse("brokerage:send_request", args=[session.pk]),
        {"recipient": carla.pk, "priority": 3, "message": "Let us talk"},
    )
    request = MeetingRequest.objects.get()
    assert (request.requester, request.priority) == (ada, 3)
    login(client, cast.outsider)
    client.post(reverse("brokerage:answer_request", args=[request.pk]), {"accept": "1"})
    request.refresh_from_db()
    assert request.status == "accepted"


def test_the_organiser_sees_the_quality_and_the_reasons(cast, client: Client) -> None:
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    slots = list(session.slots.order_by("start_at"))
    services.set_availability(
        user=cast.outsider, participant=carla, available_slot_ids=[slots[0].pk]
    )
    services.set_availability(
        user=cast.sme_member, participant=ada, available_slot_ids=[slots[1].pk]
    )
    request = services.send_request(
        user=cast.sme_member, requester=ada, recipient_id=carla.pk, now=NOW
    )
    services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)
    schedule(cast, session, time_limit=1)
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:organise", args=[session.pk])).content.decode()
    assert "No common available slot for Ada and Carla." in page
    assert "0 meetings" in page
    assert "Participants with no meeting" in page


def _set_up_form(**changes: str) -> dict[str, str]:
    data = {
        "periods-TOTAL_FORMS": "3",
        "periods-INITIAL_FORMS": "0",
        "periods-0-date": "2026-03-03",
        "periods-0-start": "09:00",
        "periods-0-end": "10:00",
        "periods-1-date": "2026-03-03",
        "periods-1-start": "11:00",
        "periods-1-end": "11:40",
        # the empty row the page offers to add a period is no period
        "slot_minutes": "20",
        "gap_minutes": "0",
        "tables": "2",
        "table_names": "Rhine\nDanube",
        "questions": "What do you offer?",
        "video_url": "",
        "request_days": "7",
    }
    data.update(changes)
    return data


def test_an_organiser_sets_up_the_session_in_venue_time(cast, client: Client) -> None:
    from crosscluster.events.tests.factories import make_event

    event = make_event(cast.partnership, "Milan", timezone="Europe/Rome")
    url = reverse("brokerage:set_up", args=[event.pk])
    login(client, cast.sme_member)
    assert client.post(url, _set_up_form()).status_code == 403
    login(client, cast.coordinator)
    bad = client.post(url, _set_up_form(**{"periods-1-end": "10:30"}, tables="0"))
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Period 2: the end must be after the start." in page
    from crosscluster.brokerage.models import B2BSession

    assert not B2BSession.objects.exists()
    response = client.post(url, _set_up_form())
    session = B2BSession.objects.get()
    assert response["Location"] == reverse("brokerage:organise", args=[session.pk])
    assert session.slots.count() == 5  # 3 in the first period, 2 in the second
    assert [t.name for t in session.named_tables.order_by("number")] == ["Rhine", "Danube"]
    first = session.slots.order_by("start_at").first()
    assert first is not None
    assert f"{first.start_at:%H:%M}" == "08:00"  # 09:00 in Milan is 08:00 UTC
    # The event's link leads to the session.
    client.logout()
    jump = client.get(reverse("brokerage:event_session", args=[event.pk]))
    assert jump["Location"] == reverse("brokerage:session", args=[session.pk])


def test_a_services_error_on_set_up_is_shown_on_its_field(cast, client: Client) -> None:
    from crosscluster.events.tests.factories import make_event

    event = make_event(cast.partnership, "Milan", timezone="Europe/Rome")
    login(client, cast.coordinator)
    response = client.post(
        reverse("brokerage:set_up", args=[event.pk]), _set_up_form(table_names="Only one")
    )
    assert "Name every table or none: 1 names for 2 tables." in response.content.decode()


def test_the_set_up_form_shows_the_current_settings_in_venue_time(cast, client: Client) -> None:
    session = make_session(cast, table_names=["Rhine", "Danube"])
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:set_up", args=[session.event_id])).content.decode()
    # each period in its row, in venue time: a date, a start and an end
    assert 'name="periods-0-date" value="2026-03-03"' in page
    assert 'name="periods-0-start" value="09:00"' in page
    assert 'name="periods-0-end" value="10:00"' in page
    assert 'name="periods-1-start" value="11:00"' in page
    assert 'name="periods-1-end" value="12:00"' in page
    assert 'name="periods-2-date" id="id_periods-2-date">' in page  # an empty row to add one
    assert "Rhine\nDanube" in page
    # every field is named for people (Django's own "Slot minutes" would stay English)
    for label in ("Minutes per meeting", "Participants at most", "Days to answer a request"):
        assert f"{label}</label>" in page
    assert "Slot minutes" not in page
    assert "Max consecutive" not in page


def test_the_organiser_page_queries_do_not_grow_with_meetings(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    from crosscluster.brokerage.tests.factories import colleague

    session = make_session(cast, tables=10)
    hosts = [join(session, cast.outsider, cast.other_sme, name="Host")]
    guests = [
        join(session, colleague(cast.sme, f"guest{n}@example.eu"), cast.sme, name=f"Guest {n}")
        for n in range(6)
    ]
    for guest in guests:
        request = services.send_request(
            user=guest.user, requester=guest, recipient_id=hosts[0].pk, now=NOW
        )
        services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)
    schedule(cast, session, time_limit=1)
    login(client, cast.coordinator)
    url = reverse("brokerage:organise", args=[session.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert page.count("Guest ") >= 6


def test_the_registration_forms_checkboxes_sit_beside_their_words(cast, client: Client) -> None:
    """Not Django's default layout (the label's paragraph, then the box under it)."""
    session = make_session(cast)
    login(client, cast.sme_member)
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    register = reverse("brokerage:register", args=[session.pk])
    form = page.split(f'<form class="stacked narrow" method="post" action="{register}">')[1]
    form = form.split("</form>")[0]
    assert re.search(
        r'<label for="id_is_online"><input type="checkbox" name="is_online" id="id_is_online">'
        r" I will meet by video</label>",
        form,
    )
    assert '<label for="id_listed_publicly"><input type="checkbox"' in form
    assert "<p>" not in form  # (as_p's paragraphs put each box under its label)


def test_availability_and_requests_are_the_sites_form_fields(cast, client: Client) -> None:
    """The slots a participant can meet in are the site's checkbox group (each box beside its
    time, in a fieldset named by the field), not as_p's list under a "Slots:" paragraph."""
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    join(session, cast.outsider, cast.other_sme, name="Carla")
    login(client, cast.sme_member)
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    availability = page.split(reverse("brokerage:availability", args=[session.pk]))[1]
    availability = availability.split("</form>")[0]
    assert "<legend>Slots you can meet in (venue time, Europe/Rome)</legend>" in availability
    assert '<div id="id_slots" class="check-group">' in availability
    first, second, third = list(session.slots.order_by("start_at"))[:3]
    assert re.search(  # every slot ticked until the participant blocks some
        rf'<label for="id_slots_0"><input type="checkbox" name="slots" value="{first.pk}" '
        r'id="id_slots_0" checked>\s*Tue 3 Mar 09:00\u201309:15</label>',
        availability,
    )
    assert '<label for="id_max_meetings">Meetings at most</label>' in availability
    requests = page.split(reverse("brokerage:send_request", args=[session.pk]))[1]
    requests = requests.split("</form>")[0]
    assert '<label for="id_recipient">Meet</label>' in requests
    for form in (availability, requests):
        assert "<p>" not in form  # (as_p)
    client.post(
        reverse("brokerage:availability", args=[session.pk]), {"slots": [first.pk, third.pk]}
    )
    assert second in ada.unavailable_slots.all()
    assert first not in ada.unavailable_slots.all()
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    assert f'value="{second.pk}" id="id_slots_1">' in page
    assert f'value="{third.pk}" id="id_slots_2" checked>' in page


def test_the_set_up_forms_checkboxes_sit_beside_their_words(cast, client: Client) -> None:
    from crosscluster.events.tests.factories import make_event

    event = make_event(cast.partnership, "Milan", timezone="Europe/Rome")
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:set_up", args=[event.pk])).content.decode()
    form = page.split('<form class="stacked narrow" method="post">')[1].split("</form>")[0]
    assert re.search(
        r'<label for="id_compact_agendas"><input type="checkbox" name="compact_agendas"'
        r"[^>]* checked[^>]*> Compact agendas</label>",
        form,
    )
    assert '<label for="id_half_day_agendas"><input type="checkbox"' in form
    assert "<legend>Meeting periods</legend>" in form
    assert "<legend>Period 1</legend>" in form
    assert "<p>" not in form  # (as_p's paragraphs put each box under its label)


def test_a_participant_s_own_links_are_the_site_s_buttons_with_words(cast, client: Client) -> None:
    """The session page's "My agenda", calendar file and PDF are buttons with words (it read
    "A minha agenda · ICS ·" on a phone, the last dot before nothing), and the requests form's
    optional colleague offers "—", not Django's "---------"."""
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    login(client, cast.sme_member)
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    toolbar = re.search(r'<div class="toolbar">(.*?)</div>', page, re.S)
    assert toolbar is not None
    assert "·" not in toolbar.group(1)
    ics = reverse("brokerage:agenda_ics", args=[session.pk, ada.pk])
    assert re.search(
        rf'<a class="button small" href="{ics}" download>Add to calendar \(ICS\)</a>',
        toolbar.group(1),
    )
    assert "---------" not in page
