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
