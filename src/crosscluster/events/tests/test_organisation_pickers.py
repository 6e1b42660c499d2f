"""An event's host and a programme item's visited organisation are picked by name among the
partnership's organisations (a search picker fed by the directory's picks of that partnership),
never a list of them all: a real partnership's partner clusters have thousands of members."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.events.models import Event
from crosscluster.events.tests.factories import make_event
from crosscluster.events.tests.test_permissions import event_form, login

pytestmark = pytest.mark.django_db
PICKS = "/api/v1/organisations/picks"


def test_the_host_is_found_by_name_among_the_partnerships_organisations(
    cast, client: Client
) -> None:  # type: ignore[no-untyped-def]
    login(client, cast.coordinator)
    url = reverse("events:create", args=[cast.partnership.slug])
    page = client.get(url).content.decode()
    assert '<select name="host"' not in page
    assert f'data-picker="{PICKS}?partnership={cast.partnership.slug}"' in page
    # without JavaScript, "Find" lists the partnership's organisations only, nothing saved
    found = client.post(url, event_form(**{"host-q": "sme", "host-find": "1"}))
    assert found.status_code == 200
    labels = re.findall(r'name="host" value="([^"]*)"', found.content.decode())
    assert cast.sme.slug in labels
    assert cast.other_sme.slug not in labels  # a member of no partner cluster
    assert "Brokerage event in Milan" in found.content.decode()  # the title typed is kept
    assert not Event.objects.exists()
    # an organisation outside the partnership, posted by changing the page, is refused
    refused = client.post(url, event_form(host=cast.other_sme.slug)).content.decode()
    assert "Host organisation" in refused
    assert not Event.objects.exists()
    client.post(url, event_form(host=cast.sme.slug))
    assert Event.objects.get().host == cast.sme


def test_a_host_set_through_the_api_stays_chosen(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    event = make_event(cast.partnership, host=cast.other_sme)  # outside the partnership
    login(client, cast.coordinator)
    url = reverse("events:edit", args=[cast.partnership.slug, event.slug])
    page = client.get(url).content.decode()
    assert f'name="host" value="{cast.other_sme.slug}" checked' in page
    data = event_form(host=cast.other_sme.slug, title="Renamed")
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.host) == ("Renamed", cast.other_sme)


def test_the_programmes_visited_organisation_is_picked_by_name(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    event = make_event(cast.partnership)
    login(client, cast.coordinator)
    page = client.get(reverse("events:detail", args=[cast.partnership.slug, event.slug]))
    html = page.content.decode()
    assert '<select name="visited_organisation"' not in html
    assert 'name="visited_organisation-q"' in html


def test_the_directory_picks_of_a_partnership(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    found = client.get(PICKS, {"q": "sme", "partnership": cast.partnership.slug}).json()
    assert [row["value"] for row in found] == [cast.sme.slug]
    everyone = client.get(PICKS, {"q": "sme"}).json()
    assert {row["value"] for row in everyone} == {cast.sme.slug, cast.other_sme.slug}
    unknown = client.get(PICKS, {"q": "sme", "partnership": "no-such-alliance"})
    assert unknown.status_code == 400
    assert "partnership" in unknown.content.decode()
