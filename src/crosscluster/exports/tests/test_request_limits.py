"""Asking for documents is rate-limited per person, the page and the API together (429 with
Retry-After), and a visitor by address; nothing is queued for a refused request."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.exports.models import Export
from crosscluster.exports.tests.test_exports import ask, echo_kind  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _api_ask(client: Client, token: str, subject: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/exports",
        {"kind": "tests.echo", "subject": subject, "format": "pdf"},
        content_type="application/json",
        headers={"Authorization": token},
    )


def test_requests_are_limited_per_person_on_the_page_and_the_api_together(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.sme_member)
    client.force_login(cast.sme_member)
    for number in range(60):
        if number % 2:
            assert _api_ask(Client(), token, "private-plan").status_code == 202
        else:
            assert ask(client, "private-plan").status_code == 302
    queued = Export.objects.count()
    refused = _api_ask(Client(), token, "private-plan")
    assert refused.status_code == 429
    page = ask(client, "private-plan")
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert Export.objects.count() == queued
    # Someone else is not held back by it.
    other = Client()
    other.force_login(cast.outsider)
    assert ask(other, "public-plan").status_code == 302


def test_a_visitor_is_limited_by_address(client: Client) -> None:
    for _ in range(60):
        assert ask(client, "public-plan").status_code == 302
    assert ask(client, "public-plan").status_code == 429
    assert ask(Client(REMOTE_ADDR="192.0.2.7"), "public-plan").status_code == 302
