"""The ranking options' submit button is a verb: it was the "Rank" column's msgid, so in every
other language it read as the noun ("Posição", "Rang", "Posizione") beside the table's column."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_ranking_button_is_not_the_rank_column(cast, client: Client, language: str) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    with translation.override(language):
        address = reverse("strategy:ranking", args=[cast.partnership.slug])
    html = client.get(address).content.decode()
    options = html[html.index('class="toolbar ranking-options"') :]
    button = re.search(r'<button class="button" type="submit">(.*?)</button>', options)
    column = re.search(r"<thead><tr>.*?<th scope=\"col\">(.*?)</th>", options, flags=re.DOTALL)
    assert button is not None
    assert column is not None
    assert button.group(1) != column.group(1), (button.group(1), column.group(1))
