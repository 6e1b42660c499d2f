"""The self-service API: register, claim, join, decide, invite, people, leave; by role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.directory.models import ClusterMembership, Organisation, OrganisationClaim
from tests.cast import Cast, make_user

API = "/api/v1"


def call(client: Client, method: str, path: str, token: str | None, body: object = None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    return getattr(client, method)(
        API + path, data=body, content_type="application/json", **headers
    )


def test_register_with_duplicates_then_confirm(cast: Cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    token = token_for(make_user("founder@newco.eu"))
    body = {"name": "Vision Systems SME", "kind": "sme", "country": "FR"}
    assert call(client, "post", "/organisations/", None, body).status_code == 401
    response = call(client, "post", "/organisations/", token, body)
    assert response.status_code == 400
    assert "Vision Systems SME" in response.json()["errors"]["name"][0]
    similar = client.get(
        API + "/organisations/similar", {"name": "VISION systems SME", "country": "FR"}
    )
    assert [row["organisation"]["slug"] for row in similar.json()] == [cast.sme.slug]
    bad = call(client, "post", "/organisations/", token, {**body, "kind": "shop"})
    assert bad.status_code == 400
    assert "kind" in bad.json()["errors"]
    response = call(client, "post", "/organisations/", token, {**body, "not_duplicate": True})
    assert response.status_code == 201
    assert Organisation.objects.filter(name="Vision Systems SME").count() == 2


def test_claim_and_decide_by_role(cast: Cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    claimant = make_user("someone@elsewhere.eu")
    response = call(
        client, "post", f"/organisations/{cast.sme.slug}/claims", token_for(claimant), {}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    claim_id = response.json()["id"]
    decision = {"decision": "approve"}
    path = f"/organisations/claims/{claim_id}/decision"
    for who in ("outsider", "sme_member", "cluster_manager"):
        assert (
            call(client, "post", path, token_for(getattr(cast, who)), decision).status_code == 404
        )
    assert call(client, "post", path, token_for(claimant), decision).status_code == 404
    listed = call(client, "get", "/organisations/claims", token_for(cast.coordinator)).json()
    assert [c["id"] for c in listed["to_decide"]["items"]] == [claim_id]
    assert listed["to_decide"]["count"] == 1
    declined = call(client, "post", path, token_for(cast.coordinator), {"decision": "decline"})
    assert declined.status_code == 400
    assert "reason" in declined.json()["errors"]
    assert call(client, "post", path, token_for(cast.administrator), decision).status_code == 200
    assert OrganisationClaim.objects.get(pk=claim_id).status == "approved"
    assert (
        call(
            client,
            "post",
            "/organisations/claims/99999/decision",
            token_for(cast.administrator),
            decision,
        ).status_code
        == 404
    )


def test_join_request_invitation_and_removal_by_role(cast: Cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    body = {"organisation": cast.other_sme.slug, "message": "We make sensors."}
    path = f"/organisations/{cast.cluster.slug}/join-requests"
    assert call(client, "post", path, token_for(cast.sme_member), body).status_code == 403
    asked = call(client, "post", path, token_for(cast.outsider), body)
    assert asked.status_code == 201
    decide = f"/organisations/join-requests/{asked.json()['id']}/decision"
    assert (
        call(
            client, "post", decide, token_for(cast.cluster_manager), {"decision": "approve"}
        ).status_code
        == 404
    )
    assert (
        call(client, "post", decide, token_for(cast.outsider), {"decision": "approve"}).status_code
        == 403
    )
    assert (
        call(
            client, "post", decide, token_for(cast.coordinator), {"decision": "approve"}
        ).status_code
        == 200
    )
    assert ClusterMembership.objects.filter(cluster=cast.cluster, member=cast.other_sme).exists()

    invite = f"/organisations/{cast.other_cluster.slug}/organisation-invitations"
    body = {"organisation": cast.sme.slug}
    assert call(client, "post", invite, token_for(cast.coordinator), body).status_code == 403
    invited = call(client, "post", invite, token_for(cast.cluster_manager), body)
    assert invited.status_code == 201
    assert invited.json()["direction"] == "invitation"
    pending = call(
        client, "get", "/organisations/join-requests", token_for(cast.administrator)
    ).json()
    assert [j["id"] for j in pending["to_decide"]["items"]] == [invited.json()["id"]]

    remove = f"/organisations/{cast.cluster.slug}/members/{cast.other_sme.slug}"
    assert call(client, "delete", remove, token_for(cast.outsider)).status_code == 403
    assert call(client, "delete", remove, token_for(cast.coordinator)).status_code == 204
    assert call(client, "delete", remove, token_for(cast.coordinator)).status_code == 404


def test_people_invitations_roles_and_leaving(cast: Cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    invitee = make_user("new@example.eu")
    path = f"/accounts/organisations/{cast.other_sme.pk}/invitations"
    body = {"email": invitee.email, "role": "member"}
    assert call(client, "post", path, token_for(cast.sme_member), body).status_code == 403
    assert (
        call(
            client, "post", path, token_for(cast.outsider), {"email": "x", "role": "member"}
        ).status_code
        == 400
    )
    invitation = call(client, "post", path, token_for(cast.outsider), body).json()
    mine = call(client, "get", "/accounts/me/invitations", token_for(invitee)).json()
    assert [i["id"] for i in mine] == [invitation["id"]]
    accept = f"/accounts/me/invitations/{invitation['id']}/accept"
    assert call(client, "post", accept, token_for(cast.sme_member)).status_code == 404
    assert call(client, "post", accept, token_for(invitee)).status_code == 200

    people = f"/accounts/organisations/{cast.other_sme.pk}/people"
    assert call(client, "get", people, token_for(invitee)).status_code == 403
    assert len(call(client, "get", people, token_for(cast.outsider)).json()) == 2
    step_down = f"{people}/{cast.outsider.pk}"
    refused = call(client, "patch", step_down, token_for(cast.outsider), {"role": "member"})
    assert refused.status_code == 400
    assert "role" in refused.json()["errors"]
    hand_over = f"{people}/{invitee.pk}"
    assert (
        call(client, "patch", hand_over, token_for(cast.outsider), {"role": "manager"}).status_code
        == 200
    )
    leave = f"/accounts/me/memberships/{cast.other_sme.pk}"
    assert call(client, "delete", leave, token_for(cast.outsider)).status_code == 204
    assert call(client, "delete", leave, token_for(cast.outsider)).status_code == 404
    assert dict(
        OrganisationMembership.objects.filter(organisation=cast.other_sme).values_list(
            "user__email", "role"
        )
    ) == {invitee.email: "manager"}
    assert (
        call(client, "delete", f"{people}/{invitee.pk}", token_for(cast.administrator)).status_code
        == 400
    )


@pytest.mark.parametrize(
    "path", ["/organisations/claims", "/organisations/join-requests", "/accounts/me/invitations"]
)
def test_anonymous_is_refused(client: Client, path: str, db: None) -> None:
    assert client.get(API + path).status_code == 401


def test_a_claimant_withdraws_their_own_pending_claim_only(
    cast: Cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    claimant = make_user("someone@elsewhere.eu")
    made = call(client, "post", f"/organisations/{cast.sme.slug}/claims", token_for(claimant), {})
    withdraw = f"/organisations/claims/{made.json()['id']}/withdrawal"
    assert call(client, "post", withdraw, None).status_code == 401
    # Nobody else reaches it by its id, not even those who decide it.
    for who in ("outsider", "sme_member", "coordinator", "administrator"):
        assert call(client, "post", withdraw, token_for(getattr(cast, who))).status_code == 404
    withdrawn = call(client, "post", withdraw, token_for(claimant))
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    listed = call(client, "get", "/organisations/claims", token_for(cast.coordinator)).json()
    assert listed["to_decide"] == {"items": [], "count": 0}
    again = call(client, "post", withdraw, token_for(claimant))
    assert again.status_code == 400
    assert again.json()["errors"]["status"] == ["This claim is withdrawn already."]
    decide = f"/organisations/claims/{made.json()['id']}/decision"
    late = call(client, "post", decide, token_for(cast.coordinator), {"decision": "approve"})
    assert late.status_code == 400
    assert OrganisationClaim.objects.get().status == "withdrawn"
    assert not OrganisationMembership.objects.filter(user=claimant).exists()
    # A new claim may follow a withdrawn one.
    assert (
        call(
            client, "post", f"/organisations/{cast.sme.slug}/claims", token_for(claimant), {}
        ).status_code
        == 201
    )


def test_the_side_that_sent_a_join_request_withdraws_it(
    cast: Cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    body = {"organisation": cast.other_sme.slug}
    asked = call(
        client,
        "post",
        f"/organisations/{cast.cluster.slug}/join-requests",
        token_for(cast.outsider),
        body,
    )
    withdraw = f"/organisations/join-requests/{asked.json()['id']}/withdrawal"
    assert call(client, "post", withdraw, token_for(cast.sme_member)).status_code == 404
    # The cluster decides; it does not withdraw what the organisation asked.
    assert call(client, "post", withdraw, token_for(cast.coordinator)).status_code == 403
    withdrawn = call(client, "post", withdraw, token_for(cast.outsider))
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert (
        call(client, "get", "/organisations/join-requests", token_for(cast.outsider)).json()["sent"]
        == []
    )
    assert call(client, "post", withdraw, token_for(cast.outsider)).status_code == 400
    assert not ClusterMembership.objects.filter(
        cluster=cast.cluster, member=cast.other_sme
    ).exists()


def test_withdrawing_on_the_requests_page(cast: Cast, client: Client) -> None:
    claimant = make_user("someone@elsewhere.eu")
    claim = OrganisationClaim.objects.create(
        organisation=cast.sme, claimant=claimant, status="pending", created_at=timezone.now()
    )
    client.force_login(cast.outsider)
    assert client.post(f"/directory/claims/{claim.pk}/withdraw/").status_code == 404
    client.force_login(claimant)
    page = client.get("/directory/requests/")
    assert f'action="/directory/claims/{claim.pk}/withdraw/"'.encode() in page.content
    assert client.post(f"/directory/claims/{claim.pk}/withdraw/").status_code == 302
    claim.refresh_from_db()
    assert claim.status == "withdrawn"
    assert b"/withdraw/" not in client.get("/directory/requests/").content
