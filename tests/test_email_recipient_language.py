"""The directory's e-mails and the invitations to an organisation are written in the
recipient's language (issue 14): the saved language of the account an address belongs to,
else the language the sender chose for the invitation (default: the one they read in)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from crosscluster.accounts import services
from crosscluster.directory.models import OrganisationClaim, RequestStatus
from crosscluster.directory.services import mail as directory_mail
from tests.cast import Cast, make_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def _invite(cast: Cast, email: str, language: str = "") -> None:
    with translation.override("fr"):  # the manager reads French
        services.invite_colleague(
            inviter=cast.outsider,  # a manager of other_sme
            organisation_id=cast.other_sme.pk,
            email=email,
            role="member",
            now=NOW,
            language=language,
        )


def test_an_invitation_is_in_the_saved_language_of_the_addresss_account(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    make_user("ingrid@example.se", language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cast, "Ingrid@example.se", language="it")
    (message,) = mail.outbox
    assert message.subject == f"Du är inbjuden att gå med i {cast.other_sme.name} på crosscluster"
    assert "bjuder in dig" in message.body


def test_an_invitation_to_a_new_address_is_in_the_chosen_language_else_the_senders(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cast, "nuovo@example.it", language="it")
        _invite(cast, "nouveau@example.fr")
    italian, french = mail.outbox
    assert italian.subject == f"È invitato a unirsi a {cast.other_sme.name} su crosscluster"
    assert "Accetti entro 14 giorni" in italian.body
    assert french.subject == f"Vous êtes invité à rejoindre {cast.other_sme.name} sur crosscluster"
    with pytest.raises(Exception, match="xx"):
        _invite(cast, "other@example.eu", language="xx")


def test_a_directory_email_goes_to_each_recipient_in_their_language(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cast.sme_member.language = "de"
    cast.sme_member.save(update_fields=["language"])
    claim = OrganisationClaim.objects.create(
        organisation=cast.other_sme,
        claimant=cast.sme_member,
        status=RequestStatus.APPROVED,
        created_at=NOW,
        decided_at=NOW,
    )
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        directory_mail.claim_decided(claim)
    (message,) = mail.outbox
    assert message.subject == f"Ihr Anspruch auf {cast.other_sme.name} wurde genehmigt"
    assert "Your claim" not in message.body
