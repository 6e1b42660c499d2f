"""A refused validation and a review's decision read in the reader's language: the reviewer's
on the review page, each cluster manager's own in the e-mail telling them of the decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.directory import services
from crosscluster.directory.tests.factories import make_valid_cluster
from tests.cast import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)


def _members_fix(language: str, count: int = 9) -> tuple[str, str]:
    """The "Committed members" criterion's label and fix, as the catalogue words them."""
    with translation.override(language):
        return gettext("Committed members"), ngettext(
            "Add %(count)d more member organisation to the cluster's profile.",
            "Add %(count)d more member organisations to the cluster's profile.",
            count,
        ) % {"count": count}


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_review_page_words_the_refusal_in_the_reviewers_language(
    cast, client: Client, language: str
) -> None:
    label, fix = _members_fix(language)
    assert fix != _members_fix("en")[1]  # the catalogue has it: the test can tell
    client.login(email=cast.administrator.email, password=PASSWORD)
    with translation.override(language):
        page = reverse("directory:review", args=[cast.cluster.slug])
    response = client.post(page, {"decision": "validated"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{label}: {fix}" in html
    assert "Add 9 more member organisations" not in html  # not the engine's English


def test_each_manager_reads_the_refusal_in_their_own_language(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast.coordinator.language = "de"  # a manager of cast.cluster
    cast.coordinator.save(update_fields=["language"])
    french = make_user("gestionnaire@example.eu", language="fr")
    OrganisationMembership.objects.create(user=french, organisation=cast.cluster, role="manager")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.review_cluster(
            reviewer=cast.administrator,
            cluster=cast.cluster,
            decision="rejected",
            comment="Bitte Mitglieder eintragen.",
            now=NOW,
        )
    by_recipient = {tuple(message.to): message for message in mailoutbox}
    assert set(by_recipient) == {(cast.coordinator.email,), (french.email,)}
    for address, language in ((cast.coordinator.email, "de"), (french.email, "fr")):
        message = by_recipient[(address,)]
        label, fix = _members_fix(language)
        with translation.override(language):
            decision = gettext("%(name)s was not validated.") % {"name": cast.cluster.name}
        assert message.subject == decision.removesuffix(".")
        assert f"- {label}: {fix}" in message.body
        assert "Bitte Mitglieder eintragen." in message.body  # the reviewer's own words
        assert f"/{language}/" in message.body  # the profile's address in their language
        assert "Add 9 more member organisations" not in message.body


def test_a_validation_tells_the_managers_until_when(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cluster = make_valid_cluster()
    manager = make_user("valid-manager@example.eu", language="de")
    OrganisationMembership.objects.create(user=manager, organisation=cluster, role="manager")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_cluster(
            reviewer=cast.administrator, cluster=cluster, decision="validated", comment="", now=NOW
        )
    (message,) = mailoutbox
    assert message.to == [manager.email]
    assert "14. März 2026" in message.body
    assert "- " not in message.body  # no criterion to fix
