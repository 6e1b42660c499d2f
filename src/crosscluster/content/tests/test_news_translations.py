"""A news post's title and text in the partners' other languages (issue 14): written by the
partnership's coordinators on a page and through the API; readers see their language's version
marked with ``lang``, else the original with the "written in" note."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.content import services
from crosscluster.content.models import NewsPost, NewsTranslation
from crosscluster.content.tests.helpers import make_news
from tests.cast import Cast

pytestmark = pytest.mark.django_db

DETAIL = "/content/test-alliance/news/{slug}/"
PAGE = "/content/test-alliance/news/{slug}/translations/"


def _post(cast: Cast) -> NewsPost:
    post = make_news(cast.partnership)
    post.language = "en"
    post.save()
    return post


def test_a_coordinator_translates_on_the_page_and_german_readers_see_it(cast: Cast) -> None:
    post = _post(cast)
    page = PAGE.format(slug=post.slug)
    client = Client()
    client.force_login(cast.coordinator)
    assert f'href="{page}"' in client.get(DETAIL.format(slug=post.slug)).content.decode()
    listing = client.get(page).content.decode()
    for code in ("pt", "es", "fr", "it", "de", "sv"):
        assert f'href="{page}{code}/"' in listing
    assert f'href="{page}en/"' not in listing  # the original's language
    form = client.get(f"{page}de/").content.decode()
    assert 'lang="de"' in form
    assert "travelled" in form
    response = client.post(
        f"{page}de/",
        {"title": "DIA ist Botschafter-Cluster", "body": "Die Partnerschaft **reiste**."},
    )
    assert response.status_code == 302
    assert response["Location"] == page
    german = Client().get("/de" + DETAIL.format(slug=post.slug)).content.decode()
    assert '<article class="news-post" lang="de">' in german
    assert "<h1>DIA ist Botschafter-Cluster</h1>" in german
    assert (
        '<div class="news-body" lang="de"><p>Die Partnerschaft <strong>reiste</strong>.' in german
    )
    assert "Geschrieben auf" not in german
    listing = Client().get("/de/content/test-alliance/news/").content.decode()
    assert '<article class="news-item" aria-labelledby="news-1" lang="de">' in listing.replace(
        f"news-{post.pk}", "news-1"
    )
    assert "DIA ist Botschafter-Cluster</a></h2>" in listing
    assert '<p lang="de">Die Partnerschaft reiste.</p>' in listing
    french = Client().get("/fr" + DETAIL.format(slug=post.slug)).content.decode()
    assert '<article class="news-post" lang="en">' in french
    assert "Rédigé en " in french  # the note, from the French catalogue


def _in_german(cast: Cast, title: str) -> NewsPost:
    """A post written in English with its German translation."""
    post = _post(cast)
    services.translate_news(
        user=cast.coordinator,
        post=post,
        language="de",
        texts={"title": title, "body": "Text auf Deutsch."},
    )
    return post


def test_a_changed_original_shows_until_the_translation_is_updated(cast: Cast) -> None:
    post = _in_german(cast, "Titel")
    services.update_news(
        user=cast.coordinator, post=post, changes=services.NewsChanges(body_markdown="New text.")
    )
    german = Client().get("/de" + DETAIL.format(slug=post.slug)).content.decode()
    assert "<h1>Titel</h1>" in german  # the title did not change: still translated
    assert "Text auf Deutsch." not in german
    assert "New text." in german
    client = Client()
    client.force_login(cast.coordinator)
    page = PAGE.format(slug=post.slug)
    assert "The original changed since" in client.get(page).content.decode()


def test_a_title_is_required_and_bad_input_writes_nothing(cast: Cast) -> None:
    post = _post(cast)
    client = Client()
    client.force_login(cast.coordinator)
    page = PAGE.format(slug=post.slug)
    response = client.post(f"{page}fr/", {"title": "", "body": "Un texte."})
    assert response.status_code == 400
    assert "Translate this text too" in response.content.decode()
    response = client.post(f"{page}fr/", {"title": "x" * 201, "body": ""})
    assert response.status_code == 400
    assert "Use at most 200 characters." in response.content.decode()
    assert not NewsTranslation.objects.exists()
    assert client.get(f"{page}en/").status_code == 404  # the original's own language
    assert client.get(f"{page}nl/").status_code == 404


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_reach_the_page(cast: Cast, who: str) -> None:
    post = _post(cast)
    client = Client()
    client.force_login(getattr(cast, who))
    page = PAGE.format(slug=post.slug)
    assert client.get(page).status_code == 403
    assert client.post(f"{page}fr/", {"title": "x", "body": ""}).status_code == 403
    assert not NewsTranslation.objects.exists()
    assert Client().get(page).status_code == 302  # to sign in


def test_the_api_writes_lists_and_removes(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    post = _post(cast)
    api = f"/api/v1/content/news/{post.pk}/translations"
    headers = {"Authorization": token_for(cast.coordinator)}
    assert Client().get(f"/api/v1/content/news/{post.pk}").json()["language"] == "en"
    response = Client().put(
        f"{api}/it",
        data={"texts": {"title": "Notizia", "body": "Testo."}},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["texts"] == {"title": "Notizia", "body": "Testo."}
    assert response.json()["outdated"] == []
    listed = Client().get(api).json()  # public, like the post
    assert [(row["language"], row["texts"]["title"]) for row in listed] == [("it", "Notizia")]
    assert Client().delete(f"{api}/it", headers=headers).status_code == 204
    assert Client().get(api).json() == []
    emptied = Client().put(
        f"{api}/it", data={"texts": {}}, content_type="application/json", headers=headers
    )
    assert emptied.status_code == 204


def test_the_api_refuses_unknown_texts_and_languages_by_name(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    post = _post(cast)
    api = f"/api/v1/content/news/{post.pk}/translations"
    headers = {"Authorization": token_for(cast.coordinator)}
    response = Client().put(
        f"{api}/de",
        data={"texts": {"title": "Titel", "summary": "Zusammenfassung"}},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert "summary" in response.json()["errors"]
    response = Client().put(
        f"{api}/nl",
        data={"texts": {"title": "Titel"}},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert "language" in response.json()["errors"]
    assert not NewsTranslation.objects.exists()


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_write_through_the_api(cast: Cast, who: str, token_for) -> None:  # type: ignore[no-untyped-def]
    post = _post(cast)
    api = f"/api/v1/content/news/{post.pk}/translations"
    headers = {"Authorization": token_for(getattr(cast, who))}
    response = Client().put(
        f"{api}/fr",
        data={"texts": {"title": "x"}},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert Client().delete(f"{api}/fr", headers=headers).status_code == 403
    assert not NewsTranslation.objects.exists()


def test_the_partnership_pages_latest_news_shows_the_readers_translation(cast: Cast) -> None:
    post = _in_german(cast, "DIA ist Botschafter-Cluster")
    link = DETAIL.format(slug=post.slug)
    german = Client().get("/de/partnerships/test-alliance/").content.decode()
    assert f'href="/de{link}" lang="de">DIA ist Botschafter-Cluster</a>' in german
    french = Client().get("/fr/partnerships/test-alliance/").content.decode()
    assert f'href="/fr{link}" lang="en">{post.title}</a>' in french
    assert "DIA ist Botschafter-Cluster" not in french
    # the original changed since: shown as written to the German reader too
    services.update_news(
        user=cast.coordinator, post=post, changes=services.NewsChanges(title="A new title")
    )
    german = Client().get("/de/partnerships/test-alliance/").content.decode()
    assert f'href="/de{link}" lang="en">A new title</a>' in german


def test_the_language_is_named_as_each_language_writes_it_in_a_sentence(cast: Cast) -> None:
    """qa4: French, Spanish and Italian write a language's name in lower case inside a
    sentence ("Rédigé en anglais.", was "Rédigé en Anglais."; "Redactado en inglés."); German capitalises it; the
    translations page's rows name each language alone, capitalised, in the reader's
    language (not marked as written in that language)."""
    post = _post(cast)
    detail = DETAIL.format(slug=post.slug)
    assert "Rédigé en anglais." in Client().get("/fr" + detail).content.decode()
    assert "Redactado en inglés." in Client().get("/es" + detail).content.decode()
    assert "Scritto in inglese." in Client().get("/it" + detail).content.decode()
    assert "Geschrieben auf Englisch." in Client().get("/de" + detail).content.decode()
    client = Client()
    client.force_login(cast.coordinator)
    rows = client.get("/fr" + PAGE.format(slug=post.slug)).content.decode()
    assert '<th scope="row">Allemand</th>' in rows
    assert "Les textes sont rédigés en anglais." in rows
