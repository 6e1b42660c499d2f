"""Organisations picked by name, never by a typed slug: the API list a picker reads as people
type, a country's regions for the region picker, and a cluster's invitation page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory.models import ClusterJoinRequest
from crosscluster.directory.tests.factories import make_region
from tests.cast import Cast, make_country

pytestmark = pytest.mark.django_db

PICKS = "/api/v1/organisations/picks"


def test_the_picks_are_found_by_the_start_of_a_word_with_their_place(cast: Cast) -> None:
    found = Client().get(PICKS, {"q": "balt"}).json()
    assert found == [{"value": cast.other_cluster.slug, "label": "Baltic Test Cluster · Germany"}]
    assert Client().get(PICKS, {"q": ""}).json() == []


def test_the_picks_leave_out_the_excluded_and_other_kinds(cast: Cast) -> None:
    test = {item["value"] for item in Client().get(PICKS, {"q": "test"}).json()}
    assert {cast.cluster.slug, cast.other_cluster.slug} <= test
    without = Client().get(PICKS, {"q": "test", "exclude": cast.cluster.slug}).json()
    assert cast.cluster.slug not in {item["value"] for item in without}
    smes = Client().get(PICKS, {"q": "sme", "type": "sme"}).json()
    assert {item["value"] for item in smes} == {cast.sme.slug, cast.other_sme.slug}


def test_a_pasted_profile_address_finds_its_organisation(cast: Cast) -> None:
    address = f"https://example.eu/directory/organisations/{cast.other_sme.slug}/"
    assert [item["value"] for item in Client().get(PICKS, {"q": address}).json()] == [
        cast.other_sme.slug
    ]


def test_an_unknown_kind_is_a_400_naming_the_parameter(cast: Cast) -> None:
    response = Client().get(PICKS, {"q": "test", "type": "spaceship"})
    assert response.status_code == 400
    assert "type" in response.content.decode()
    assert "spaceship" in response.content.decode()


def test_a_countrys_regions_and_no_others(db: None) -> None:
    make_country("DE", "DEU", "Germany")
    make_country("FR", "FRA", "France")
    make_region("DE2", "Bayern", "DE")
    make_region("DE21", "Oberbayern", "DE")
    make_region("FR10", "Ile-de-France", "FR")
    german = Client().get("/api/v1/organisations/regions", {"country": "de"}).json()
    assert [item["value"] for item in german] == ["DE2", "DE21"]
    assert german[1]["label"] == "\u00a0\u00a0\u00a0Oberbayern · DE21"  # under Bayern
    assert Client().get("/api/v1/organisations/regions", {"country": "SE"}).json() == []


def _manager(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.cluster_manager)  # manages other_cluster
    return client


def test_a_manager_finds_by_name_and_invites_without_javascript(cast: Cast) -> None:
    manager = _manager(cast)
    invite = reverse("directory:invite_organisation", args=[cast.other_cluster.slug])
    found = manager.post(
        invite,
        {"organisation-q": "unrelated", "organisation-find": "1", "message": "Welcome aboard"},
    )
    assert found.status_code == 200  # the page again, the form as typed: nothing saved
    assert not ClusterJoinRequest.objects.exists()
    page = found.content.decode()
    assert f'type="radio" name="organisation" value="{cast.other_sme.slug}"' in page
    assert "Welcome aboard</textarea>" in page  # the message typed is kept
    assert 'value="unrelated"' in page
    assert "type a few letters of its name" not in page  # no "required" error yet
    manager.post(invite, {"organisation": cast.other_sme.slug, "message": "Welcome aboard"})
    invited = ClusterJoinRequest.objects.get()
    assert (invited.cluster, invited.organisation) == (cast.other_cluster, cast.other_sme)
    assert invited.message == "Welcome aboard"


def test_the_search_in_the_address_lists_the_matches(cast: Cast) -> None:
    page = _manager(cast).get(
        reverse("directory:organisation", args=[cast.other_cluster.slug]),
        {"organisation-q": "unrelated"},
    )
    assert f'value="{cast.other_sme.slug}"' in page.content.decode()


@pytest.mark.parametrize("posted", ["itself", "typed address", "unknown"])
def test_an_organisation_not_offered_is_refused_naming_the_field(cast: Cast, posted: str) -> None:  # type: ignore[no-untyped-def]
    value = {
        "itself": cast.other_cluster.slug,  # the cluster: only by changing the page
        "typed address": f"/directory/organisations/{cast.other_sme.slug}/",
        "unknown": "no-such-organisation",
    }[posted]
    response = _manager(cast).post(
        reverse("directory:invite_organisation", args=[cast.other_cluster.slug]),
        {"organisation": value, "message": "Join us."},
    )
    assert not ClusterJoinRequest.objects.exists()
    # the page again (400), the message kept, the problem beside the organisation
    assert response.status_code == 400
    [problem] = response.context["invite_form"].errors["organisation"]
    assert problem.startswith("Organisation: choose one of the organisations listed")
    assert "Join us.</textarea>" in response.content.decode()


def test_only_the_clusters_managers_invite(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.sme_member)
    response = client.post(
        reverse("directory:invite_organisation", args=[cast.other_cluster.slug]),
        {"organisation": cast.other_sme.slug},
    )
    assert response.status_code == 403
    assert not ClusterJoinRequest.objects.exists()
