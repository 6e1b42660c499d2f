"""The event form's time zone picker in the reader's language (qa5: it listed raw IANA ids,
"Africa/Abidjan" first): zones named by ICU's exemplar city and generic name with their UTC
offset, Europe's first; the submitted value stays the IANA id."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.events.models import Event
from crosscluster.events.tests.test_permissions import event_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "berlin"),
    [
        ("de", "(UTC+01:00) Berlin – Mitteleuropäische Zeit"),  # noqa: RUF001
        ("fr", "(UTC+01:00) Berlin – heure d’Europe centrale"),  # noqa: RUF001
    ],
)
def test_the_zones_are_named_in_the_readers_language_europe_first(
    cast, client: Client, language: str, berlin: str
) -> None:
    client.force_login(cast.coordinator)
    url = f"/{language}" + reverse("events:create", args=[cast.partnership.slug])
    page = client.get(url).content.decode()
    select = re.search(r'<select name="timezone".*?</select>', page, re.S)
    assert select
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select.group(0))
    labels = dict(options)
    assert labels["Europe/Berlin"] == berlin
    assert "Africa/Abidjan" not in {label for _, label in options}
    groups = re.findall(r'<optgroup label="([^"]+)"', select.group(0))
    assert len(groups) > 5
    assert options[1][0].startswith("Europe/")  # after UTC, Europe's zones
    # the value posted is still the IANA id
    response = client.post(url, event_form(timezone="Europe/Berlin"))
    assert response.status_code == 302
    assert Event.objects.get().timezone == "Europe/Berlin"
