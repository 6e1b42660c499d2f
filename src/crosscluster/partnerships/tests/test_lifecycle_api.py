"""The partnership life cycle through the API: creation, approval, partner invitations and
answers, coordinators; each role's permission, and ids of another partnership."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.directory.models import OrganisationKind
from crosscluster.partnerships.models import (
    ApprovalStatus,
    PartnerInvitation,
    Partnership,
    PartnershipCoordinator,
    PartnershipMember,
)
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "sme_member", "cluster_manager", "coordinator", "administrator"]


def new_partnership(cast, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    body: dict[str, object] = {
        "coordinator_organisation_id": cast.other_cluster.pk,
        "name": "Baltic Robotics Alliance",
        "acronym": "BRA",
        "kind": "escp-4i",
        "origin": "COSME - ESCP-4i",
        "phase": "Strand 1",
        "coordinator_contact_name": "Ada Example",
        "coordinator_contact_role": "Project manager",
        "target_countries": ["US"],
        "start_date": "2026-01-01",
        "duration_months": 24,
        "summary": "Robots **abroad**.",
        "results_expected": "- a strategy",
        "focus_areas": ["Robotics", "Advanced manufacturing"],
        "funding_acknowledgement": "Funded by COSME.",
        "disclaimer": "Views of the authors only.",
    }
    body.update(changes)
    return body


def post(client: Client, url: str, token: str, body: object = None):  # type: ignore[no-untyped-def]
    return client.post(url, body or {}, content_type="application/json", HTTP_AUTHORIZATION=token)


def test_a_cluster_manager_creates_a_partnership_that_awaits_approval(
    cast, client: Client, token_for
) -> None:
    response = post(
        client, "/api/v1/partnerships/", token_for(cast.cluster_manager), new_partnership(cast)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "bra"
    assert body["approval_status"] == "pending"
    assert body["end_date"] == "2027-12-31"
    assert [c["iso2"] for c in body["target_countries"]] == ["US"]
    assert sorted(body["focus_areas"]) == ["Advanced manufacturing", "Robotics"]
    partnership = Partnership.objects.get(slug="bra")
    assert partnership.coordinator == cast.other_cluster
    assert PartnershipCoordinator.objects.filter(
        partnership=partnership, user=cast.cluster_manager
    ).exists()
    assert PartnershipMember.objects.get(partnership=partnership).organisation == cast.other_cluster
    # Not public until approved: anonymous readers do not see it; its coordinator does.
    assert client.get("/api/v1/partnerships/bra").status_code == 404
    assert client.get("/api/v1/partnerships/", {"q": "Baltic"}).json()["count"] == 0
    approve = "/api/v1/partnerships/bra/approval"
    assert post(client, approve, token_for(cast.cluster_manager)).status_code == 403
    assert post(client, approve, token_for(cast.outsider)).status_code == 404
    approved = post(client, approve, token_for(cast.administrator))
    assert approved.status_code == 200
    assert approved.json()["approval_status"] == "approved"
    assert client.get("/api/v1/partnerships/bra").status_code == 200


def test_without_approval_a_new_partnership_is_public_at_once(
    cast, client: Client, token_for, settings
) -> None:
    settings.PARTNERSHIP_APPROVAL = False
    response = post(
        client, "/api/v1/partnerships/", token_for(cast.cluster_manager), new_partnership(cast)
    )
    assert response.json()["approval_status"] == "approved"
    assert client.get("/api/v1/partnerships/bra").status_code == 200


def test_only_administrators_list_what_awaits_approval(cast, client: Client, token_for) -> None:
    post(client, "/api/v1/partnerships/", token_for(cast.cluster_manager), new_partnership(cast))
    url = "/api/v1/partnerships/approvals"
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION=token_for(cast.coordinator)).status_code == 403
    listed = client.get(url, HTTP_AUTHORIZATION=token_for(cast.administrator)).json()
    assert [p["slug"] for p in listed["items"]] == ["bra"]
    assert listed["count"] == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 403), ("sme_member", 403), ("coordinator", 403), ("administrator", 201)],
)
def test_only_a_manager_of_the_cluster_creates_for_it(
    cast, client: Client, token_for, who, status
) -> None:  # type: ignore[no-untyped-def]
    response = post(
        client, "/api/v1/partnerships/", token_for(getattr(cast, who)), new_partnership(cast)
    )
    assert response.status_code == status, response.content
    assert Partnership.objects.count() == (2 if status == 201 else 1)


def test_anonymous_cannot_create(cast, client: Client) -> None:
    response = client.post(
        "/api/v1/partnerships/", new_partnership(cast), content_type="application/json"
    )
    assert response.status_code == 401


def test_bad_input_names_the_fields_and_creates_nothing(cast, client: Client, token_for) -> None:
    body = new_partnership(
        cast, name=" ", kind="cluster", duration_months=300, target_countries=["XX"]
    )
    response = post(client, "/api/v1/partnerships/", token_for(cast.cluster_manager), body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"name", "kind", "duration_months", "target_countries"}
    assert "XX" in errors["target_countries"][0]
    not_a_cluster = new_partnership(cast, coordinator_organisation_id=cast.other_sme.pk)
    response = post(client, "/api/v1/partnerships/", token_for(cast.outsider), not_a_cluster)
    assert response.json()["errors"]["coordinator_organisation"][0].endswith(
        "coordinated by a cluster."
    )
    assert Partnership.objects.count() == 1
    assert PartnershipMember.objects.count() == 2


@pytest.fixture
def third_cluster(cast):  # type: ignore[no-untyped-def]
    from crosscluster.accounts.models import OrganisationMembership
    from tests.cast import make_user

    cluster = make_organisation("Nordic Test Cluster", OrganisationKind.CLUSTER)
    manager = make_user("nordic@example.eu")
    OrganisationMembership.objects.create(user=manager, organisation=cluster, role="manager")
    return cluster, manager


def test_a_coordinator_invites_a_cluster_and_its_manager_accepts(
    cast, client: Client, token_for, third_cluster
) -> None:
    cluster, manager = third_cluster
    url = f"/api/v1/partnerships/{cast.partnership.slug}/invitations"
    invited = post(
        client,
        url,
        token_for(cast.coordinator),
        {"organisation_id": cluster.pk, "message": "Join us"},
    )
    assert invited.status_code == 201, invited.content
    invitation_id = invited.json()["id"]
    again = post(client, url, token_for(cast.coordinator), {"organisation_id": cluster.pk})
    assert again.json()["errors"]["organisation"] == [
        "Nordic Test Cluster was invited already: await its answer."
    ]
    mine = client.get(
        "/api/v1/partnerships/partner-invitations", HTTP_AUTHORIZATION=token_for(manager)
    ).json()
    assert [(i["id"], i["partnership"]) for i in mine] == [(invitation_id, cast.partnership.slug)]
    answer = f"/api/v1/partnerships/partner-invitations/{invitation_id}/answer"
    # The partnership's coordinator and other clusters' managers may not answer for the cluster.
    assert post(client, answer, token_for(cast.coordinator), {"accept": True}).status_code == 404
    assert (
        post(client, answer, token_for(cast.cluster_manager), {"accept": True}).status_code == 404
    )
    accepted = post(client, answer, token_for(manager), {"accept": True})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert PartnershipMember.objects.filter(
        partnership=cast.partnership, organisation=cluster
    ).exists()
    twice = post(client, answer, token_for(manager), {"accept": False})
    assert twice.status_code == 400
    assert "accept" in twice.json()["errors"]
    body = client.get(f"/api/v1/partnerships/{cast.partnership.slug}").json()
    assert body["number_of_partners"] == 3


def test_a_declined_invitation_keeps_its_reason_and_adds_no_partner(
    cast, client: Client, token_for, third_cluster
) -> None:
    cluster, manager = third_cluster
    url = f"/api/v1/partnerships/{cast.partnership.slug}/invitations"
    invitation_id = post(
        client, url, token_for(cast.coordinator), {"organisation_id": cluster.pk}
    ).json()["id"]
    answer = f"/api/v1/partnerships/partner-invitations/{invitation_id}/answer"
    declined = post(
        client, answer, token_for(manager), {"accept": False, "reason": "No capacity this year"}
    )
    assert declined.json()["status"] == "declined"
    assert PartnerInvitation.objects.get().reason == "No capacity this year"
    assert not PartnershipMember.objects.filter(organisation=cluster).exists()
    listed = client.get(url, HTTP_AUTHORIZATION=token_for(cast.coordinator)).json()
    assert [i["status"] for i in listed] == ["declined"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 403), ("sme_member", 403), ("cluster_manager", 403), ("administrator", 201)],
)
def test_only_coordinators_invite(
    cast, client: Client, token_for, third_cluster, who, status
) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/partnerships/{cast.partnership.slug}/invitations"
    response = post(
        client, url, token_for(getattr(cast, who)), {"organisation_id": third_cluster[0].pk}
    )
    assert response.status_code == status
    assert client.get(url, HTTP_AUTHORIZATION=token_for(getattr(cast, who))).status_code == (
        200 if status == 201 else 403
    )


def test_only_clusters_not_yet_partners_are_invited(cast, client: Client, token_for) -> None:
    url = f"/api/v1/partnerships/{cast.partnership.slug}/invitations"
    token = token_for(cast.coordinator)
    sme = post(client, url, token, {"organisation_id": cast.sme.pk}).json()["errors"][
        "organisation"
    ]
    assert sme == ["Vision Systems SME is not a cluster: partners of a partnership are clusters."]
    partner = post(client, url, token, {"organisation_id": cast.other_cluster.pk}).json()
    assert partner["errors"]["organisation"] == ["Baltic Test Cluster is already a partner."]
    missing = post(client, url, token, {"organisation_id": 999999}).json()
    assert "999999" in missing["errors"]["organisation"][0]
    assert not PartnerInvitation.objects.exists()


def test_coordinators_are_named_and_removed_but_one_remains(
    cast, client: Client, token_for
) -> None:
    url = f"/api/v1/partnerships/{cast.partnership.slug}/coordinators"
    token = token_for(cast.coordinator)
    # The cluster manager works for a partner (Baltic Test Cluster); the outsider does not.
    outsider = post(client, url, token, {"email": cast.outsider.email})
    assert outsider.status_code == 400
    assert "outsider@example.eu" in outsider.json()["errors"]["email"][0]
    named = post(client, url, token, {"email": "MANAGER@example.eu"})
    assert named.status_code == 201
    emails = [c["email"] for c in client.get(url, HTTP_AUTHORIZATION=token).json()]
    assert emails == ["coordinator@example.eu", "manager@example.eu"]
    # Hand-over: the first coordinator leaves; the last one cannot.
    leave = client.delete(f"{url}/{cast.coordinator.pk}", HTTP_AUTHORIZATION=token)
    assert leave.status_code == 204
    last = client.delete(
        f"{url}/{cast.cluster_manager.pk}", HTTP_AUTHORIZATION=token_for(cast.cluster_manager)
    )
    assert last.status_code == 400
    assert "only coordinator" in last.json()["errors"]["user"][0]
    assert list(PartnershipCoordinator.objects.values_list("user__email", flat=True)) == [
        "manager@example.eu"
    ]


@pytest.mark.parametrize("who", ["outsider", "sme_member", "cluster_manager"])
def test_others_cannot_change_coordinators(cast, client: Client, token_for, who: str) -> None:
    url = f"/api/v1/partnerships/{cast.partnership.slug}/coordinators"
    token = token_for(getattr(cast, who))
    assert post(client, url, token, {"email": cast.cluster_manager.email}).status_code == 403
    assert (
        client.delete(f"{url}/{cast.coordinator.pk}", HTTP_AUTHORIZATION=token).status_code == 403
    )
    assert client.get(url, HTTP_AUTHORIZATION=token).status_code == 403
    assert PartnershipCoordinator.objects.count() == 1


def test_a_coordinator_of_another_partnership_cannot_act_on_this_one(
    cast, client: Client, token_for
) -> None:
    other = post(
        client,
        "/api/v1/partnerships/",
        token_for(cast.cluster_manager),
        new_partnership(cast, start_date="2019-01-01"),
    )
    post(client, "/api/v1/partnerships/bra/approval", token_for(cast.administrator))
    assert other.status_code == 201
    token = token_for(cast.cluster_manager)  # coordinates BRA, not TDA
    slug = cast.partnership.slug
    assert (
        post(
            client,
            f"/api/v1/partnerships/{slug}/coordinators",
            token,
            {"email": "manager@example.eu"},
        ).status_code
        == 403
    )
    assert (
        client.delete(
            f"/api/v1/partnerships/{slug}/coordinators/{cast.coordinator.pk}",
            HTTP_AUTHORIZATION=token,
        ).status_code
        == 403
    )
    # A coordinator of TDA removing BRA's coordinator through TDA's address finds no such person.
    response = client.delete(
        f"/api/v1/partnerships/{slug}/coordinators/{cast.cluster_manager.pk}",
        HTTP_AUTHORIZATION=token_for(cast.coordinator),
    )
    assert response.status_code == 400
    assert Partnership.objects.get(slug="bra").approval_status == ApprovalStatus.APPROVED
    assert PartnershipCoordinator.objects.count() == 2


def test_an_administrator_declines_with_a_reason_and_the_coordinator_asks_again(
    cast, client: Client, token_for
) -> None:
    post(client, "/api/v1/partnerships/", token_for(cast.cluster_manager), new_partnership(cast))
    decline = "/api/v1/partnerships/bra/decline"
    reason = {"reason": "Name the partner clusters in the summary."}
    assert post(client, decline, token_for(cast.cluster_manager), reason).status_code == 403
    assert post(client, decline, token_for(cast.outsider), reason).status_code == 404
    assert post(client, decline, token_for(cast.coordinator), reason).status_code == 404
    no_reason = post(client, decline, token_for(cast.administrator), {"reason": "  "})
    assert no_reason.status_code == 400
    assert list(no_reason.json()["errors"]) == ["reason"]
    assert Partnership.objects.get(slug="bra").approval_status == ApprovalStatus.PENDING

    declined = post(client, decline, token_for(cast.administrator), reason)
    assert declined.status_code == 200, declined.content
    assert declined.json()["approval_status"] == "declined"
    # Declined: still private, off the administrators' list, the reason for its coordinator.
    assert client.get("/api/v1/partnerships/bra").status_code == 404
    listed = client.get(
        "/api/v1/partnerships/approvals", HTTP_AUTHORIZATION=token_for(cast.administrator)
    )
    assert listed.json() == {"items": [], "count": 0}
    mine = client.get(
        "/api/v1/partnerships/bra", HTTP_AUTHORIZATION=token_for(cast.cluster_manager)
    )
    assert mine.json()["decline_reason"] == reason["reason"]
    # Declining twice is refused; asking again is for its coordinators only.
    assert post(client, decline, token_for(cast.administrator), reason).status_code == 400
    again = "/api/v1/partnerships/bra/resubmission"
    assert post(client, again, token_for(cast.coordinator)).status_code == 404
    assert post(client, again, token_for(cast.outsider)).status_code == 404
    resubmitted = post(client, again, token_for(cast.cluster_manager))
    assert resubmitted.status_code == 200
    assert resubmitted.json()["approval_status"] == "pending"
    assert post(client, again, token_for(cast.cluster_manager)).status_code == 400
    approved = post(client, "/api/v1/partnerships/bra/approval", token_for(cast.administrator))
    assert approved.json()["approval_status"] == "approved"
    assert approved.json()["decline_reason"] == ""


def test_a_refusal_names_the_status_in_a_whole_sentence_of_the_readers_language(
    cast, client: Client, token_for, third_cluster
) -> None:
    """Declining twice, asking again while awaiting approval and answering an invitation twice
    are refused in one sentence per status (not "%(name)s is %(status)s"), in German here."""

    def german(url: str, token: str, body: object = None):  # type: ignore[no-untyped-def]
        return client.post(
            url,
            body or {},
            content_type="application/json",
            HTTP_AUTHORIZATION=token,
            HTTP_ACCEPT_LANGUAGE="de",
        )

    post(client, "/api/v1/partnerships/", token_for(cast.cluster_manager), new_partnership(cast))
    administrator, manager = token_for(cast.administrator), token_for(cast.cluster_manager)
    again = german("/api/v1/partnerships/bra/resubmission", manager)
    assert again.json()["errors"]["__all__"] == [
        "Baltic Robotics Alliance wartet bereits auf Genehmigung: Nur eine abgelehnte "
        "Partnerschaft wird erneut eingereicht."
    ]
    reason = {"reason": "Name the partner clusters."}
    post(client, "/api/v1/partnerships/bra/decline", administrator, reason)
    twice = german("/api/v1/partnerships/bra/decline", administrator, reason)
    assert twice.json()["errors"]["__all__"] == ["Baltic Robotics Alliance ist bereits abgelehnt."]

    cluster, cluster_manager = third_cluster
    url = f"/api/v1/partnerships/{cast.partnership.slug}/invitations"
    invitation = post(client, url, token_for(cast.coordinator), {"organisation_id": cluster.pk})
    answer = f"/api/v1/partnerships/partner-invitations/{invitation.json()['id']}/answer"
    post(client, answer, token_for(cluster_manager), {"accept": True})
    answered = german(answer, token_for(cluster_manager), {"accept": False})
    [message] = answered.json()["errors"]["accept"]
    assert message.startswith("Diese Einladung wurde bereits am "), message
    assert message.endswith(" angenommen."), message
    assert "accepted" not in message
