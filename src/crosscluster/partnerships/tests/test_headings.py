"""The partnership page's headings read differently in every language: its events section was
"Upcoming events" above the week and "Next events" above the list, both "Próximos eventos" in
Portuguese and Spanish, "Prossimi eventi" in Italian and "Kommande evenemang" in Swedish."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[str]:
    found = re.findall(r"<h([1-3])[^>]*>(.*?)</h\1>", html, flags=re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for _level, text in found]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_two_headings_of_the_partnership_page_read_the_same(
    cast, client: Client, language: str
) -> None:
    with translation.override(language):
        address = reverse("partnerships:detail", args=[cast.partnership.slug])
    html = client.get(address).content.decode()
    found = headings(html)
    assert len(found) >= 5, found
    assert [text for text, count in Counter(found).items() if count > 1] == []
