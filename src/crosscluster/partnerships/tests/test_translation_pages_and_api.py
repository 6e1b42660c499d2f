"""Coordinators write a partnership's texts in the partners' other languages, on a page and
through the API (issue 14); others cannot, a language that is not offered is refused by name,
and readers get the translation, or the original with the "written in" note."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from crosscluster.accounts.services import create_api_token
from crosscluster.partnerships.models import PartnershipTranslation
from tests.cast import Cast

pytestmark = pytest.mark.django_db

PAGE = "/partnerships/test-alliance/translations/"
API = "/api/v1/partnerships/test-alliance/translations"


def _english(cast: Cast) -> None:
    cast.partnership.language = "en"
    cast.partnership.save()


def _bearer(user: object, scope: str = "write") -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(user=user, name='t', scope=scope).key}"}  # type: ignore[arg-type]


def test_a_coordinator_lists_translates_and_removes_on_the_page(cast: Cast) -> None:
    _english(cast)
    client = Client()
    client.force_login(cast.coordinator)
    detail = client.get("/partnerships/test-alliance/").content.decode()
    assert f'href="{PAGE}"' in detail  # the coordinators' toolbar links to it
    listing = client.get(PAGE).content.decode()
    for code in ("pt", "es", "fr", "it", "de", "sv"):
        assert f'href="{PAGE}{code}/"' in listing
    assert f'href="{PAGE}en/"' not in listing  # the original's own language is not offered
    form = client.get(f"{PAGE}de/").content.decode()
    assert '<div lang="en"><p>A partnership for <strong>testing</strong>.' in form
    assert 'lang="de"' in form  # the text areas say which language is written in them
    response = client.post(
        f"{PAGE}de/", {"summary": "Eine Partnerschaft zum **Testen**.", "results_expected": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == PAGE
    german = Client().get("/de/partnerships/test-alliance/").content.decode()
    assert '<div lang="de"><p>Eine Partnerschaft zum <strong>Testen</strong>.' in german
    assert "Geschrieben auf" not in german
    assert "Eine Partnerschaft" in client.get(f"{PAGE}de/").content.decode()  # kept for editing
    # emptying the summary removes it; German readers see the original with the note again
    client.post(f"{PAGE}de/", {"summary": "", "results_expected": ""})
    assert not PartnershipTranslation.objects.exists()
    german = Client().get("/de/partnerships/test-alliance/").content.decode()
    assert '<div lang="en"><p>A partnership for' in german
    assert "Geschrieben auf Englisch." in german


def test_the_page_in_german_is_in_german(cast: Cast) -> None:
    _english(cast)
    client = Client()
    client.force_login(cast.coordinator)
    page = client.get(f"/de{PAGE}").content.decode()
    assert "Übersetzungen" in page
    assert "Translations" not in page


def test_a_too_long_translation_is_refused_on_the_page_and_nothing_is_saved(
    cast: Cast, settings
) -> None:  # type: ignore[no-untyped-def]
    _english(cast)
    client = Client()
    client.force_login(cast.coordinator)
    response = client.post(f"{PAGE}fr/", {"summary": "x" * 20_001, "results_expected": ""})
    assert response.status_code == 400
    assert "Use at most 20000 characters." in response.content.decode()
    assert not PartnershipTranslation.objects.exists()


@pytest.mark.parametrize("language", ["en", "nl", "xx"])
def test_the_original_language_or_one_not_offered_has_no_page(cast: Cast, language: str) -> None:
    _english(cast)
    client = Client()
    client.force_login(cast.coordinator)
    assert client.get(f"{PAGE}{language}/").status_code == 404


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_reach_the_pages(cast: Cast, who: str) -> None:
    client = Client()
    client.force_login(getattr(cast, who))
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}fr/", {"summary": "x", "results_expected": ""}).status_code == 403
    assert not PartnershipTranslation.objects.exists()
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302  # to sign in


def test_the_api_writes_reads_and_removes_a_translation(cast: Cast) -> None:
    _english(cast)
    client = Client()
    headers = _bearer(cast.coordinator)
    assert Client().get("/api/v1/partnerships/test-alliance").json()["language"] == "en"
    response = client.put(
        f"{API}/it",
        data={"summary": "Un partenariato di prova.", "results_expected": "Risultati."},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["language"] == "it"
    listed = Client().get(API).json()  # public, like the partnership's page
    assert [(row["language"], row["summary"]) for row in listed] == [
        ("it", "Un partenariato di prova.")
    ]
    assert (
        "Un partenariato di prova."
        in Client().get("/it/partnerships/test-alliance/").content.decode()
    )
    assert client.delete(f"{API}/it", headers=headers).status_code == 204
    assert Client().get(API).json() == []
    # an empty summary removes it too
    client.put(
        f"{API}/sv", data={"summary": "Ett test."}, content_type="application/json", headers=headers
    )
    emptied = client.put(
        f"{API}/sv", data={"summary": ""}, content_type="application/json", headers=headers
    )
    assert emptied.status_code == 204
    assert not PartnershipTranslation.objects.exists()


def test_the_api_refuses_a_language_not_offered_by_name_in_the_readers_language(
    cast: Cast,
) -> None:
    _english(cast)
    response = Client().put(
        f"{API}/nl",
        data={"summary": "Een test."},
        content_type="application/json",
        headers={**_bearer(cast.coordinator), "Accept-Language": "de"},
    )
    assert response.status_code == 400
    text = str(response.json())
    assert "language" in text
    assert "nl" in text
    assert "is not offered" not in text  # said in German
    assert not PartnershipTranslation.objects.exists()


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_write_through_the_api(cast: Cast, who: str) -> None:
    _english(cast)
    client = Client()
    headers = _bearer(getattr(cast, who))
    response = client.put(
        f"{API}/fr", data={"summary": "x"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 403
    assert client.delete(f"{API}/fr", headers=headers).status_code == 403
    assert not PartnershipTranslation.objects.exists()
    assert (
        client.put(f"{API}/fr", data={"summary": "x"}, content_type="application/json").status_code
        == 401
    )


@pytest.mark.parametrize(("language", "name"), [("de", "Englisch"), ("fr", "anglais")])
def test_translating_into_the_originals_language_names_it_in_the_readers_language(
    cast: Cast, language: str, name: str
) -> None:
    """qa5: the error read "Die Texte sind auf en geschrieben" (the code, not the name)."""
    _english(cast)
    response = Client().put(
        f"{API}/en",
        data={"summary": "A test."},
        content_type="application/json",
        headers={**_bearer(cast.coordinator), "Accept-Language": language},
    )
    assert response.status_code == 400
    text = str(response.json())
    assert name in text
    assert not re.search(r"\ben( |\\xa0)?:", text)  # the code before the colon
