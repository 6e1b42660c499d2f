"""Country names in the reader's language on the directory's pages and in its country filter
(issue 13: "Germany" in every language)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.directory.models import Country
from crosscluster.directory.tests.factories import organisation


@pytest.mark.django_db
def test_the_directory_names_countries_in_the_pages_language(client: Client) -> None:
    germany, _ = Country.objects.get_or_create(
        iso2="DE", defaults={"iso3": "DEU", "name": "Germany", "region": "Western Europe"}
    )
    organisation("Fraunhofer Test", country=germany)
    with translation.override("fr"):  # (restores English after the French request)
        url = reverse("directory:search")
        # (The search box's example is a string of the catalogue, checked with the translations.)
        page = re.sub(r'placeholder="[^"]*"', "", client.get(url).content.decode())
    assert url.startswith("/fr/")
    # The result's country and the country filter's label.
    assert page.count("Allemagne") >= 2
    assert "Germany" not in page
    english = Client().get(reverse("directory:search")).content.decode()
    assert "Germany" in english
    assert "Allemagne" not in english
    assert str(germany) == "Germany"
