"""The header's link to the account page is short words in the reader's language (a long e-mail
address pushed the signed-in menu onto a third line at 1,280 px); the address stays in the
link's accessible name, so a screen reader still says who is signed in."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "words"), [("", "Your account"), ("/de", "Ihr Konto")])
def test_the_account_link_is_named_in_words_with_the_address_for_screen_readers(
    cast: Cast, client: Client, prefix: str, words: str
) -> None:
    client.force_login(cast.sme_member)
    html = client.get(f"{prefix}/desk/").content.decode()
    header = html.split("</header>")[0]
    link = re.search(r'<a href="[^"]*/me/"[^>]*>(.*?)</a>', header)
    assert link, header
    email = cast.sme_member.email
    assert link.group(1) == f'{words}<span class="visually-hidden"> ({email})</span>'
    visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", header)
    assert email not in visible


def test_the_account_link_is_the_current_page_on_the_account_page(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.sme_member)
    header = client.get("/me/").content.decode().split("</header>")[0]
    assert re.search(r'<a href="/me/" aria-current="page">Your account', header), header
