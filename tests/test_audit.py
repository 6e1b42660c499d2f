"""The audit log records who changed roles, memberships, tokens and coordinators, never a
secret; administrators read it in the admin, nobody else does."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client

from crosscluster.accounts.models import ApiToken, OrganisationMembership
from crosscluster.partnerships.models import PartnershipCoordinator
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def entries_for(model: type) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_model(model).order_by("pk"))


def test_tokens_made_and_revoked_on_the_profile_page_are_logged_with_their_actor(
    cast: Cast,
) -> None:
    client = Client()
    client.force_login(cast.sme_member)
    client.post("/me/tokens/", {"name": "reporting script"})
    token = ApiToken.objects.get(user=cast.sme_member)
    client.post(f"/me/tokens/{token.pk}/revoke/")

    created, revoked = entries_for(ApiToken)
    assert (created.action, revoked.action) == (LogEntry.Action.CREATE, LogEntry.Action.UPDATE)
    assert created.actor == revoked.actor == cast.sme_member
    assert created.changes_dict["name"] == ["None", "reporting script"]
    assert "revoked_at" in revoked.changes_dict
    everything = str([(entry.changes, entry.changes_text) for entry in (created, revoked)])
    assert token.key_hash not in everything
    assert "key_hash" not in everything


def test_membership_and_coordinator_changes_are_logged(cast: Cast) -> None:
    membership = OrganisationMembership.objects.get(user=cast.sme_member)
    membership.role = "manager"
    membership.save()
    PartnershipCoordinator.objects.get(user=cast.coordinator).delete()

    assert entries_for(OrganisationMembership)[-1].changes_dict["role"] == ["member", "manager"]
    assert entries_for(PartnershipCoordinator)[-1].action == LogEntry.Action.DELETE


def test_only_administrators_read_the_log(cast: Cast) -> None:
    OrganisationMembership.objects.filter(user=cast.sme_member).update(role="member")
    admin = Client()
    admin.force_login(cast.administrator)
    assert admin.get("/admin/auditlog/logentry/").status_code == 200
    member = Client()
    member.force_login(cast.sme_member)
    response = member.get("/admin/auditlog/logentry/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_groups_second_factors_claims_and_invitations_are_logged_too(cast: Cast) -> None:
    """Issue 11's audit of the audit: every way to gain a role or a membership leaves a trace."""
    import datetime as dt

    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    from crosscluster.directory.models import (
        ClusterJoinRequest,
        JoinDirection,
        OrganisationClaim,
        RequestStatus,
    )
    from crosscluster.partnerships.models import PartnerInvitation
    from tests.cast import TOTP_SECRET, give_second_factor

    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
    editors = Group.objects.create(name="Editors")
    cast.outsider.groups.add(editors)  # the admin's groups carry permissions: a role
    grouped = [e for e in entries_for(type(cast.outsider)) if "groups" in e.changes_dict][-1]
    assert grouped.object_pk == str(cast.outsider.pk)
    assert grouped.changes_dict["groups"]["operation"] == "add"
    assert grouped.changes_dict["groups"]["objects"] == ["Editors"]

    give_second_factor(cast.outsider)
    added = entries_for(Authenticator)
    assert [entry.action for entry in added] == [LogEntry.Action.CREATE] * len(added)
    assert any("totp" in str(entry.changes_dict.get("type")) for entry in added)
    for entry in added:
        assert TOTP_SECRET not in str((entry.changes, entry.changes_text, entry.serialized_data))

    claim = OrganisationClaim.objects.create(
        organisation=cast.other_sme,
        claimant=cast.outsider,
        status=RequestStatus.PENDING,
        created_at=now,
    )
    claim.status = RequestStatus.APPROVED
    claim.decided_by = cast.administrator
    claim.save()
    assert entries_for(OrganisationClaim)[-1].changes_dict["status"] == ["pending", "approved"]
    ClusterJoinRequest.objects.create(
        cluster=cast.cluster,
        organisation=cast.other_sme,
        direction=JoinDirection.REQUEST,
        status=RequestStatus.PENDING,
        asked_by=cast.outsider,
        created_at=now,
    )
    assert entries_for(ClusterJoinRequest)[-1].action == LogEntry.Action.CREATE
    PartnerInvitation.objects.create(
        partnership=cast.partnership, organisation=cast.other_cluster, invited_by=cast.coordinator
    )
    assert entries_for(PartnerInvitation)[-1].action == LogEntry.Action.CREATE
