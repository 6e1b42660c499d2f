"""Joining a cluster without typing a name or a slug: on an organisation's page its managers pick
the cluster by name (only those it may still join), on a cluster's page they choose which of
their organisations asks (only those that may still ask); the API offers the same picks and
refuses the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.directory.models import ClusterJoinRequest, OrganisationKind
from tests.cast import Cast, make_organisation

pytestmark = pytest.mark.django_db

PICKS = "/api/v1/organisations/picks"


def _signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _messages(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def _waiting(cast: Cast) -> ClusterJoinRequest:
    """Unrelated SME has a request waiting with Baltic Test Cluster."""
    return ClusterJoinRequest.objects.create(
        cluster=cast.other_cluster,
        organisation=cast.other_sme,
        direction="request",
        status="pending",
        created_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )


# ---------------------------------------------------------------- the cluster, picked by name


def test_the_clusters_offered_leave_out_those_joined_or_waiting(cast: Cast) -> None:
    other = make_organisation("Nordic Test Cluster", OrganisationKind.CLUSTER)
    _waiting(cast)
    manager = _signed_in(cast.outsider)  # manages Unrelated SME
    found = manager.get(PICKS, {"q": "test cluster", "joinable_by": cast.other_sme.slug}).json()
    assert [item["value"] for item in found] == [other.slug, cast.cluster.slug]  # name order
    # Vision Systems SME is a member of Pole Test Cluster already; the coordinator manages
    # the cluster itself, which is not offered to itself either
    coordinator = _signed_in(cast.coordinator)
    found = coordinator.get(PICKS, {"q": "test", "joinable_by": cast.cluster.slug}).json()
    assert {item["value"] for item in found} == {other.slug, cast.other_cluster.slug}
    page = manager.get(
        reverse("directory:organisation", args=[cast.other_sme.slug]), {"cluster-q": "cluster"}
    ).content.decode()
    assert f'name="cluster" value="{cast.cluster.slug}"' in page
    assert f'name="cluster" value="{cast.other_cluster.slug}"' not in page
    assert f'data-picker="/api/v1/organisations/picks?joinable_by={cast.other_sme.slug}"' in page


def test_find_without_javascript_keeps_the_message_and_then_asks(cast: Cast) -> None:
    manager = _signed_in(cast.outsider)
    join = reverse("directory:join_cluster", args=[cast.other_sme.slug])
    found = manager.post(
        join, {"cluster-q": "pole", "cluster-find": "1", "message": "We make sensors."}
    )
    assert found.status_code == 200
    assert not ClusterJoinRequest.objects.exists()
    page = found.content.decode()
    assert "We make sensors.</textarea>" in page
    assert f'name="cluster" value="{cast.cluster.slug}"' in page
    assert "Cluster: type a few letters" not in page  # nothing is checked yet
    asked = manager.post(join, {"cluster": cast.cluster.slug, "message": "We make sensors."})
    assert asked.status_code == 302
    made = ClusterJoinRequest.objects.get()
    assert (made.cluster, made.organisation, made.direction, made.message) == (
        cast.cluster,
        cast.other_sme,
        "request",
        "We make sensors.",
    )
    assert _messages(asked) == ["Asked: the cluster's managers will decide."]


@pytest.mark.parametrize("posted", ["waiting", "not a cluster", "itself", "unknown", "nothing"])
def test_a_cluster_not_offered_is_refused_naming_the_field(cast: Cast, posted: str) -> None:
    _waiting(cast)
    value = {
        "waiting": cast.other_cluster.slug,
        "not a cluster": cast.sme.slug,
        "itself": cast.other_sme.slug,
        "unknown": "no-such-cluster",
        "nothing": "",
    }[posted]
    response = _signed_in(cast.outsider).post(
        reverse("directory:join_cluster", args=[cast.other_sme.slug]),
        {"cluster": value, "message": "We make sensors."},
    )
    assert ClusterJoinRequest.objects.count() == 1  # only the one waiting before
    # the page again, as typed, the problem beside the cluster's picker
    assert response.status_code == 400
    assert _messages(response) == []
    form = response.context["cluster_join_form"]
    expected = "Cluster: type a few" if posted == "nothing" else "Cluster: choose one of the"
    [problem] = form.errors["cluster"]
    assert problem.startswith(expected)
    assert "We make sensors.</textarea>" in response.content.decode()


def test_only_the_organisations_managers_pick_a_cluster_for_it(cast: Cast) -> None:
    join = reverse("directory:join_cluster", args=[cast.sme.slug])
    member = _signed_in(cast.sme_member)  # works at Vision Systems SME, not its manager
    assert member.post(join, {"cluster": cast.other_cluster.slug}).status_code == 403
    assert (
        _signed_in(cast.outsider).post(join, {"cluster": cast.other_cluster.slug}).status_code
        == 403
    )
    missing = reverse("directory:join_cluster", args=["no-such-organisation"])
    assert _signed_in(cast.outsider).post(missing, {}).status_code == 404
    assert not ClusterJoinRequest.objects.exists()
    page = member.get(reverse("directory:organisation", args=[cast.sme.slug])).content.decode()
    assert "join-cluster-heading" not in page


def test_the_picks_for_an_organisation_are_only_for_its_managers(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    asked = {"q": "cluster", "joinable_by": cast.other_sme.slug}
    refused = Client().get(PICKS, asked)
    assert refused.status_code == 403
    assert "joinable_by" in refused.json()["detail"]
    assert _signed_in(cast.sme_member).get(PICKS, asked).status_code == 403
    by_token = Client().get(PICKS, asked, HTTP_AUTHORIZATION=token_for(cast.outsider))
    assert by_token.status_code == 200
    assert {item["value"] for item in by_token.json()} == {
        cast.cluster.slug,
        cast.other_cluster.slug,
    }
    unknown = Client().get(PICKS, {"q": "cluster", "joinable_by": "no-such"})
    assert unknown.status_code == 400
    assert "joinable_by" in unknown.json()["errors"]


def test_administrators_are_not_offered_to_ask_for_an_organisation(
    cast: Cast,
    token_for,  # type: ignore[no-untyped-def]
) -> None:
    """Only the organisation's own managers ask for it to join a cluster, on the page and in
    the API; administrators act through their own tools."""
    page = reverse("directory:organisation", args=[cast.other_sme.slug])
    administrator = _signed_in(cast.administrator)
    assert "join-cluster-heading" not in administrator.get(page).content.decode()
    assert "join-cluster-heading" in _signed_in(cast.outsider).get(page).content.decode()
    join = reverse("directory:join_cluster", args=[cast.other_sme.slug])
    assert administrator.post(join, {"cluster": cast.cluster.slug}).status_code == 403
    asked = {"q": "cluster", "joinable_by": cast.other_sme.slug}
    refused = administrator.get(PICKS, asked)
    assert refused.status_code == 403
    assert "joinable_by" in refused.json()["detail"]
    by_token = Client().get(PICKS, asked, HTTP_AUTHORIZATION=token_for(cast.administrator))
    assert by_token.status_code == 403
    api = Client().post(
        f"/api/v1/organisations/{cast.cluster.slug}/join-requests",
        {"organisation": cast.other_sme.slug},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.administrator),
    )
    assert api.status_code == 403
    assert not ClusterJoinRequest.objects.exists()
    # an administrator who manages an organisation asks for it as its manager
    OrganisationMembership.objects.create(
        user=cast.administrator, organisation=cast.other_sme, role="manager"
    )
    assert "join-cluster-heading" in administrator.get(page).content.decode()
    assert administrator.get(PICKS, asked).status_code == 200


def test_a_refused_invitation_shows_the_form_again_as_typed(cast: Cast) -> None:
    """Vision Systems SME is a member of Pole Test Cluster already: the service refuses, the
    page comes back with the message typed and the refusal beside the organisation."""
    invite = reverse("directory:invite_organisation", args=[cast.cluster.slug])
    response = _signed_in(cast.coordinator).post(
        invite, {"organisation": cast.sme.slug, "message": "Welcome aboard, again."}
    )
    assert response.status_code == 400
    assert not ClusterJoinRequest.objects.exists()
    assert response.context["invite_form"].errors["organisation"] == [
        "Vision Systems SME is a member of Pole Test Cluster already."
    ]
    page = response.content.decode()
    assert "Welcome aboard, again.</textarea>" in page
    assert f'name="organisation" value="{cast.sme.slug}"' in page  # still chosen


# ---------------------------------------------------------------- the organisation, chosen


def test_a_clusters_page_offers_only_the_managers_organisations_that_may_join(cast: Cast) -> None:
    second = make_organisation("Second Firm")
    third = make_organisation("Third Firm")
    for organisation in (second, third):
        OrganisationMembership.objects.create(
            user=cast.outsider, organisation=organisation, role="manager"
        )
    ClusterJoinRequest.objects.create(
        cluster=cast.other_cluster,
        organisation=third,
        direction="invitation",
        status="pending",
        created_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )
    client = _signed_in(cast.outsider)
    page = client.get(
        reverse("directory:organisation", args=[cast.other_cluster.slug])
    ).content.decode()
    assert '<select name="organisation"' in page
    assert f'<option value="{second.slug}">Second Firm</option>' in page
    assert f'<option value="{cast.other_sme.slug}">Unrelated SME</option>' in page
    assert third.slug not in page  # an invitation waits: it answers that instead
    ask = reverse("directory:ask_to_join", args=[cast.other_cluster.slug])
    refused = client.post(ask, {"organisation": third.slug, "message": "Hello"})
    assert refused.status_code == 400
    [problem] = refused.context["join_form"].errors["organisation"]
    assert problem.startswith("Organisation: choose one of the organisations")
    assert "Hello</textarea>" in refused.content.decode()
    client.post(ask, {"organisation": second.slug, "message": "Hello"})
    made = ClusterJoinRequest.objects.get(organisation=second)
    assert (made.cluster, made.message) == (cast.other_cluster, "Hello")


@pytest.mark.parametrize("posted", ["not managed", "member", "unknown"])
def test_an_organisation_not_offered_is_refused_naming_the_field(cast: Cast, posted: str) -> None:
    value = {
        "not managed": cast.other_sme.slug,  # the outsider's, not the coordinator's
        "member": cast.sme.slug,  # a member of Pole Test Cluster already
        "unknown": "no-such-organisation",
    }[posted]
    cluster = cast.cluster if posted == "member" else cast.other_cluster
    client = _signed_in(cast.coordinator)  # manages Pole Test Cluster only
    response = client.post(
        reverse("directory:ask_to_join", args=[cluster.slug]),
        {"organisation": value, "message": "We would like to join."},
    )
    assert not ClusterJoinRequest.objects.exists()
    assert response.status_code == 400
    [problem] = response.context["join_form"].errors["organisation"]
    assert problem.startswith("Organisation: choose one of the organisations you manage")
    # shown again although none of the coordinator's organisations may ask: what was typed
    page = response.content.decode()
    assert "We would like to join.</textarea>" in page
    assert 'id="join-heading"' in page


def test_one_organisation_managed_is_chosen_already(cast: Cast) -> None:
    page = (
        _signed_in(cast.outsider)
        .get(reverse("directory:organisation", args=[cast.cluster.slug]))
        .content.decode()
    )
    assert f'<option value="{cast.other_sme.slug}" selected>Unrelated SME</option>' in page
    assert '<option value="" ' not in page


def test_the_api_refuses_an_unknown_organisation_naming_the_field(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        f"/api/v1/organisations/{cast.cluster.slug}/join-requests",
        {"organisation": "no-such-organisation"},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.outsider),
    )
    assert response.status_code == 400
    assert "no-such-organisation" in response.json()["errors"]["organisation"][0]
    member = Client().post(
        f"/api/v1/organisations/{cast.cluster.slug}/join-requests",
        {"organisation": cast.sme.slug},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert member.status_code == 403  # works there, but does not manage it
    assert not ClusterJoinRequest.objects.exists()
