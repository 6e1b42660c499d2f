"""A verified e-mail address before publishing on the marketplace or registering for a B2B
session (issue 11): pages and API refuse with a 403 that names the address and the way to
verify it; nothing is written; once the link is opened, both work."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.brokerage.models import Participant
from crosscluster.brokerage.tests.factories import make_session
from crosscluster.marketplace.models import Opportunity, OpportunityStatus
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.cast import Cast

pytestmark = pytest.mark.django_db

EMAIL = "newcomer@vision-systems.example"
PASSWORD = "a long passphrase for the newcomer"


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    """allauth sends one confirmation mail per address per few minutes (its rate limit, in the
    cache): each test signs the same address up afresh."""
    from django.core.cache import cache

    cache.clear()


def sign_up(client: Client) -> User:
    """A person signs up through the site's own form and works for the cast's SME."""
    response = client.post(
        reverse("account_signup"), {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    user = User.objects.get(email=EMAIL)
    return user


def join_sme(cast: Cast, user: User) -> None:
    OrganisationMembership.objects.create(user=user, organisation=cast.sme, role="member")


def open_verification_link(client: Client) -> None:
    [message] = [m for m in mail.outbox if EMAIL in m.to]
    link = re.search(
        r"https?://testserver(/\S*/accounts/confirm-email/\S+|/accounts/confirm-email/\S+)",
        message.body,
    )
    assert link is not None, message.body
    response = client.post(link.group(1))
    assert response.status_code == 302


def test_publishing_needs_a_verified_address_on_the_page_and_in_the_api(
    cast: Cast, token_for
) -> None:
    client = Client()
    user = sign_up(client)
    join_sme(cast, user)
    draft = make_opportunity(user=user, owner=cast.sme, publish=False)  # drafts are fine

    page = client.post(reverse("marketplace:opportunity_publish", args=[draft.pk]))
    assert page.status_code == 403
    text = page.content.decode()
    assert f"Verify your e-mail address {EMAIL} before you publish" in text
    assert f'href="{reverse("account_email")}"' in text  # where the link is sent again

    token = token_for(user)
    answer = Client().post(
        f"/api/v1/marketplace/opportunities/{draft.pk}/publish", HTTP_AUTHORIZATION=token
    )
    assert answer.status_code == 403
    assert EMAIL in answer.json()["detail"]
    assert "/accounts/email/" in answer.json()["detail"]
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (OpportunityStatus.DRAFT, None)

    open_verification_link(client)
    published = Client().post(
        f"/api/v1/marketplace/opportunities/{draft.pk}/publish", HTTP_AUTHORIZATION=token
    )
    assert published.status_code == 200, published.content
    assert Opportunity.objects.get(pk=draft.pk).status == OpportunityStatus.PUBLISHED


def test_registering_for_a_b2b_session_needs_a_verified_address(cast: Cast, token_for) -> None:
    session = make_session(cast)
    client = Client()
    user = sign_up(client)
    join_sme(cast, user)
    form = {"organisation": cast.sme.pk, "display_name": "Nora"}

    page = client.post(reverse("brokerage:register", args=[session.pk]), form)
    assert page.status_code == 403
    assert f"Verify your e-mail address {EMAIL} before you register" in page.content.decode()
    body = {"organisation_id": cast.sme.pk, "display_name": "Nora"}
    answer = Client().post(
        f"/api/v1/brokerage/sessions/{session.pk}/participants",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(user),
    )
    assert answer.status_code == 403
    assert EMAIL in answer.json()["detail"]
    assert not Participant.objects.exists()

    open_verification_link(client)
    assert client.post(reverse("brokerage:register", args=[session.pk]), form).status_code == 302
    assert Participant.objects.get().user == user


def test_no_gate_when_the_site_verifies_no_address(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    client = Client()
    user = sign_up(client)
    join_sme(cast, user)
    opportunity = make_opportunity(user=user, owner=cast.sme)  # published at once
    assert opportunity.status == OpportunityStatus.PUBLISHED


def test_accounts_made_by_an_administrator_are_vouched_for(cast: Cast) -> None:
    # The cast's people were made by a script (no address record), as `createsuperuser` or the
    # admin make them: whoever made them vouched for the address.
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    assert opportunity.status == OpportunityStatus.PUBLISHED


def test_an_address_added_later_must_be_verified_too(cast: Cast) -> None:
    """Someone verified who then signs in with a new, unverified address is asked again."""
    from allauth.account.models import EmailAddress

    client = Client()
    user = sign_up(client)
    open_verification_link(client)
    join_sme(cast, user)
    new = "nora@new-domain.example"
    EmailAddress.objects.create(user=user, email=new, verified=False, primary=False)
    user.email = new
    user.save()
    draft = make_opportunity(user=user, owner=cast.sme, publish=False)
    assert (
        client.post(reverse("marketplace:opportunity_publish", args=[draft.pk])).status_code == 403
    )
