"""Self-service: registering, claiming, joining a cluster; decisions, e-mails and permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.directory import queries, services
from crosscluster.directory.models import (
    ClusterJoinRequest,
    ClusterMembership,
    Organisation,
    OrganisationClaim,
)
from crosscluster.directory.tests.factories import make_vocabulary
from tests.cast import PASSWORD, Cast, make_organisation, make_user

NOW = dt.datetime(2025, 5, 5, 9, 0, tzinfo=dt.UTC)


def verified_user(email: str):  # type: ignore[no-untyped-def]
    user = make_user(email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


# ------------------------------------------------------------------ duplicates and tags
def test_names_are_compared_without_case_accents_or_legal_form() -> None:
    assert queries.normalised_name("ACME Robotique GmbH") == queries.normalised_name(
        "Acme robotique"
    )
    assert queries.web_domain("https://www.Acme.eu/about") == "acme.eu"
    assert queries.email_matches_domain("ipa.acme.eu", "acme.eu")
    assert not queries.email_matches_domain("notacme.eu", "acme.eu")
    assert not queries.email_matches_domain("gmail.com", "gmail.com")


def test_duplicates_by_name_and_country_or_by_domain(cast: Cast) -> None:
    make_organisation("Acme Robotique SAS", website="https://www.acme-robot.fr/")
    same_name = queries.find_possible_duplicates(name="ACME robotique", country="FR")
    assert [d.organisation.name for d in same_name] == ["Acme Robotique SAS"]
    assert queries.find_possible_duplicates(name="ACME robotique", country="DE") == []
    by_domain = queries.find_possible_duplicates(
        name="Other name", country="DE", website="http://acme-robot.fr/contact"
    )
    assert [d.reason for d in by_domain] == ["same website domain"]


def test_register_refuses_a_duplicate_until_confirmed_and_makes_a_manager(cast: Cast) -> None:
    user = make_user("founder@newco.eu")
    make_organisation("Newco Vision", website="https://newco.eu")
    with pytest.raises(services.PossibleDuplicateError) as caught:
        services.register_organisation(user=user, name="NEWCO vision", kind="sme", country="FR")
    assert "Newco Vision" in caught.value.message_dict["name"][0]
    assert Organisation.objects.filter(name="NEWCO vision").count() == 0
    created = services.register_organisation(
        user=user, name="NEWCO vision", kind="sme", country="FR", not_duplicate=True
    )
    assert OrganisationMembership.objects.get(user=user, organisation=created).role == "manager"


def test_bad_registration_names_the_field_and_writes_nothing(cast: Cast) -> None:
    user = make_user("founder@newco.eu")
    with pytest.raises(ValidationError) as caught:
        services.register_organisation(user=user, name="Newco", kind="sme", country="XX")
    assert "country" in caught.value.message_dict
    assert not Organisation.objects.filter(name="Newco").exists()
    assert not OrganisationMembership.objects.filter(user=user).exists()


def test_tags_are_suggested_with_the_words_that_fired(db: None) -> None:
    make_vocabulary()
    suggestions = queries.suggest_tags(text="We build collaborative robots for car plants.")
    labels = {item.tag.label: item.evidence for item in suggestions}
    assert "Robotics" in labels
    assert any("robot" in word.lower() for word in labels["Robotics"])


# ------------------------------------------------------------------------------ claims
def test_a_verified_address_at_the_web_domain_confirms_a_claim_at_once(cast: Cast) -> None:
    target = make_organisation("Domain Firm", website="https://www.domainfirm.eu/")
    user = verified_user("anna@lab.domainfirm.eu")
    claim = services.claim_organisation(user=user, organisation=target, now=NOW)
    assert (claim.status, claim.proof) == ("approved", "email_domain")
    assert OrganisationMembership.objects.get(user=user, organisation=target).role == "manager"


def test_an_unverified_address_waits_for_a_decision(cast: Cast) -> None:
    target = make_organisation("Domain Firm", website="https://domainfirm.eu/")
    user = make_user("anna@domainfirm.eu")  # not verified
    claim = services.claim_organisation(user=user, organisation=target, now=NOW)
    assert claim.status == "pending"
    assert not OrganisationMembership.objects.filter(user=user).exists()


def test_a_cluster_manager_approves_a_claim_of_a_member(  # type: ignore[no-untyped-def]
    cast: Cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    user = make_user("someone@elsewhere.eu")
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_organisation(
            user=user, organisation=cast.sme, message="CTO", now=NOW
        )
    assert mailoutbox[-1].to == [cast.coordinator.email]  # manager of the sme's cluster
    assert claim in queries.list_claims_to_decide(user=cast.coordinator)
    assert not queries.list_claims_to_decide(user=cast.cluster_manager).exists()
    with pytest.raises(PermissionDenied):
        services.decide_claim(user=cast.cluster_manager, claim=claim, decision="approve", now=NOW)
    with pytest.raises(PermissionDenied):
        services.decide_claim(user=cast.sme_member, claim=claim, decision="approve", now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_claim(
            user=cast.coordinator, claim=claim, decision="approve", now=NOW
        )
    assert decided.proof == "review"
    # The sme had no manager: the claimant becomes it.
    assert OrganisationMembership.objects.get(user=user, organisation=cast.sme).role == "manager"
    assert mailoutbox[-1].to == [user.email]
    with pytest.raises(ValidationError):
        services.decide_claim(
            user=cast.administrator, claim=claim, decision="decline", reason="x", now=NOW
        )


def test_declining_needs_a_reason_and_leaves_the_claim_pending(cast: Cast) -> None:
    claim = services.claim_organisation(
        user=make_user("someone@elsewhere.eu"), organisation=cast.other_sme, now=NOW
    )
    with pytest.raises(ValidationError) as caught:
        services.decide_claim(user=cast.administrator, claim=claim, decision="decline", now=NOW)
    assert "reason" in caught.value.message_dict
    assert OrganisationClaim.objects.get(pk=claim.pk).status == "pending"
    services.decide_claim(
        user=cast.outsider, claim=claim, decision="decline", reason="Not known here", now=NOW
    )  # the outsider manages other_sme itself
    assert OrganisationClaim.objects.get(pk=claim.pk).status == "declined"


def test_a_claim_twice_or_by_a_member_is_refused(cast: Cast) -> None:
    user = make_user("someone@elsewhere.eu")
    services.claim_organisation(user=user, organisation=cast.other_sme, now=NOW)
    with pytest.raises(ValidationError):
        services.claim_organisation(user=user, organisation=cast.other_sme, now=NOW)
    with pytest.raises(ValidationError):
        services.claim_organisation(user=cast.sme_member, organisation=cast.sme, now=NOW)


# ------------------------------------------------------------------- joining a cluster
def test_asking_to_join_and_the_cluster_managers_decide(  # type: ignore[no-untyped-def]
    cast: Cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with pytest.raises(PermissionDenied):  # a member, not a manager, of the sme
        services.ask_to_join_cluster(
            user=cast.sme_member, cluster=cast.other_cluster, organisation=cast.sme, now=NOW
        )
    with django_capture_on_commit_callbacks(execute=True):
        asked = services.ask_to_join_cluster(
            user=cast.outsider, cluster=cast.cluster, organisation=cast.other_sme, now=NOW
        )
    assert mailoutbox[-1].to == [cast.coordinator.email]
    with pytest.raises(ValidationError):  # waiting already
        services.ask_to_join_cluster(
            user=cast.outsider, cluster=cast.cluster, organisation=cast.other_sme, now=NOW
        )
    with pytest.raises(PermissionDenied):  # the asking side does not decide
        services.decide_join_request(
            user=cast.outsider, join_request=asked, decision="approve", now=NOW
        )
    with pytest.raises(PermissionDenied):  # another cluster's manager
        services.decide_join_request(
            user=cast.cluster_manager, join_request=asked, decision="approve", now=NOW
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(
            user=cast.coordinator, join_request=asked, decision="approve", now=NOW
        )
    assert ClusterMembership.objects.filter(cluster=cast.cluster, member=cast.other_sme).exists()
    assert mailoutbox[-1].to == [cast.outsider.email]


def test_a_cluster_invites_and_the_organisation_declines_with_a_reason(cast: Cast) -> None:
    invited = services.invite_organisation_to_cluster(
        user=cast.cluster_manager, cluster=cast.other_cluster, organisation=cast.other_sme, now=NOW
    )
    with pytest.raises(PermissionDenied):
        services.decide_join_request(
            user=cast.cluster_manager, join_request=invited, decision="approve", now=NOW
        )
    services.decide_join_request(
        user=cast.outsider, join_request=invited, decision="decline", reason="Not now", now=NOW
    )
    assert not ClusterMembership.objects.filter(member=cast.other_sme).exists()
    assert ClusterJoinRequest.objects.get(pk=invited.pk).reason == "Not now"


def test_only_clusters_take_members_and_members_are_not_asked_twice(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        services.ask_to_join_cluster(
            user=cast.outsider, cluster=cast.sme, organisation=cast.other_sme, now=NOW
        )
    assert "cluster" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.invite_organisation_to_cluster(
            user=cast.coordinator, cluster=cast.cluster, organisation=cast.sme, now=NOW
        )
    assert "organisation" in caught.value.message_dict
    assert not ClusterJoinRequest.objects.exists()


# -------------------------------------------------------------------------------- pages
def test_register_page_shows_is_this_you_then_creates(cast: Cast, client: Client) -> None:
    make_vocabulary()
    make_organisation("Newco Vision", website="https://newco.eu")
    client.force_login(make_user("founder@newco.eu"))
    data = {"name": "Newco Vision SAS", "kind": "sme", "country": "FR", "website": ""}
    response = client.post("/directory/register/", data)
    assert response.status_code == 200
    assert b"Is this you?" in response.content
    assert b"/directory/organisations/newco-vision/claim/" in response.content
    response = client.post("/directory/register/", {**data, "not_duplicate": "on"})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Newco Vision SAS").exists()


def test_the_register_page_picks_the_country_by_its_name(cast: Cast, client: Client) -> None:
    """A picker of the names in the reader's language, none chosen yet: not a code box."""
    make_vocabulary()
    client.force_login(make_user("founder@newco.eu"))
    page = client.get("/fr/directory/register/").content.decode()
    picker = page.split('name="country"')[1].split("</select>")[0]
    assert '<option value="" selected>—</option>' in picker
    assert '<option value="DE">Allemagne</option>' in picker
    assert "ISO" not in page
    response = client.post("/directory/register/", {"name": "Newco", "kind": "sme"})
    assert "Choose the organisation&#x27;s country from the list." in response.content.decode()
    assert not Organisation.objects.filter(name="Newco").exists()


def test_register_page_suggests_tags_without_saving(cast: Cast, client: Client) -> None:
    tags = make_vocabulary()
    client.force_login(make_user("founder@newco.eu"))
    response = client.post(
        "/directory/register/",
        {
            "name": "Robo",
            "kind": "sme",
            "country": "FR",
            "suggest": "1",
            "description": "We integrate collaborative robots in factories.",
        },
    )
    assert response.status_code == 200
    assert b"because of" in response.content
    assert f'name="tag_{tags["robotics"].pk}"'.encode() in response.content
    assert not Organisation.objects.filter(name="Robo").exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("sme_member", 404),
        ("cluster_manager", 404),
        ("coordinator", 302),
        ("administrator", 302),
    ],
)
def test_deciding_a_claim_by_role(cast: Cast, client: Client, who: str, status: int) -> None:
    claim = services.claim_organisation(
        user=make_user("someone@elsewhere.eu"), organisation=cast.sme, now=NOW
    )
    if who != "anonymous":
        client.force_login(getattr(cast, who))
    response = client.post(f"/directory/claims/{claim.pk}/decide/", {"decision": "approve"})
    assert response.status_code == status
    approved = OrganisationClaim.objects.get(pk=claim.pk).status == "approved"
    assert approved == (who in {"coordinator", "administrator"})


def test_requests_page_lists_what_waits(cast: Cast, client: Client) -> None:
    services.ask_to_join_cluster(
        user=cast.outsider, cluster=cast.cluster, organisation=cast.other_sme, now=NOW
    )
    client.force_login(cast.coordinator)
    page = client.get("/directory/requests/").content.decode()
    assert "Unrelated SME" in page
    # Approve is the action that stands out; Decline is the plain one beside it.
    assert '<button class="primary small" type="submit" name="decision" value="approve">' in page
    assert '<button class="small" type="submit" name="decision" value="decline">' in page
    client.force_login(cast.cluster_manager)
    assert b"Unrelated SME" not in client.get("/directory/requests/").content


def test_a_refused_decision_comes_back_with_its_reason(cast: Cast, client: Client) -> None:
    asked = services.ask_to_join_cluster(
        user=cast.outsider, cluster=cast.cluster, organisation=cast.other_sme, now=NOW
    )
    claim = services.claim_organisation(
        user=make_user("someone@elsewhere.eu"), organisation=cast.sme, now=NOW
    )
    client.force_login(cast.coordinator)
    decide = f"/directory/join-requests/{asked.pk}/decide/"
    long_reason = "Only Baltic companies so far. " * 70  # over 2,000 characters
    refused = client.post(decide, {"decision": "decline", "reason": long_reason})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'value="{long_reason}"' in page
    assert f'aria-describedby="reason-join-{asked.pk}-errors"' in page
    undecided = client.post(
        f"/directory/claims/{claim.pk}/decide/", {"reason": "Is this really you?"}
    )
    assert undecided.status_code == 400
    page = undecided.content.decode()
    assert 'value="Is this really you?"' in page
    assert "Decision: choose approve or decline." in page
    # decided meanwhile (another manager): the refusal above the lists, not lost
    services.decide_join_request(
        user=cast.coordinator, join_request=asked, decision="approve", now=NOW
    )
    late = client.post(decide, {"decision": "decline", "reason": "Not now."})
    assert late.status_code == 400
    assert "This request was decided already." in late.content.decode()
    assert ClusterJoinRequest.objects.get(pk=asked.pk).status == "approved"
    assert OrganisationClaim.objects.get(pk=claim.pk).status == "pending"


def test_managers_remove_a_member_in_the_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.cluster_manager)  # manages another cluster
    url = f"/directory/organisations/{cast.cluster.slug}/members/{cast.sme.slug}/remove/"
    assert client.post(url).status_code == 403
    client.force_login(cast.coordinator)
    assert client.post(url).status_code == 302
    assert not ClusterMembership.objects.filter(cluster=cast.cluster, member=cast.sme).exists()


def test_login_with_password_works_for_claim_page(cast: Cast, client: Client) -> None:
    assert client.login(email=cast.outsider.email, password=PASSWORD)
    response = client.get(f"/directory/organisations/{cast.sme.slug}/claim/")
    assert response.status_code == 200
