from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.accounts import services
from crosscluster.accounts.models import ApiToken, Invitation, OrganisationMembership, User
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_up_and_log_in_by_email(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "New.Person@Example.eu", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.eu"
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new.person@example.eu", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_page_has_labelled_fields(client: Client) -> None:
    html = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html


def test_manager_invites_a_colleague_who_joins(
    cast, client: Client, django_capture_on_commit_callbacks
) -> None:
    client.login(email=cast.cluster_manager.email, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invite", args=[cast.other_cluster.pk]),
            {"email": "colleague@example.eu", "role": "member"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/me/invitations/(\S+)/", mail.outbox[0].body)
    assert link is not None
    colleague = User.objects.create_user(email="colleague@example.eu", password=PASSWORD)
    client.logout()
    client.login(email=colleague.email, password=PASSWORD)
    response = client.post(reverse("accounts:accept_invitation", args=[link.group(1)]))
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(user=colleague)
    assert (membership.organisation, membership.role) == (cast.other_cluster, "member")
    # The link works once.
    response = client.post(reverse("accounts:accept_invitation", args=[link.group(1)]))
    assert response.status_code == 400
    assert "already been used" in response.content.decode()


def test_a_refused_invitation_comes_back_as_typed(cast, client: Client) -> None:
    """The service refuses a colleague already there: the profile again, the address and
    choices kept beside the organisation, the problem named."""
    client.force_login(cast.cluster_manager)
    invite = reverse("accounts:invite", args=[cast.other_cluster.pk])
    refused = client.post(
        invite, {"email": cast.cluster_manager.email, "role": "manager", "language": "sv"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'value="{cast.cluster_manager.email}"' in page
    assert '<option value="manager" selected>' in page
    assert '<option value="sv" lang="sv" selected>' in page
    assert "This person is already a member of the organisation." in page
    bad = client.post(invite, {"email": "colleague@example", "role": "member"})
    assert bad.status_code == 400
    assert 'value="colleague@example"' in bad.content.decode()
    assert "Colleague&#x27;s e-mail: give an address such as name@example.eu." in (
        bad.content.decode()
    )
    assert not Invitation.objects.exists()


def test_member_cannot_invite_into_another_organisation(cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    for organisation in (cast.sme, cast.cluster, cast.other_sme):  # member, not manager; others
        response = client.post(
            reverse("accounts:invite", args=[organisation.pk]),
            {"email": "intruder@example.eu", "role": "manager"},
        )
        assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invitation_for_someone_else_or_expired_is_refused(cast) -> None:
    now = timezone.now()
    new = services.invite_colleague(
        inviter=cast.cluster_manager,
        organisation_id=cast.other_cluster.pk,
        email="invited@example.eu",
        role="member",
        now=now,
    )
    with pytest.raises(services.ValidationError, match="log in with that address"):
        services.accept_invitation(user=cast.outsider, token=new.token, now=now)
    invited = User.objects.create_user(email="invited@example.eu", password=PASSWORD)
    with pytest.raises(services.ValidationError, match="expired"):
        services.accept_invitation(user=invited, token=new.token, now=now + dt.timedelta(days=15))
    assert not OrganisationMembership.objects.filter(user=invited).exists()


def test_invitation_to_an_unknown_organisation_is_a_404(cast, client: Client) -> None:
    client.force_login(cast.administrator)
    response = client.post(
        reverse("accounts:invite", args=[999_999]),
        {"email": "someone@example.eu", "role": "member"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_invitation_bad_email_names_the_field(cast) -> None:
    with pytest.raises(services.ValidationError) as error:
        services.invite_colleague(
            inviter=cast.cluster_manager,
            organisation_id=cast.other_cluster.pk,
            email="not-an-address",
            role="member",
            now=timezone.now(),
        )
    assert "email" in error.value.message_dict


def test_api_token_is_shown_once_stored_hashed_and_revocable(cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    html = client.post(
        reverse("accounts:create_token"), {"name": "script", "scope": "read", "days": "30"}
    ).content.decode()
    key = re.search(r">(cc_[\w-]+)</code>", html)
    assert key is not None
    token = ApiToken.objects.get(user=cast.sme_member)
    assert token.key_hash == ApiToken.hash_key(key.group(1))
    assert key.group(1) not in token.key_hash
    me = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {key.group(1)}"})
    assert me.status_code == 200
    assert me.json()["memberships"] == [
        {"organisation_id": cast.sme.pk, "organisation_name": cast.sme.name, "role": "member"}
    ]
    # Someone else cannot revoke it by changing the id.
    other = Client()
    other.login(email=cast.outsider.email, password=PASSWORD)
    assert other.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 403
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    me = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {key.group(1)}"})
    assert me.status_code == 401


def test_profile_time_zone_is_validated(cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert "Mars/Olympus is not one of the available choices" in response.content.decode()
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.timezone == ""
    client.post(reverse("accounts:profile"), {"full_name": "", "timezone": "Europe/Rome"})
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.timezone == "Europe/Rome"


@pytest.mark.parametrize(
    ("prefix", "label"), [("", "(UTC+01:00) Rome"), ("/it", "(UTC+01:00) Roma")]
)
def test_the_profile_time_zone_is_picked_by_name_in_the_readers_language(
    cast, client: Client, prefix: str, label: str
) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    html = client.get(f"{prefix}/me/").content.decode()
    picker = html.split('name="timezone"')[1].split("</select>")[0]
    assert f'<option value="Europe/Rome">{label}' in picker
    assert '<option value="" selected>' in picker  # nothing saved: the browser's zone


def test_a_legacy_zone_saved_through_the_api_survives_a_profile_save(cast, client: Client) -> None:
    cast.sme_member.timezone = "US/Eastern"  # accepted by the API, not listed by the picker
    cast.sme_member.save(update_fields=["timezone"])
    client.login(email=cast.sme_member.email, password=PASSWORD)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="US/Eastern" selected>US/Eastern</option>' in html
    client.post(reverse("accounts:profile"), {"full_name": "New name", "timezone": "US/Eastern"})
    cast.sme_member.refresh_from_db()
    assert (cast.sme_member.full_name, cast.sme_member.timezone) == ("New name", "US/Eastern")
