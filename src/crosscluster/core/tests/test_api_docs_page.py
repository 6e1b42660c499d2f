"""The API's documentation page links back to the site (issue 13: it was a dead end)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_api_docs_page_has_the_site_s_bar(client: Client) -> None:
    response = client.get(reverse("api-1.0.0:openapi-view"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a class="api-docs-home" href="/">' in page
    assert f'href="{reverse("partnerships:list")}"' in page
    assert 'id="swagger-ui"' in page  # still the documentation
    assert "<script>" not in page  # no inline script (the CSP allows none)
