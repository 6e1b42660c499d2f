"""People and roles: invitations on /me/, hand-over, removal, leaving; a manager always remains."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from crosscluster.accounts import services
from crosscluster.accounts.models import Invitation, OrganisationMembership
from tests.cast import Cast, make_user


def roles(organisation) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(
        OrganisationMembership.objects.filter(organisation=organisation).values_list(
            "user__email", "role"
        )
    )


def test_the_last_manager_cannot_step_down_leave_or_be_removed(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        services.change_role(
            manager=cast.outsider,
            organisation_id=cast.other_sme.pk,
            user_id=cast.outsider.pk,
            role="member",
        )
    assert "role" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.leave_organisation(user=cast.outsider, organisation_id=cast.other_sme.pk)
    with pytest.raises(ValidationError):
        services.remove_person(
            manager=cast.administrator, organisation_id=cast.other_sme.pk, user_id=cast.outsider.pk
        )
    assert roles(cast.other_sme) == {cast.outsider.email: "manager"}


def test_hand_over_then_leave(cast: Cast) -> None:
    colleague = make_user("colleague@example.eu")
    services.grant_membership(user=colleague, organisation_id=cast.other_sme.pk, role="member")
    services.change_role(
        manager=cast.outsider,
        organisation_id=cast.other_sme.pk,
        user_id=colleague.pk,
        role="manager",
    )
    services.leave_organisation(user=cast.outsider, organisation_id=cast.other_sme.pk)
    assert roles(cast.other_sme) == {colleague.email: "manager"}


def test_members_leave_and_only_managers_change_roles(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.change_role(
            manager=cast.sme_member,
            organisation_id=cast.sme.pk,
            user_id=cast.sme_member.pk,
            role="manager",
        )
    with pytest.raises(PermissionDenied):  # manager of another organisation
        services.remove_person(
            manager=cast.outsider, organisation_id=cast.sme.pk, user_id=cast.sme_member.pk
        )
    services.leave_organisation(user=cast.sme_member, organisation_id=cast.sme.pk)
    assert roles(cast.sme) == {}


def test_invitations_wait_on_me_and_are_accepted_there(cast: Cast, client: Client) -> None:
    invitee = make_user("new@example.eu")
    new = services.invite_colleague(
        inviter=cast.outsider,
        organisation_id=cast.other_sme.pk,
        email="NEW@example.eu",
        role="member",
        now=timezone.now(),
    )
    client.force_login(cast.sme_member)  # not theirs: hidden
    assert b"Unrelated SME" not in client.get("/me/").content
    url = f"/me/invitations/{new.invitation.pk}/answer/"
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(invitee)
    assert b"Invitations waiting for you" in client.get("/me/").content
    assert client.post(url, {"answer": "accept"}).status_code == 302
    assert roles(cast.other_sme)[invitee.email] == "member"
    assert b"Invitations waiting for you" not in client.get("/me/").content


def test_a_declined_or_expired_invitation_is_not_shown(cast: Cast) -> None:
    invitee = make_user("new@example.eu")
    now = timezone.now()
    new = services.invite_colleague(
        inviter=cast.outsider,
        organisation_id=cast.other_sme.pk,
        email=invitee.email,
        role="member",
        now=now,
    )
    services.decline_invitation(user=invitee, invitation_id=new.invitation.pk, now=now)
    assert Invitation.objects.get(pk=new.invitation.pk).declined_at is not None
    with pytest.raises(ValidationError):
        services.accept_invitation(user=invitee, token=new.token, now=now)
    from crosscluster.accounts.queries import list_open_invitations

    old = services.invite_colleague(
        inviter=cast.outsider,
        organisation_id=cast.other_sme.pk,
        email=invitee.email,
        role="member",
        now=now - dt.timedelta(days=30),
    )
    assert old.invitation not in list_open_invitations(user=invitee, now=now)


@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 403), ("sme_member", 403), ("coordinator", 403), ("administrator", 200)],
)
def test_people_page_by_role(cast: Cast, client: Client, who: str, status: int) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(f"/me/organisations/{cast.sme.pk}/people/").status_code == status
    assert client.get("/me/organisations/999999/people/").status_code == 404


def test_people_page_offers_no_role_change_to_the_only_manager(cast: Cast, client: Client) -> None:
    colleague = make_user("colleague@example.eu")
    OrganisationMembership.objects.create(
        user=colleague, organisation=cast.other_sme, role="member"
    )
    client.force_login(cast.outsider)  # the only manager of other_sme
    html = client.get(f"/me/organisations/{cast.other_sme.pk}/people/").content.decode()
    base = f"/me/organisations/{cast.other_sme.pk}/people/"
    assert f'action="{base}{colleague.pk}/"' in html  # the member's role can change
    assert f'action="{base}{cast.outsider.pk}/"' not in html  # the service would refuse it
    assert "The only manager: make someone else manager first." in html
    assert 'class="stack"' in html
    assert 'data-label="Change"' in html


def test_your_account_offers_leaving_only_to_who_may_leave(cast: Cast, client: Client) -> None:
    client.force_login(cast.outsider)  # the only manager of other_sme
    html = client.get("/me/").content.decode()
    assert f'action="/me/organisations/{cast.other_sme.pk}/leave/"' not in html
    assert "The only manager: make someone else manager first." in html
    client.force_login(cast.sme_member)  # a member may leave
    html = client.get("/me/").content.decode()
    assert f'action="/me/organisations/{cast.sme.pk}/leave/"' in html
