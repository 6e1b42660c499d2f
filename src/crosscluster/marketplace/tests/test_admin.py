"""The admin lists every marketplace model for administrators."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.marketplace.tests.helpers import make_opportunity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "opportunity",
        "expressionofinterest",
        "matchsuggestion",
        "matchfeedback",
        "follow",
    ],
)
def test_admin_changelists_load(cast, model):  # type: ignore[no-untyped-def]
    make_opportunity(user=cast.sme_member, owner=cast.sme)
    client = Client()
    client.force_login(cast.administrator)
    assert client.get(reverse(f"admin:marketplace_{model}_changelist")).status_code == 200


def test_the_admin_is_closed_to_members(cast):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cast.sme_member)
    response = client.get(reverse("admin:marketplace_opportunity_changelist"))
    assert response.status_code == 302
