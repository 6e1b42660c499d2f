"""Choosing a language (issue 14): prefixed addresses, the switcher, Accept-Language, the saved
preference, and the API staying unprefixed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from crosscluster.accounts.models import User
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def test_each_language_has_its_own_address(client: Client) -> None:
    english = client.get("/partnerships/")
    german = client.get("/de/partnerships/")
    assert english.status_code == german.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="de">' in german.content.decode()
    assert german["Content-Language"] == "de"


def test_pages_list_their_other_languages_for_search_engines(client: Client) -> None:
    html = client.get("/de/partnerships/").content.decode()
    site = settings.SITE_URL
    assert f'hreflang="en" href="{site}/partnerships/"' in html
    assert f'hreflang="sv" href="{site}/sv/partnerships/"' in html
    assert f'hreflang="x-default" href="{site}/partnerships/"' in html


def test_accept_language_sends_a_first_visit_to_its_language(client: Client) -> None:
    response = client.get("/partnerships/?page=2", headers={"accept-language": "pt-PT,pt;q=0.9"})
    assert response.status_code == 302
    assert response["Location"] == "/pt/partnerships/?page=2"
    assert "Accept-Language" in response["Vary"]


def test_an_english_browser_and_a_crawler_stay_at_the_unprefixed_address(client: Client) -> None:
    assert client.get("/partnerships/").status_code == 200
    assert client.get("/partnerships/", headers={"accept-language": "en-GB"}).status_code == 200


def test_probes_are_never_redirected(client: Client) -> None:
    response = client.get("/healthz", headers={"accept-language": "de"})
    assert response.status_code == 200


def test_the_switcher_keeps_the_page_and_remembers_the_choice(client: Client) -> None:
    response = client.post("/language/", {"language": "fr", "next": "/de/partnerships/?q=x"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/partnerships/?q=x"
    assert client.cookies["language"].value == "fr"
    # the cookie now decides at an unprefixed address, over the browser's language
    response = client.get("/partnerships/", headers={"accept-language": "de"})
    assert response["Location"] == "/fr/partnerships/"
    # and back to English
    response = client.post("/language/", {"language": "en", "next": "/fr/partnerships/"})
    assert response["Location"] == "/partnerships/"
    assert client.get("/partnerships/", headers={"accept-language": "de"}).status_code == 200


def test_every_page_has_the_switcher(client: Client, cast: Cast) -> None:
    html = client.get(f"/it/partnerships/{cast.partnership.slug}/").content.decode()
    assert 'action="/language/"' in html
    assert 'name="next" value="/it/partnerships/test-alliance/"' in html
    for code in ("en", "pt", "es", "fr", "it", "de", "sv"):
        assert f'name="language" value="{code}" lang="{code}"' in html
    assert 'value="it" lang="it" aria-current="true">italiano</button>' in html


def test_a_signed_in_choice_is_saved_on_the_profile_and_followed(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.sme_member)
    client.post("/language/", {"language": "sv", "next": "/partnerships/"})
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.language == "sv"
    fresh = Client()  # another browser, no cookie, an English Accept-Language
    fresh.force_login(cast.sme_member)
    response = fresh.get("/partnerships/", headers={"accept-language": "en"})
    assert response["Location"] == "/sv/partnerships/"


def test_an_unoffered_language_changes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.sme_member)
    client.post("/language/", {"language": "nl", "next": "/partnerships/"})
    assert User.objects.get(pk=cast.sme_member.pk).language == ""


def test_the_profile_form_saves_the_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.sme_member)
    client.post("/me/", {"full_name": "Ana", "timezone": "", "language": "pt"})
    assert User.objects.get(pk=cast.sme_member.pk).language == "pt"
    response = client.post("/me/", {"full_name": "Ana", "timezone": "", "language": "xx"})
    assert response.status_code == 200  # the form says what is wrong
    assert User.objects.get(pk=cast.sme_member.pk).language == "pt"


def test_the_api_stays_unprefixed_and_answers_in_the_requested_language(client: Client) -> None:
    assert client.get("/de/api/v1/partnerships/").status_code == 404
    response = client.get("/api/v1/partnerships/", headers={"accept-language": "de"})
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
