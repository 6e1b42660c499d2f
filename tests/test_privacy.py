"""A person downloads all their data and deletes their account: contributions stay for the
partnership, anonymised, and the database holds nothing that names them (read back)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.accounts import services
from crosscluster.accounts.models import ApiToken, OrganisationMembership, User
from crosscluster.brokerage.models import Participant
from crosscluster.brokerage.tests.factories import join, make_session
from crosscluster.exports.models import Export
from crosscluster.marketplace.models import ExpressionOfInterest, Follow, Opportunity
from crosscluster.marketplace.tests.helpers import make_opportunity
from crosscluster.strategy.models import Comment, Strategy
from tests.cast import PASSWORD, Cast

pytestmark = pytest.mark.django_db

NAME = "Ada Quintessa Lovelace"


def _contributions(cast: Cast) -> dict[str, Any]:
    """The SME member, named, takes part in every app that keeps personal data."""
    person = cast.sme_member
    person.full_name = NAME
    person.save()
    need = make_opportunity(user=person, owner=cast.sme, title="Vision for bottles")
    other_need = make_opportunity(user=cast.outsider, owner=cast.other_sme)
    interest = ExpressionOfInterest.objects.create(
        opportunity=other_need,
        organisation=cast.sme,
        author=person,
        offer="We can help with vision.",
        timeframe="soon",
        budget_range="unknown",
    )
    Follow.objects.create(user=person, partnership=cast.partnership)
    strategy = Strategy.objects.create(partnership=cast.partnership)
    comment = Comment.objects.create(
        strategy=strategy,
        section="general",
        kind="comment",
        body="Add Canada.",
        author=person,
        author_name=NAME,
        created_at=timezone.now(),
    )
    session = make_session(cast)
    participant = join(
        session, person, cast.sme, name=NAME, profile="I offer vision", listed_publicly=True
    )
    services.create_api_token(user=person, name="script")
    Export.objects.create(
        kind="x", subject="y", file_format="pdf", requested_by=person, requested_at=timezone.now()
    )
    return {"need": need, "interest": interest, "comment": comment, "participant": participant}


def _rows_naming(*needles: str) -> list[str]:
    """Every row of every table whose text (any column) contains one of the needles."""
    found = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            text = json.dumps(row, default=str).lower()
            if any(needle.lower() in text for needle in needles):
                found.append(f"{model._meta.label} {row.get('id', row)}")
    return found


def test_the_download_holds_every_app_s_part(cast: Cast, client: Client) -> None:
    _contributions(cast)
    client.login(email=cast.sme_member.email, password=PASSWORD)
    response = client.get(reverse("accounts:personal_data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["accounts"]["profile"]["email"] == cast.sme_member.email
    assert data["accounts"]["memberships"][0]["organisation__name"] == cast.sme.name
    assert data["marketplace"]["opportunities_created"][0]["title"] == "Vision for bottles"
    assert (
        data["marketplace"]["expressions_of_interest_written"][0]["offer"]
        == "We can help with vision."
    )
    assert data["strategy"]["comments_and_proposals"][0]["body"] == "Add Canada."
    participation = data["brokerage"]["participations"][0]
    assert participation["display_name"] == NAME
    assert participation["listed_publicly_text"]  # the consent's wording version
    assert data["exports"]["exports_requested"][0]["kind"] == "x"
    assert {"directory", "partnerships", "content", "monitoring", "notifications"} <= set(data)
    # The API gives the same, to the token's owner only.
    key = services.create_api_token(user=cast.sme_member, name="read", scope="read").key
    api = client.get("/api/v1/accounts/me/data", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 200
    assert api.json()["marketplace"] == data["marketplace"]
    assert Client().get(reverse("accounts:personal_data")).status_code == 302  # to log in


def test_deleting_the_account_keeps_contributions_and_nothing_personal(
    cast: Cast, client: Client
) -> None:
    made = _contributions(cast)
    email = cast.sme_member.email
    assert _rows_naming(email, NAME)  # the test can see them before
    client.login(email=email, password=PASSWORD)
    refused = client.post(reverse("accounts:erase_account"), {"password": "wrong"})
    assert refused.status_code == 400
    assert User.objects.filter(email=email).exists()
    response = client.post(reverse("accounts:erase_account"), {"password": PASSWORD})
    assert response.status_code == 302
    # Nothing in the whole database names the person any more.
    assert _rows_naming(email, NAME) == []
    # Their contributions are still there, for the partnership, under no name.
    need = Opportunity.objects.get(pk=made["need"].pk)
    assert need.created_by is None
    interest = ExpressionOfInterest.objects.get(pk=made["interest"].pk)
    assert interest.author is None
    comment = Comment.objects.get(pk=made["comment"].pk)
    assert (comment.author_id, comment.author_name) == (None, "Former member")
    participant = Participant.objects.get(pk=made["participant"].pk)
    assert participant.display_name == "Former member"
    assert participant.profile == ""
    assert participant.listed_publicly is False
    # The personal rows are gone, the account is a placeholder nobody can use.
    former = User.objects.get(pk=cast.sme_member.pk)
    assert former.is_active is False
    assert former.has_usable_password() is False
    assert not OrganisationMembership.objects.filter(user=former).exists()
    assert not ApiToken.objects.filter(user=former).exists()
    assert not Follow.objects.filter(user=former).exists()
    assert not Export.objects.filter(requested_by=former).exists()
    # Signed out, and cannot sign in again.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not Client().login(email=email, password=PASSWORD)


def test_the_api_erases_with_the_password_and_a_write_token(cast: Cast) -> None:
    client = Client()
    read = services.create_api_token(user=cast.outsider, name="r", scope="read").key
    write = services.create_api_token(user=cast.outsider, name="w", scope="write").key
    url = "/api/v1/accounts/me/erasure"
    body = {"password": PASSWORD}
    headers = {"Authorization": f"Bearer {read}"}
    refused = client.post(url, body, content_type="application/json", headers=headers)
    assert refused.status_code == 403
    headers = {"Authorization": f"Bearer {write}"}
    wrong = client.post(url, {"password": "nope"}, content_type="application/json", headers=headers)
    assert wrong.status_code == 400
    assert "password" in wrong.json()["errors"]
    done = client.post(url, body, content_type="application/json", headers=headers)
    assert done.status_code == 204
    assert _rows_naming(cast.outsider.email) == []
    assert client.get("/api/v1/accounts/me", headers=headers).status_code == 401
